"""The target rules against the fields a full describe adds: create-only, calculated and
compound fields, and numbers too small for the vendor's values."""

from __future__ import annotations

from dataclasses import replace

from portal.fieldtypes import SalesforceType
from sync.fields import CatalogueField, catalogue_by_name, compatible_targets, target_problem
from tests.helpers.orgs import describe_of


def _checkbox() -> CatalogueField:
    return CatalogueField(
        name="converted",
        label="Converted",
        sf_type=SalesforceType.CHECKBOX,
        max_length=None,
        choices=(),
        required=False,
        is_integer=False,
        reason=None,
    )


def test_describe_parsing_keeps_digits_calculated_and_compound_names():
    lead, opportunity = describe_of("Lead"), describe_of("Opportunity")

    assert lead.fields["NumberOfEmployees"].digits == 8
    assert lead.fields["City"].compound_field_name == "Address"
    assert lead.fields["Company"].compound_field_name is None
    assert opportunity.fields["ExpectedRevenue"].calculated is True
    assert opportunity.fields["Amount"].calculated is False


def test_a_create_only_field_is_never_offered_since_a_re_export_updates_the_record():
    lead = describe_of("Lead")

    problem = target_problem(_checkbox(), lead.fields["IsConverted"], update=False)
    offered = compatible_targets(_checkbox(), list(lead.fields.values()), update=False)

    assert problem == (
        "IsConverted can be set only when a record is created, but a re-export updates the "
        "record; choose an updateable field."
    )
    assert [t.name for t in offered] == ["IsUnreadByOwner"]


def test_a_calculated_field_is_refused_even_where_describe_calls_it_writable():
    opportunity = describe_of("Opportunity")
    writable = replace(opportunity.fields["ExpectedRevenue"], createable=True, updateable=True)

    problem = target_problem(catalogue_by_name("Opportunity")["amount"], writable, update=False)

    assert problem == "ExpectedRevenue is set by Salesforce and cannot be written."


def test_a_compound_address_is_never_a_target():
    lead = describe_of("Lead")
    street = catalogue_by_name("Lead")["street"]

    offered = [t.name for t in compatible_targets(street, list(lead.fields.values()), update=True)]

    assert "Address" not in offered and "Street" in offered
    assert "cannot go into Address (address)" in str(
        target_problem(street, lead.fields["Address"], update=False)
    )


def test_a_number_field_too_small_for_the_vendor_values_is_refused():
    lead = describe_of("Lead")
    revenue = catalogue_by_name("Lead")["annual_revenue"]

    problem = target_problem(revenue, lead.fields["Latitude"], update=False)
    offered = compatible_targets(revenue, list(lead.fields.values()), update=False)

    assert problem == (
        "Annual revenue has up to 16 digits before the decimal point but Latitude holds only "
        "3; choose a larger number field."
    )
    assert [t.name for t in offered] == ["AnnualRevenue"]
