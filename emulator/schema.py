"""Object and field definitions of an emulated org, with the default schema every org starts from.

An org may be created with a narrower schema (`schema_build`) to exercise setup errors: an
object left out does not exist, and a field left out answers INVALID_FIELD.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from emulator.ids import KEY_PREFIXES

TEXT_TYPES = frozenset({"string", "textarea", "email", "phone", "url", "picklist"})
NUMBER_TYPES = frozenset({"currency", "double", "percent", "int"})


@dataclass(frozen=True)
class FieldSpec:
    """One field as describe reports it, plus what the emulator needs to enforce it."""

    name: str
    label: str
    type: str
    length: int = 0
    precision: int = 0
    scale: int = 0
    nillable: bool = True
    createable: bool = True
    updateable: bool = True
    external_id: bool = False
    unique: bool = False
    defaulted_on_create: bool = False
    default_value: str | None = None
    picklist_values: tuple[str, ...] = ()
    restricted_picklist: bool = False
    reference_to: tuple[str, ...] = ()
    custom: bool = False

    @property
    def required_on_create(self) -> bool:
        """Whether a create must carry a value (describe: not nillable, not defaulted)."""
        return (
            not self.nillable
            and self.createable
            and not self.defaulted_on_create
            and self.type != "boolean"
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FieldSpec:
        """Rebuild a field from its JSON form (lists back to tuples)."""
        values = dict(data)
        for key in ("picklist_values", "reference_to"):
            values[key] = tuple(values.get(key, ()))
        return cls(**values)


@dataclass(frozen=True)
class ObjectSpec:
    """One sObject: its name, key prefix and ordered fields."""

    name: str
    label: str
    key_prefix: str
    custom: bool = False
    createable: bool = True
    fields: dict[str, FieldSpec] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form kept in the state file."""
        data = asdict(self)
        data["fields"] = [asdict(spec) for spec in self.fields.values()]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ObjectSpec:
        """Rebuild an object from its JSON form."""
        fields = {item["name"]: FieldSpec.from_dict(item) for item in data["fields"]}
        return cls(**{**data, "fields": fields})


def _string(name: str, label: str, length: int = 255, **kw: Any) -> FieldSpec:
    return FieldSpec(name, label, "string", length=length, **kw)


def _text(kind: str, name: str, label: str, length: int, **kw: Any) -> FieldSpec:
    return FieldSpec(name, label, kind, length=length, **kw)


def _number(kind: str, name: str, label: str, precision: int, scale: int, **kw: Any) -> FieldSpec:
    return FieldSpec(name, label, kind, precision=precision, scale=scale, **kw)


def _picklist(name: str, label: str, values: Sequence[str], **kw: Any) -> FieldSpec:
    return FieldSpec(name, label, "picklist", length=255, picklist_values=tuple(values), **kw)


def _reference(name: str, label: str, targets: Sequence[str], **kw: Any) -> FieldSpec:
    return FieldSpec(name, label, "reference", length=18, reference_to=tuple(targets), **kw)


def _read_only(spec: FieldSpec) -> FieldSpec:
    return replace(spec, createable=False, updateable=False)


LEAD_STATUSES = (
    "Open - Not Contacted",
    "Working - Contacted",
    "Closed - Converted",
    "Closed - Not Converted",
)
RATINGS = ("Hot", "Warm", "Cold")
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


def _system_fields() -> list[FieldSpec]:
    """Fields every object carries, all read-only and set by the platform."""
    return [
        _read_only(FieldSpec("Id", "Record ID", "id", length=18, nillable=False)),
        _read_only(FieldSpec("IsDeleted", "Deleted", "boolean", nillable=False)),
        _read_only(FieldSpec("CreatedDate", "Created Date", "datetime", nillable=False)),
        _read_only(_reference("CreatedById", "Created By ID", ["User"], nillable=False)),
        _read_only(FieldSpec("LastModifiedDate", "Last Modified Date", "datetime", nillable=False)),
        _read_only(_reference("LastModifiedById", "Last Modified By ID", ["User"], nillable=False)),
        _read_only(FieldSpec("SystemModstamp", "System Modstamp", "datetime", nillable=False)),
    ]


def _owner(targets: Sequence[str]) -> FieldSpec:
    return _reference("OwnerId", "Owner ID", targets, nillable=False, defaulted_on_create=True)


def _vendor_record_id() -> FieldSpec:
    return _string(
        "Vendor_Record_Id__c", "Vendor Record Id", 40, external_id=True, unique=True, custom=True
    )


def _lead_fields() -> list[FieldSpec]:
    return [
        _string("FirstName", "First Name", 40),
        _string("LastName", "Last Name", 80, nillable=False),
        _string("Company", "Company", 255, nillable=False),
        _string("Title", "Title", 128),
        _text("email", "Email", "Email", 80),
        _text("phone", "Phone", "Phone", 40),
        _text("url", "Website", "Website", 255),
        _picklist(
            "Status",
            "Status",
            LEAD_STATUSES,
            nillable=False,
            defaulted_on_create=True,
            default_value=LEAD_STATUSES[0],
            restricted_picklist=True,
        ),
        _picklist("Rating", "Rating", RATINGS),
        _picklist("Industry", "Industry", INDUSTRIES),
        _picklist("LeadSource", "Lead Source", LEAD_SOURCES),
        _number("currency", "AnnualRevenue", "Annual Revenue", 18, 0),
        _number("int", "NumberOfEmployees", "Employees", 8, 0),
        _text("textarea", "Street", "Street", 255),
        _string("City", "City", 40),
        _string("State", "State/Province", 80),
        _string("PostalCode", "Zip/Postal Code", 20),
        _string("Country", "Country", 80),
        _text("textarea", "Description", "Description", 32000),
        _owner(["Group", "User"]),
        _vendor_record_id(),
    ]


def _opportunity_fields() -> list[FieldSpec]:
    return [
        _string("Name", "Name", 120, nillable=False),
        _reference("AccountId", "Account ID", ["Account"]),
        _number("currency", "Amount", "Amount", 18, 2),
        FieldSpec("CloseDate", "Close Date", "date", nillable=False),
        _picklist("StageName", "Stage", STAGES, nillable=False, restricted_picklist=True),
        _number("percent", "Probability", "Probability (%)", 3, 0),
        _picklist("Type", "Opportunity Type", OPPORTUNITY_TYPES),
        _picklist("LeadSource", "Lead Source", LEAD_SOURCES),
        _string("NextStep", "Next Step", 255),
        _text("textarea", "Description", "Description", 32000),
        _owner(["User"]),
        _vendor_record_id(),
    ]


def _connected_fields(parent: str, parent_field: str, extra: list[FieldSpec]) -> list[FieldSpec]:
    """Fields of a Connected External object: a lookup to its parent and the peer's values."""
    return [
        _string("Name", "Name", 80, defaulted_on_create=True),
        _reference(parent_field, parent, [parent], custom=True),
        _vendor_record_id(),
        *[replace(spec, custom=True) for spec in extra],
        _owner(["Group", "User"]),
    ]


def _connected_lead_fields() -> list[FieldSpec]:
    return _connected_fields(
        "Lead",
        "Lead__c",
        [
            _picklist("Status__c", "Status", LEAD_STATUSES),
            _picklist("Rating__c", "Rating", RATINGS),
            _text("email", "Email__c", "Email", 80),
            _text("phone", "Phone__c", "Phone", 40),
            _string("Title__c", "Title", 128),
        ],
    )


def _connected_opportunity_fields() -> list[FieldSpec]:
    return _connected_fields(
        "Opportunity",
        "Opportunity__c",
        [
            _picklist("StageName__c", "Stage", STAGES),
            _number("currency", "Amount__c", "Amount", 18, 2),
            FieldSpec("CloseDate__c", "Close Date", "date"),
            _string("NextStep__c", "Next Step", 255),
            _number("percent", "Probability__c", "Probability (%)", 3, 0),
        ],
    )


def _user_fields() -> list[FieldSpec]:
    return [
        _read_only(spec)
        for spec in (
            _string("Username", "Username", 80, nillable=False),
            _string("FirstName", "First Name", 40),
            _string("LastName", "Last Name", 80, nillable=False),
            _string("Name", "Full Name", 121, nillable=False),
            _text("email", "Email", "Email", 128, nillable=False),
            FieldSpec("IsActive", "Active", "boolean", nillable=False),
        )
    ]


def _group_fields() -> list[FieldSpec]:
    return [
        _read_only(spec)
        for spec in (
            _string("Name", "Name", 40, nillable=False),
            _string("DeveloperName", "Developer Name", 80),
            _picklist("Type", "Type", ("Queue", "Regular"), nillable=False),
        )
    ]


def _object(
    name: str, label: str, fields: list[FieldSpec], *, custom: bool = False, createable: bool = True
) -> ObjectSpec:
    ordered = {spec.name: spec for spec in [*_system_fields(), *fields]}
    return ObjectSpec(name, label, KEY_PREFIXES[name], custom, createable, ordered)


def schema_default() -> dict[str, ObjectSpec]:
    """Return the full default schema, keyed by object name."""
    objects = [
        _object("Lead", "Lead", _lead_fields()),
        _object("Opportunity", "Opportunity", _opportunity_fields()),
        _object(
            "Account",
            "Account",
            [_string("Name", "Account Name", 255, nillable=False), _owner(["User"])],
        ),
        _object("User", "User", _user_fields(), createable=False),
        _object("Group", "Group", _group_fields(), createable=False),
        _object(
            "Connected_External_Lead__c",
            "Connected External Lead",
            _connected_lead_fields(),
            custom=True,
        ),
        _object(
            "Connected_External_Opportunity__c",
            "Connected External Opportunity",
            _connected_opportunity_fields(),
            custom=True,
        ),
    ]
    return {spec.name: spec for spec in objects}


# Objects an org cannot do without: owners and the running user live there.
ESSENTIAL_OBJECTS = ("User", "Group")
ALWAYS_KEPT_FIELDS = frozenset(spec.name for spec in _system_fields())


def schema_build(
    spec: Mapping[str, Sequence[str | Mapping[str, Any]] | None] | None,
) -> dict[str, ObjectSpec]:
    """Build an org schema from a narrowing spec.

    None means the full default. Otherwise only the named objects exist (User and Group always
    do); a value of None keeps every default field, a list keeps the system fields and the named
    default fields, and a dict in that list adds a custom field (FieldSpec keyword arguments).
    """
    default = schema_default()
    if spec is None:
        return default
    schema: dict[str, ObjectSpec] = {name: default[name] for name in ESSENTIAL_OBJECTS}
    for name, wanted in spec.items():
        if name not in default:
            raise ValueError(f"unknown object {name!r}; only default objects can be narrowed")
        schema[name] = default[name] if wanted is None else _narrowed(default[name], wanted)
    return schema


def _narrowed(obj: ObjectSpec, wanted: Sequence[str | Mapping[str, Any]]) -> ObjectSpec:
    """Keep the system fields and the wanted fields of an object, adding custom ones."""
    fields = {name: spec for name, spec in obj.fields.items() if name in ALWAYS_KEPT_FIELDS}
    for item in wanted:
        if isinstance(item, str):
            if item not in obj.fields:
                raise ValueError(f"{obj.name} has no default field {item!r}")
            fields[item] = obj.fields[item]
        else:
            added = FieldSpec.from_dict(item)
            fields[added.name] = added
    return replace(obj, fields=fields)


def schema_without(obj: str, *field_names: str) -> dict[str, list[str] | None]:
    """Spec for the default schema minus some fields of one object (or the object itself)."""
    default = schema_default()
    spec: dict[str, list[str] | None] = {name: None for name in default}
    if not field_names:
        del spec[obj]
        return spec
    spec[obj] = [
        name
        for name in default[obj].fields
        if name not in field_names and name not in ALWAYS_KEPT_FIELDS
    ]
    return spec
