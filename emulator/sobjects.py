"""The standard and custom objects every emulated org starts with, field by field as a
Developer Edition org describes them: the writable fields, the read-only ones the platform
sets (audit stamps, conversion, fiscal period, IsClosed/IsWon) and the compound ones (Name,
addresses) that are read through the API and written only through their components."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from emulator.fieldspec import (
    FieldSpec,
    address_fields,
    checkbox_field,
    number_field,
    picklist_field,
    read_only,
    reference_field,
    string_field,
    text_field,
)

LEAD_STATUSES = (
    "Open - Not Contacted",
    "Working - Contacted",
    "Closed - Converted",
    "Closed - Not Converted",
)
RATINGS = ("Hot", "Warm", "Cold")
SALUTATIONS = ("Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "Mx.")
INDUSTRIES = (
    "Agriculture", "Apparel", "Banking", "Biotechnology", "Chemicals", "Communications",
    "Construction", "Consulting", "Education", "Electronics", "Energy", "Engineering",
    "Entertainment", "Environmental", "Finance", "Food & Beverage", "Government", "Healthcare",
    "Hospitality", "Insurance", "Machinery", "Manufacturing", "Media", "Not For Profit", "Other",
    "Recreation", "Retail", "Shipping", "Technology", "Telecommunications", "Transportation",
    "Utilities",
)  # fmt: skip
LEAD_SOURCES = (
    "Advertisement", "Employee Referral", "External Referral", "Partner", "Public Relations",
    "Seminar - Internal", "Seminar - Partner", "Trade Show", "Web", "Word of mouth", "Other",
    "Phone Inquiry", "Partner Referral", "Purchased List",
)  # fmt: skip
STAGES = (
    "Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers",
    "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review", "Closed Won",
    "Closed Lost",
)  # fmt: skip
OPPORTUNITY_TYPES = (
    "Existing Customer - Upgrade",
    "Existing Customer - Replacement",
    "Existing Customer - Downgrade",
    "New Customer",
)
ACCOUNT_TYPES = (
    "Prospect", "Customer - Direct", "Customer - Channel", "Channel Partner / Reseller",
    "Installation Partner", "Technology Partner", "Other",
)  # fmt: skip
# ForecastCategory holds the API values, ForecastCategoryName their labels.
FORECAST_CATEGORIES = ("Omitted", "Pipeline", "BestCase", "Forecast", "Closed")
FORECAST_CATEGORY_NAMES = ("Omitted", "Pipeline", "Best Case", "Commit", "Closed")


def system_fields() -> list[FieldSpec]:
    """Fields every object carries, all read-only and set by the platform."""
    return [
        read_only(_stamped(FieldSpec("Id", "Record ID", "id", length=18, id_lookup=True))),
        read_only(checkbox_field("IsDeleted", "Deleted")),
        read_only(_stamped(FieldSpec("CreatedDate", "Created Date", "datetime"))),
        read_only(_stamped(reference_field("CreatedById", "Created By ID", ["User"]))),
        read_only(_stamped(FieldSpec("LastModifiedDate", "Last Modified Date", "datetime"))),
        read_only(_stamped(reference_field("LastModifiedById", "Last Modified By ID", ["User"]))),
        read_only(_stamped(FieldSpec("SystemModstamp", "System Modstamp", "datetime"))),
    ]


def _stamped(spec: FieldSpec) -> FieldSpec:
    """A field the platform always fills: never null, defaulted on create."""
    return replace(spec, nillable=False, defaulted_on_create=True)


def _activity_fields() -> list[FieldSpec]:
    """Read-only dates the platform keeps for objects with activities and recent items."""
    return [
        read_only(FieldSpec("LastActivityDate", "Last Activity", "date")),
        read_only(FieldSpec("LastViewedDate", "Last Viewed Date", "datetime")),
        read_only(FieldSpec("LastReferencedDate", "Last Referenced Date", "datetime")),
    ]


def _owner(targets: Sequence[str]) -> FieldSpec:
    return reference_field("OwnerId", "Owner ID", targets, nillable=False, defaulted_on_create=True)


def _master_record(sobject: str) -> FieldSpec:
    return read_only(reference_field("MasterRecordId", "Master Record ID", [sobject]))


def _vendor_record_id() -> FieldSpec:
    return string_field(
        "Vendor_Record_Id__c",
        "Vendor Record Id",
        40,
        external_id=True,
        unique=True,
        custom=True,
        id_lookup=True,
    )


def _person_name(last_required: bool = True) -> list[FieldSpec]:
    """Salutation, FirstName and LastName, and the read-only Name they make up."""
    parts = [
        picklist_field("Salutation", "Salutation", SALUTATIONS),
        string_field("FirstName", "First Name", 40),
        string_field("LastName", "Last Name", 80, nillable=not last_required),
    ]
    name = read_only(
        string_field(
            "Name",
            "Full Name",
            121,
            nillable=False,
            name_field=True,
            id_lookup=True,
            extra_type_info="personname",
        )
    )
    return [replace(part, compound_field_name="Name") for part in parts] + [name]


def _photo_url() -> FieldSpec:
    return read_only(text_field("url", "PhotoUrl", "Photo URL", 255, extra_type_info="imageurl"))


def _converted() -> list[FieldSpec]:
    """What lead conversion sets; IsConverted may be given on create only (data imports)."""
    return [
        replace(checkbox_field("IsConverted", "Converted"), updateable=False),
        read_only(FieldSpec("ConvertedDate", "Converted Date", "date")),
        read_only(reference_field("ConvertedAccountId", "Converted Account ID", ["Account"])),
        read_only(reference_field("ConvertedContactId", "Converted Contact ID", ["Contact"])),
        read_only(
            reference_field("ConvertedOpportunityId", "Converted Opportunity ID", ["Opportunity"])
        ),
        checkbox_field("IsUnreadByOwner", "Unread By Owner"),
    ]


def lead_fields() -> list[FieldSpec]:
    """Lead, in describe order."""
    return [
        _master_record("Lead"),
        *_person_name(),
        string_field("Title", "Title", 128),
        string_field("Company", "Company", 255, nillable=False),
        *address_fields("", ""),
        text_field("phone", "Phone", "Phone", 40),
        text_field("email", "Email", "Email", 80, id_lookup=True),
        text_field("url", "Website", "Website", 255),
        _photo_url(),
        text_field(
            "textarea", "Description", "Description", 32000, extra_type_info="plaintextarea"
        ),
        picklist_field(
            "Status",
            "Status",
            LEAD_STATUSES,
            nillable=False,
            defaulted_on_create=True,
            default_value=LEAD_STATUSES[0],
            restricted_picklist=True,
        ),
        picklist_field("Rating", "Rating", RATINGS),
        picklist_field("Industry", "Industry", INDUSTRIES),
        picklist_field("LeadSource", "Lead Source", LEAD_SOURCES),
        number_field("currency", "AnnualRevenue", "Annual Revenue", 18, 0),
        number_field("int", "NumberOfEmployees", "Employees", 8, 0),
        _owner(["Group", "User"]),
        *_converted(),
        *_activity_fields(),
        _vendor_record_id(),
    ]


def _fiscal_fields() -> list[FieldSpec]:
    """The fiscal period of the close date (a calendar fiscal year), set by the platform."""
    return [
        read_only(number_field("int", "FiscalQuarter", "Fiscal Quarter", 11, 0)),
        read_only(number_field("int", "FiscalYear", "Fiscal Year", 11, 0)),
        read_only(string_field("Fiscal", "Fiscal Period", 6)),
    ]


def opportunity_fields() -> list[FieldSpec]:
    """Opportunity, in describe order."""
    return [
        reference_field("AccountId", "Account ID", ["Account"]),
        checkbox_field("IsPrivate", "Private"),
        string_field("Name", "Name", 120, nillable=False, name_field=True, id_lookup=True),
        text_field(
            "textarea", "Description", "Description", 32000, extra_type_info="plaintextarea"
        ),
        picklist_field("StageName", "Stage", STAGES, nillable=False, restricted_picklist=True),
        number_field("currency", "Amount", "Amount", 18, 2),
        number_field("percent", "Probability", "Probability (%)", 3, 0),
        read_only(
            number_field("currency", "ExpectedRevenue", "Expected Amount", 18, 2, calculated=True)
        ),
        number_field("double", "TotalOpportunityQuantity", "Quantity", 18, 2),
        FieldSpec("CloseDate", "Close Date", "date", nillable=False),
        picklist_field("Type", "Opportunity Type", OPPORTUNITY_TYPES),
        string_field("NextStep", "Next Step", 255),
        picklist_field("LeadSource", "Lead Source", LEAD_SOURCES),
        read_only(checkbox_field("IsClosed", "Closed")),
        read_only(checkbox_field("IsWon", "Won")),
        read_only(
            picklist_field(
                "ForecastCategory", "Forecast Category", FORECAST_CATEGORIES, nillable=False
            )
        ),
        picklist_field(
            "ForecastCategoryName",
            "Forecast Category",
            FORECAST_CATEGORY_NAMES,
            defaulted_on_create=True,
        ),
        _owner(["User"]),
        read_only(checkbox_field("HasOpenActivity", "Has Open Activity")),
        read_only(checkbox_field("HasOverdueTask", "Has Overdue Task")),
        *_fiscal_fields(),
        *_activity_fields(),
        _vendor_record_id(),
    ]


def account_fields() -> list[FieldSpec]:
    """Account, in describe order."""
    return [
        _master_record("Account"),
        string_field("Name", "Account Name", 255, nillable=False, name_field=True, id_lookup=True),
        picklist_field("Type", "Account Type", ACCOUNT_TYPES),
        reference_field("ParentId", "Parent Account ID", ["Account"]),
        *address_fields("Billing", "Billing"),
        *address_fields("Shipping", "Shipping"),
        text_field("phone", "Phone", "Account Phone", 40),
        text_field("url", "Website", "Website", 255),
        _photo_url(),
        picklist_field("Industry", "Industry", INDUSTRIES),
        number_field("currency", "AnnualRevenue", "Annual Revenue", 18, 0),
        number_field("int", "NumberOfEmployees", "Employees", 8, 0),
        text_field("textarea", "Description", "Account Description", 32000),
        _owner(["User"]),
        *_activity_fields(),
    ]


def contact_fields() -> list[FieldSpec]:
    """Contact, in describe order."""
    return [
        _master_record("Contact"),
        reference_field("AccountId", "Account ID", ["Account"]),
        *_person_name(),
        *address_fields("Other", "Other"),
        *address_fields("Mailing", "Mailing"),
        text_field("phone", "Phone", "Business Phone", 40),
        text_field("phone", "MobilePhone", "Mobile Phone", 40),
        reference_field("ReportsToId", "Reports To ID", ["Contact"]),
        text_field("email", "Email", "Email", 80, id_lookup=True),
        string_field("Title", "Title", 128),
        string_field("Department", "Department", 80),
        picklist_field("LeadSource", "Lead Source", LEAD_SOURCES),
        FieldSpec("Birthdate", "Birthdate", "date"),
        text_field("textarea", "Description", "Contact Description", 32000),
        _owner(["User"]),
        _photo_url(),
        *_activity_fields(),
    ]


def _connected_fields(parent: str, parent_field: str, extra: list[FieldSpec]) -> list[FieldSpec]:
    """Fields of a Connected External object: a lookup to its parent and the peer's values."""
    return [
        _owner(["Group", "User"]),
        string_field("Name", "Name", 80, defaulted_on_create=True, name_field=True, id_lookup=True),
        read_only(FieldSpec("LastViewedDate", "Last Viewed Date", "datetime")),
        read_only(FieldSpec("LastReferencedDate", "Last Referenced Date", "datetime")),
        reference_field(parent_field, parent, [parent], custom=True),
        _vendor_record_id(),
        *[replace(spec, custom=True) for spec in extra],
    ]


def connected_lead_fields() -> list[FieldSpec]:
    """Connected_External_Lead__c."""
    return _connected_fields(
        "Lead",
        "Lead__c",
        [
            picklist_field("Status__c", "Status", LEAD_STATUSES),
            picklist_field("Rating__c", "Rating", RATINGS),
            text_field("email", "Email__c", "Email", 80),
            text_field("phone", "Phone__c", "Phone", 40),
            string_field("Title__c", "Title", 128),
        ],
    )


def connected_opportunity_fields() -> list[FieldSpec]:
    """Connected_External_Opportunity__c."""
    return _connected_fields(
        "Opportunity",
        "Opportunity__c",
        [
            picklist_field("StageName__c", "Stage", STAGES),
            number_field("currency", "Amount__c", "Amount", 18, 2),
            FieldSpec("CloseDate__c", "Close Date", "date"),
            string_field("NextStep__c", "Next Step", 255),
            number_field("percent", "Probability__c", "Probability (%)", 3, 0),
        ],
    )


def user_fields() -> list[FieldSpec]:
    """User: read-only to the integration, which never manages users."""
    return [
        read_only(spec)
        for spec in (
            string_field("Username", "Username", 80, nillable=False, id_lookup=True),
            string_field("FirstName", "First Name", 40, compound_field_name="Name"),
            string_field("LastName", "Last Name", 80, nillable=False, compound_field_name="Name"),
            string_field("Name", "Full Name", 121, nillable=False, name_field=True, id_lookup=True),
            text_field("email", "Email", "Email", 128, nillable=False),
            checkbox_field("IsActive", "Active"),
        )
    ]


def group_fields() -> list[FieldSpec]:
    """Group (queues among them), read-only to the integration."""
    return [
        read_only(spec)
        for spec in (
            string_field("Name", "Name", 40, nillable=False, name_field=True),
            string_field("DeveloperName", "Developer Name", 80),
            picklist_field("Type", "Type", ("Queue", "Regular"), nillable=False),
        )
    ]
