"""Mapping services: the vendor's field selection, the partner's mapping and re-validation."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import PartnerRole
from sync.errors import ActionNotPermitted, MappingInvalid
from sync.models import ConnectionStatus, FieldMapping, MappingState, ObjectMapping
from sync.services.mappings.save import (
    mapping_partner_save,
    mapping_revalidate,
    mapping_vendor_save,
)
from tests.factories import PartnerAccountFactory, StaffFactory
from tests.helpers.orgs import describe_of

pytestmark = pytest.mark.django_db

EXPORTED = ["first_name", "last_name", "company", "title", "phone", "status", "rating"]
UPDATES = ["status", "phone"]
STATUSES = [
    "Open - Not Contacted",
    "Working - Contacted",
    "Closed - Converted",
    "Closed - Not Converted",
]
OWNER = "005Dn000001AbcdEFG"


def _rows(**overrides):
    """A valid partner mapping of the Lead fields in EXPORTED; overrides replace rows."""
    rows: dict[str, dict[str, Any]] = {
        "first_name": {"accepted": True, "target_field": "FirstName"},
        "last_name": {"accepted": True, "target_field": "LastName"},
        "company": {"accepted": True, "target_field": "Company"},
        "title": {"accepted": False},
        "phone": {"accepted": True, "target_field": "Phone"},
        "status": {
            "accepted": True,
            "target_field": "Status",
            "picklist_map": {value: value for value in STATUSES},
            "picklist_default": STATUSES[0],
        },
        "rating": {
            "accepted": True,
            "target_field": "Rating",
            "picklist_map": {"Hot": "Hot", "Warm": "Warm"},
            "picklist_default": "Cold",
        },
    }
    rows.update(overrides)
    return [{"field_name": name, **row} for name, row in rows.items()]


@pytest.fixture
def vendor_saved(vendor_admin, connection):
    return mapping_vendor_save(
        actor=vendor_admin,
        connection=connection,
        object_type="Lead",
        exported=EXPORTED,
        update_fields=UPDATES,
    )


@pytest.fixture
def partner_save(partner_admin, vendor_saved, lead_describe):
    def save(rows=None, actor=None, **settings):
        settings.setdefault("default_owner_id", OWNER)
        settings.setdefault("external_id_field", "Vendor_Record_Id__c")
        settings.setdefault("connected_object", "Connected_External_Lead__c")
        settings.setdefault("describe", lead_describe)
        return mapping_partner_save(
            actor=actor or partner_admin.user,
            object_mapping=vendor_saved,
            rows=_rows() if rows is None else rows,
            **settings,
        )

    return save


def _state(mapping: ObjectMapping) -> tuple:
    mapping.refresh_from_db()
    fields = list(
        FieldMapping.objects.filter(object_mapping=mapping)
        .order_by("field_name")
        .values_list(
            "field_name",
            "send_updates",
            "accepted",
            "target_field",
            "picklist_map",
            "picklist_default",
        )
    )
    return (
        mapping.state,
        mapping.default_owner_id,
        mapping.external_id_field,
        mapping.connected_object,
        mapping.partner_saved_at,
        mapping.vendor_saved_at,
        fields,
    )


# -- vendor side --------------------------------------------------------------------------------


def test_vendor_selection_is_saved_with_update_fields_and_waits_for_the_partner(
    vendor_saved, vendor_admin
):
    assert vendor_saved.state == MappingState.SELECTED
    assert vendor_saved.vendor_saved_by == vendor_admin
    assert vendor_saved.connected_object == "Connected_External_Lead__c"
    assert vendor_saved.external_id_field == "Vendor_Record_Id__c"
    assert vendor_saved.last_validation == ["Waiting for the partner admin to map the fields."]
    rows = dict(vendor_saved.fields.values_list("field_name", "send_updates"))
    assert rows == {name: name in UPDATES for name in EXPORTED}


def test_unsupported_type_is_refused_with_its_reason_and_nothing_is_saved(vendor_admin, connection):
    with pytest.raises(MappingInvalid) as refused:
        mapping_vendor_save(
            actor=vendor_admin,
            connection=connection,
            object_type="Lead",
            exported=["last_name", "description", "owner"],
            update_fields=[],
        )
    assert refused.value.problems == {
        "description": (
            "Description: Text Area (Long) fields cannot be exported by Partner Connect."
        ),
        "owner": "Owner: Lookup Relationship fields cannot be exported by Partner Connect.",
    }
    assert not ObjectMapping.objects.exists()
    assert not FieldMapping.objects.exists()


def test_more_than_ten_update_fields_are_refused(vendor_admin, connection):
    names = [
        "first_name", "last_name", "title", "company", "email", "phone", "website", "status",
        "rating", "industry", "lead_source",
    ]  # fmt: skip
    with pytest.raises(MappingInvalid) as refused:
        mapping_vendor_save(
            actor=vendor_admin,
            connection=connection,
            object_type="Lead",
            exported=names,
            update_fields=names,
        )
    assert refused.value.problems == {
        "update_fields": "At most 10 update fields per object; 11 are selected."
    }
    assert not ObjectMapping.objects.exists()


def test_update_fields_must_be_exported(vendor_admin, vendor_saved):
    before = _state(vendor_saved)
    with pytest.raises(MappingInvalid) as refused:
        mapping_vendor_save(
            actor=vendor_admin,
            connection=vendor_saved.connection,
            object_type="Lead",
            exported=["last_name", "company"],
            update_fields=["status"],
        )
    assert refused.value.problems == {
        "status": "Status is an update field, so it must be exported too."
    }
    assert _state(vendor_saved) == before


@pytest.mark.parametrize("who", ["partner_admin", "plain_staff"])
def test_only_vendor_admins_choose_exported_fields(who, partner_admin, connection):
    actor = partner_admin.user if who == "partner_admin" else StaffFactory.create()
    with pytest.raises(ActionNotPermitted):
        mapping_vendor_save(
            actor=actor,
            connection=connection,
            object_type="Lead",
            exported=["last_name"],
            update_fields=[],
        )
    assert not ObjectMapping.objects.exists()


def test_vendor_change_keeps_partner_choices_of_fields_still_exported(
    vendor_admin, partner_save, lead_describe
):
    mapping = partner_save()
    mapping_vendor_save(
        actor=vendor_admin,
        connection=mapping.connection,
        object_type="Lead",
        exported=[*EXPORTED, "industry"],
        update_fields=["status"],
        describe=lead_describe,
    )
    mapping.refresh_from_db()
    assert mapping.state == MappingState.ACTIVE
    rows = {row.field_name: row for row in mapping.fields.all()}
    assert rows["status"].target_field == "Status" and rows["status"].accepted
    assert rows["status"].picklist_map["Closed - Converted"] == "Closed - Converted"
    assert rows["phone"].send_updates is False and rows["phone"].target_field == "Phone"
    assert rows["industry"].accepted is False and rows["industry"].target_field == ""


def test_vendor_change_that_breaks_the_partner_mapping_drops_it_to_selected(
    vendor_admin, partner_save, lead_describe
):
    mapping = partner_save()
    connection = mapping.connection
    connection.credentials_ok = True
    connection.save()
    mapping_vendor_save(
        actor=vendor_admin,
        connection=connection,
        object_type="Lead",
        exported=["first_name", "last_name", "status"],
        update_fields=[],
        describe=lead_describe,
    )
    mapping.refresh_from_db()
    assert mapping.state == MappingState.SELECTED
    assert mapping.last_validation == [
        "Your org requires Company on Lead; map a vendor field to it, or give it a default "
        "value in your org."
    ]
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.PENDING


# -- partner side -------------------------------------------------------------------------------


def test_valid_partner_mapping_turns_active_and_enables_a_tested_connection(partner_save):
    mapping = partner_save()
    connection = mapping.connection
    assert mapping.state == MappingState.ACTIVE
    assert mapping.default_owner_id == OWNER
    assert mapping.last_validation == []
    rows = {row.field_name: row for row in mapping.fields.all()}
    assert rows["title"].accepted is False and rows["title"].target_field == ""
    assert rows["rating"].picklist_map == {"Hot": "Hot", "Warm": "Warm"}
    assert rows["rating"].picklist_default == "Cold"
    connection.refresh_from_db()
    # Credentials have not tested green yet.
    assert connection.status == ConnectionStatus.PENDING


def test_active_mapping_with_green_credentials_enables_the_connection(partner_save, connection):
    connection.credentials_ok = True
    connection.save()
    partner_save()
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.ENABLED


def _refused(partner_save, vendor_saved, **kwargs):
    before = _state(vendor_saved)
    with pytest.raises(MappingInvalid) as refused:
        partner_save(**kwargs)
    assert _state(vendor_saved) == before
    return refused.value.problems


def test_field_the_vendor_does_not_export_cannot_be_accepted(partner_save, vendor_saved):
    rows = [*_rows(), {"field_name": "industry", "accepted": True, "target_field": "Industry"}]
    problems = _refused(partner_save, vendor_saved, rows=rows)
    assert problems == {"industry": "industry is not among the fields the vendor exports."}


def test_incompatible_type_is_refused(partner_save, vendor_saved):
    rows = _rows(phone={"accepted": True, "target_field": "AnnualRevenue"})
    problems = _refused(partner_save, vendor_saved, rows=rows)
    assert problems == {
        "phone": "Phone is a Phone field and cannot go into AnnualRevenue (currency); choose a "
        "field of type phone or string."
    }


def test_target_shorter_than_the_vendor_field_is_refused(partner_save, vendor_saved):
    rows = _rows(company={"accepted": True, "target_field": "State"})
    problems = _refused(partner_save, vendor_saved, rows=rows)
    assert problems["company"] == (
        "Company holds up to 255 characters but State holds only 80; choose a longer field or "
        "lengthen it."
    )


def test_unknown_target_and_a_target_used_twice_are_refused(partner_save, vendor_saved):
    rows = _rows(
        first_name={"accepted": True, "target_field": "Nickname__c"},
        title={"accepted": True, "target_field": "Company"},
    )
    problems = _refused(partner_save, vendor_saved, rows=rows)
    assert problems == {
        "first_name": "Nickname__c is not a field of Lead in your org.",
        "title": "Company already receives Company; each field needs its own.",
    }


def test_picklist_value_mapped_to_a_value_the_org_does_not_have_is_refused(
    partner_save, vendor_saved
):
    status = {
        "accepted": True,
        "target_field": "Status",
        "picklist_map": {"Open - Not Contacted": "New", "Working - Contacted": "Working"},
        "picklist_default": "Open - Not Contacted",
    }
    problems = _refused(partner_save, vendor_saved, rows=_rows(status=status))
    assert problems == {"status": "Status: New, Working is not a value of Status."}


def test_picklist_needs_a_default_among_the_target_values(partner_save, vendor_saved):
    rating = {"accepted": True, "target_field": "Rating", "picklist_map": {"Hot": "Hot"}}
    problems = _refused(partner_save, vendor_saved, rows=_rows(rating=rating))
    assert problems == {
        "rating": "Rating: choose a default value of Rating for values left unmapped."
    }


def test_required_org_fields_left_unmapped_are_named(partner_save, vendor_saved):
    rows = _rows(last_name={"accepted": False}, company={"accepted": False})
    problems = _refused(partner_save, vendor_saved, rows=rows)
    assert problems == {
        "": "Your org requires Company, LastName on Lead; map a vendor field to each, or give "
        "it a default value in your org."
    }


def test_every_problem_is_reported_at_once(partner_save, vendor_saved):
    rows = _rows(phone={"accepted": True, "target_field": "AnnualRevenue"})
    problems = _refused(
        partner_save,
        vendor_saved,
        rows=rows,
        default_owner_id="00Q000000000001",
        external_id_field="Title",
        connected_object="Connected External Lead",
    )
    assert set(problems) == {"phone", "default_owner_id", "external_id_field", "connected_object"}
    assert problems["default_owner_id"].startswith("Enter the 15- or 18-character id of a user")
    assert problems["external_id_field"] == (
        "Lead.Title exists but is not marked External ID and Unique. In Setup > Object Manager > "
        'Lead > Fields & Relationships, edit Title and tick "External ID" and "Unique".'
    )


def test_missing_external_id_field_names_the_field_to_create(partner_save, vendor_saved):
    describe = describe_of(
        "Lead", {"Lead": ["FirstName", "LastName", "Company", "Phone", "Status", "Rating"]}
    )
    problems = _refused(partner_save, vendor_saved, describe=describe)
    assert problems == {
        "external_id_field": "Lead has no field Vendor_Record_Id__c (or the integration user "
        "cannot see it). Create a Text(40) field Vendor_Record_Id__c on Lead, marked External "
        "ID and Unique."
    }


@pytest.mark.parametrize("who", ["member", "other_company_admin", "vendor"])
def test_only_the_companys_partner_admin_maps_fields(
    who, partner_save, vendor_saved, company, member, vendor_admin
):
    actor = {
        "member": lambda: member(company, PartnerRole.EXECUTIVE, can_export=True).user,
        "other_company_admin": lambda: (
            member(PartnerAccountFactory.create(), is_partner_admin=True).user
        ),
        "vendor": lambda: vendor_admin,
    }[who]()
    before = _state(vendor_saved)
    with pytest.raises(ActionNotPermitted):
        partner_save(actor=actor)
    assert _state(vendor_saved) == before


def test_partner_cannot_map_before_the_vendor_chose_fields(
    partner_admin, connection, lead_describe
):
    mapping = ObjectMapping.objects.create(connection=connection, object_type="Lead")
    with pytest.raises(MappingInvalid) as refused:
        mapping_partner_save(
            actor=partner_admin.user,
            object_mapping=mapping,
            rows=[],
            default_owner_id=OWNER,
            external_id_field="Vendor_Record_Id__c",
            connected_object="Connected_External_Lead__c",
            describe=lead_describe,
        )
    assert refused.value.message == "The vendor has not chosen the Lead fields to export yet."
    mapping.refresh_from_db()
    assert mapping.partner_saved_at is None


def test_revalidation_against_a_changed_org_drops_the_mapping_with_reasons(
    partner_save, connection
):
    connection.credentials_ok = True
    connection.save()
    mapping = partner_save()
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.ENABLED
    # The partner deleted the Rating field and made Title required in their org.
    spec = {
        "Lead": [
            "FirstName", "LastName", "Company", "Phone", "Status", "Vendor_Record_Id__c",
            {"name": "Title", "label": "Title", "type": "string", "length": 128, "nillable": False},
        ]
    }  # fmt: skip
    mapping_revalidate(object_mapping=mapping, describe=describe_of("Lead", spec))
    mapping.refresh_from_db()
    assert mapping.state == MappingState.SELECTED
    assert mapping.last_validation == [
        "Rating is not a field of Lead in your org.",
        "Your org requires Title on Lead; map a vendor field to it, or give it a default value "
        "in your org.",
    ]
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.PENDING
    mapping_revalidate(object_mapping=mapping, describe=describe_of("Lead"))
    mapping.refresh_from_db()
    assert mapping.state == MappingState.ACTIVE


def test_field_names_typed_in_another_case_are_saved_as_the_org_spells_them(partner_save):
    rows = _rows(
        first_name={"accepted": True, "target_field": "firstname"},
        phone={"accepted": True, "target_field": "PHONE"},
    )

    mapping = partner_save(rows=rows, external_id_field="vendor_record_id__c")

    state, _, external_id_field, *_, fields = _state(mapping)
    targets = {name: target for name, _, _, target, _, _ in fields}
    assert state == MappingState.ACTIVE
    assert external_id_field == "Vendor_Record_Id__c"
    assert (targets["first_name"], targets["phone"]) == ("FirstName", "Phone")
