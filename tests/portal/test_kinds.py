"""The record kinds are declared once, and each entry agrees with the models and URLs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.kinds import (
    KINDS,
    UnknownKind,
    kind_for_model,
    kind_for_slug,
    listed_kinds,
    shareable_kinds,
)
from portal.models import Contact, Lead, LeadAccess, PartnerEditableField, SavedListView


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.slug)
def test_each_kind_is_found_by_its_slug_and_model_and_has_its_pages(kind):
    assert kind_for_slug(kind.slug) is kind
    assert kind_for_model(kind.model) is kind
    assert reverse(kind.detail_url_name, args=[1])
    if kind.has_list:
        assert reverse(kind.list_url_name)
    for name in kind.search_fields:
        kind.model._meta.get_field(name)


def test_the_access_index_of_a_kind_is_the_one_its_records_are_seen_through():
    assert kind_for_model(Lead).access_model is LeadAccess
    assert kind_for_model(Contact).access_model is None


def test_an_unknown_slug_or_model_is_refused_by_name():
    with pytest.raises(UnknownKind, match="'campaign'"):
        kind_for_slug("campaign")
    with pytest.raises(UnknownKind, match="LeadAccess"):
        kind_for_model(LeadAccess)
    assert issubclass(UnknownKind, ValueError)


def test_the_stored_slugs_are_the_kinds_slugs():
    slugs = {kind.slug for kind in KINDS}
    assert set(SavedListView.ObjectType.values) == {kind.slug for kind in listed_kinds()}
    assert set(PartnerEditableField.ObjectType.values) <= slugs
    assert {kind.slug for kind in shareable_kinds()} == {"lead", "opportunity", "account"}
