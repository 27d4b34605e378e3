"""Partner Connect's kinds extend portal's, one entry per synced Salesforce object."""

from __future__ import annotations

import pytest

from portal.kinds import UnknownKind
from sync.kinds import SYNC_KINDS, sync_kind, sync_kind_for_model, sync_kind_for_slug
from sync.models import ConnectedExternalRecord, ObjectType, RecordMap


def test_every_synced_object_type_has_one_kind_with_its_record_foreign_keys():
    assert {kind.object_type for kind in SYNC_KINDS} == set(ObjectType)
    for kind in SYNC_KINDS:
        assert sync_kind(kind.object_type) is kind
        assert sync_kind(str(kind.object_type.value)) is kind
        assert sync_kind_for_slug(kind.slug) is kind
        assert sync_kind_for_model(kind.model) is kind
        assert kind.connected_object.endswith("__c")
        for holder in (RecordMap, ConnectedExternalRecord):
            assert holder._meta.get_field(kind.record_field).related_model is kind.model
    with pytest.raises(UnknownKind):
        sync_kind("lead")  # the site's slug is not a Salesforce object type
    with pytest.raises(UnknownKind):
        sync_kind_for_slug("Lead")
