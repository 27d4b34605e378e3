"""Typed values the Salesforce seam takes and returns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SALESFORCE_SUFFIX = ".salesforce.com"

# Per-record error codes that a later retry of the same record may not meet.
TRANSIENT_RECORD_CODES = frozenset(
    {"UNABLE_TO_LOCK_ROW", "SERVER_UNAVAILABLE", "REQUEST_RUNNING_TOO_LONG", "BULK_UNPROCESSED"}
)

_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+salesforce\.com$")
# Hosts people copy from the browser, and the My Domain each one stands for.
_ALIASES = (
    (".lightning.force.com", ".my.salesforce.com"),
    (".my.salesforce-setup.com", ".my.salesforce.com"),
)


def my_domain_normalise(value: str) -> str:
    """Return the org's My Domain host from a host or URL; raise ValueError when it is not one."""
    host = value.strip().lower()
    for scheme in ("https://", "http://"):
        host = host.removeprefix(scheme)
    host = host.split("/", 1)[0].rstrip(".")
    for alias, target in _ALIASES:
        if host.endswith(alias):
            host = host.removesuffix(alias) + target
    if not _HOST.match(host):
        raise ValueError(
            f"“{value}” is not a Salesforce My Domain; "
            "enter the host from Setup > My Domain, like acme.my.salesforce.com."
        )
    if host in ("login.salesforce.com", "test.salesforce.com"):
        raise ValueError(
            "Client credentials need the org's own My Domain (like acme.my.salesforce.com), "
            "not login.salesforce.com or test.salesforce.com."
        )
    return host


@dataclass(frozen=True)
class OrgCredentials:
    """Where and as whom to log in: the org's My Domain host and its External Client App keys."""

    my_domain: str
    client_id: str
    client_secret: str = field(repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "my_domain", my_domain_normalise(self.my_domain))

    @property
    def login_domain(self) -> str:
        """The ``domain`` simple-salesforce expects: the host without ``.salesforce.com``."""
        return self.my_domain.removesuffix(SALESFORCE_SUFFIX)


@dataclass(frozen=True)
class RecordError:
    """One error Salesforce gave for one record."""

    status_code: str
    message: str
    fields: list[str]


@dataclass(frozen=True)
class RecordResult:
    """What happened to one record of a many-record call, in input order."""

    ok: bool
    id: str | None
    created: bool
    errors: list[RecordError]

    @property
    def transient(self) -> bool:
        """True when the record failed only for reasons a retry may not meet (row locks ...)."""
        return (
            not self.ok
            and bool(self.errors)
            and all(error.status_code in TRANSIENT_RECORD_CODES for error in self.errors)
        )


@dataclass(frozen=True)
class FieldDescribe:
    """One field of an object's describe."""

    name: str
    label: str
    type: str
    length: int
    precision: int
    scale: int
    nillable: bool
    createable: bool
    updateable: bool
    external_id: bool
    unique: bool
    defaulted_on_create: bool
    picklist_values: list[str]
    default_picklist_value: str | None
    reference_to: list[str]
    # Integer digits of an int field (its precision is 0); calculated and auto-number fields,
    # and the compound field (Name, Address) a component belongs to.
    digits: int = 0
    calculated: bool = False
    auto_number: bool = False
    compound_field_name: str | None = None


@dataclass(frozen=True)
class ObjectDescribe:
    """An object's describe: its name, label and fields by API name."""

    name: str
    label: str
    custom: bool
    fields: dict[str, FieldDescribe]

    def field_named(self, name: str) -> FieldDescribe | None:
        """The field of that API name in any letter case, as Salesforce matches names."""
        found = self.fields.get(name)
        if found is None:
            folded = name.casefold()
            found = next((f for key, f in self.fields.items() if key.casefold() == folded), None)
        return found


@dataclass(frozen=True)
class Identity:
    """Who the client is logged in as: the integration user, its org, the instance URL."""

    user_id: str
    org_id: str
    instance_url: str
