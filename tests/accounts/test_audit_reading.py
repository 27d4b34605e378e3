"""The audit trail reads plainly: changed fields by their labels, no reverse relations."""

from __future__ import annotations

import re

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import Membership, PartnerAccount, PartnerRole
from core.audit import audit_fields
from sync.models import Connection, ObjectMapping
from tests.factories import PartnerAccountFactory, StaffFactory
from tests.factories.sync import enabled_connection

pytestmark = pytest.mark.django_db

MANAGER_REPR = re.compile(r"^\w+\.\w+\.None$")


def _entries(model):
    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))


def test_a_new_company_connection_and_mapping_record_only_their_own_columns():
    parent = PartnerAccountFactory.create()
    PartnerAccountFactory.create(parent=parent)
    enabled_connection(partner_account=parent)
    for model in (PartnerAccount, Connection, ObjectMapping):
        entries = list(_entries(model))
        assert entries, model
        for entry in entries:
            fields = set(entry.changes_dict)
            assert not fields & {"children", "memberships", "invitations", "mappings", "fields"}
            for old, new in entry.changes_dict.values():
                assert not MANAGER_REPR.match(str(new)), (model, entry.changes_dict)


def test_every_audited_model_records_concrete_columns_only():
    for model in auditlog.get_models():
        fields = auditlog.get_model_fields(model)["include_fields"]
        concrete = {f.name for f in model._meta.concrete_fields}
        assert fields, f"{model.__name__} is registered without include_fields"
        assert set(fields) <= concrete, model


def test_audit_fields_refuses_a_field_the_model_lacks():
    with pytest.raises(ValueError, match="Membership has no fields"):
        audit_fields(Membership, leave_out=["no_such_field"])


def test_the_log_list_names_changed_fields_by_their_labels(client, company, member):
    membership = member(company, PartnerRole.USER)
    membership.can_export = True
    membership.save()
    client.force_login(StaffFactory.create(is_superuser=True))
    body = client.get(reverse("admin:auditlog_logentry_changelist")).content.decode()
    shown = re.findall(r'class="field-msg_short">(.*?)</td>', body)
    assert "1 change: Export permission" in shown
    created = next(s for s in shown if s.startswith("8 changes:"))
    # PostgreSQL's jsonb keeps its own key order, so the labels are compared as a set.
    labels = set(created.removeprefix("8 changes: ").removesuffix(", …").split(", "))
    assert labels >= {"Id", "User", "Partner account", "Role"}
    assert labels <= {
        "Id",
        "User",
        "Partner account",
        "Role",
        "Super user",
        "Partner admin",
        "Export permission",
        "Active",
    }
    assert created.endswith(", …")
    assert not any("_" in s for s in shown), shown
