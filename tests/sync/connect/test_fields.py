"""The exportable field catalogue and the type, length and access rules of a mapping target."""

from __future__ import annotations

from dataclasses import replace

from portal.fieldtypes import SalesforceType
from sync.fields import (
    catalogue_by_name,
    compatible_targets,
    connected_field_name,
    field_catalogue,
    required_targets,
    target_problem,
)
from tests.helpers.orgs import describe_of


def test_catalogue_lists_every_typed_lead_field_with_label_type_length_and_choices():
    fields = catalogue_by_name("Lead")
    assert list(fields)[:3] == ["first_name", "last_name", "title"]
    status = fields["status"]
    assert status.label == "Status"
    assert status.sf_type == SalesforceType.PICKLIST
    assert status.max_length == 40
    assert status.choices == (
        "Open - Not Contacted",
        "Working - Contacted",
        "Closed - Converted",
        "Closed - Not Converted",
    )
    assert fields["last_name"].required is True
    assert fields["first_name"].required is False
    assert fields["number_of_employees"].is_integer is True
    assert fields["annual_revenue"].is_integer is False


def test_catalogue_marks_unsupported_types_with_the_reason():
    fields = catalogue_by_name("Lead")
    assert fields["description"].supported is False
    assert fields["description"].reason == (
        "Text Area (Long) fields cannot be exported by Partner Connect."
    )
    assert fields["owner"].supported is False
    assert fields["email"].supported is True
    assert {f.name for f in field_catalogue("Opportunity") if not f.supported} == {
        "description",
        "account",
        "owner",
    }


def test_text_maps_onto_a_text_field_that_is_long_enough():
    lead = describe_of("Lead")
    fields = catalogue_by_name("Lead")
    assert target_problem(fields["company"], lead.fields["Company"], update=False) is None
    assert target_problem(fields["title"], lead.fields["Title"], update=True) is None


def test_text_longer_than_the_target_is_refused_naming_both_lengths():
    short = replace(describe_of("Lead").fields["Company"], length=100)
    problem = target_problem(catalogue_by_name("Lead")["company"], short, update=False)
    assert problem == (
        "Company holds up to 255 characters but Company holds only 100; choose a longer field "
        "or lengthen it."
    )


def test_incompatible_type_is_refused_with_the_types_that_would_fit():
    lead = describe_of("Lead")
    fields = catalogue_by_name("Lead")
    problem = target_problem(fields["company"], lead.fields["AnnualRevenue"], update=False)
    assert problem == (
        "Company is a Text field and cannot go into AnnualRevenue (currency); choose a field "
        "of type string or textarea."
    )
    assert target_problem(fields["status"], lead.fields["Rating"], update=False) is None
    assert "cannot go into" in str(
        target_problem(fields["status"], lead.fields["Email"], update=False)
    )


def test_number_goes_to_int_only_when_the_vendor_field_is_an_integer():
    lead = describe_of("Lead")
    fields = catalogue_by_name("Lead")
    employees = lead.fields["NumberOfEmployees"]
    assert target_problem(fields["number_of_employees"], employees, update=False) is None
    decimal_number = replace(fields["number_of_employees"], is_integer=False)
    assert "cannot go into NumberOfEmployees (int)" in str(
        target_problem(decimal_number, employees, update=False)
    )


def test_target_must_be_createable_and_updateable_since_a_re_export_updates_the_record():
    lead = describe_of("Lead")
    title = catalogue_by_name("Lead")["title"]
    read_only = replace(lead.fields["Title"], createable=False)
    assert "not createable" in str(target_problem(title, read_only, update=False))
    no_update = replace(lead.fields["Title"], updateable=False)
    assert target_problem(title, no_update, update=False) == (
        "Title can be set only when a record is created, but a re-export updates the record; "
        "choose an updateable field."
    )
    assert target_problem(title, no_update, update=True) == (
        "Title is an update field but Title is not updateable; choose an updateable field."
    )


def test_compatible_targets_offer_only_fields_that_fit():
    lead = describe_of("Lead")
    fields = catalogue_by_name("Lead")
    offered = [
        t.name
        for t in compatible_targets(fields["rating"], list(lead.fields.values()), update=False)
    ]
    # Picklists and long enough text fields; never numbers, dates or read-only system fields.
    assert "Rating" in offered and "Status" in offered and "Company" in offered
    assert "AnnualRevenue" not in offered and "Id" not in offered and "CreatedDate" not in offered
    revenue = compatible_targets(fields["annual_revenue"], list(lead.fields.values()), update=False)
    assert [t.name for t in revenue] == ["AnnualRevenue"]


def test_required_targets_are_createable_not_nillable_and_without_default():
    names = {t.name for t in required_targets(list(describe_of("Lead").fields.values()))}
    assert names == {"LastName", "Company"}
    names = {t.name for t in required_targets(list(describe_of("Opportunity").fields.values()))}
    assert names == {"Name", "CloseDate", "StageName"}


def test_connected_object_holds_standard_targets_in_custom_fields():
    assert connected_field_name("Status") == "Status__c"
    assert connected_field_name("Region__c") == "Region__c"
