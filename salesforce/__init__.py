"""The Salesforce seam: the only package that talks to Salesforce (through simple-salesforce)."""

from salesforce.client import SalesforceClient, soql_datetime
from salesforce.errors import (
    SalesforceAuthFailed,
    SalesforceCallFailed,
    SalesforceError,
    SalesforceLimitReached,
    SalesforceRecordRejected,
    SalesforceTransient,
    error_translate,
)
from salesforce.session import SalesforceSession, session_build
from salesforce.types import (
    FieldDescribe,
    Identity,
    ObjectDescribe,
    OrgCredentials,
    RecordError,
    RecordResult,
    my_domain_normalise,
)

__all__ = [
    "FieldDescribe",
    "Identity",
    "ObjectDescribe",
    "OrgCredentials",
    "RecordError",
    "RecordResult",
    "SalesforceAuthFailed",
    "SalesforceCallFailed",
    "SalesforceClient",
    "SalesforceError",
    "SalesforceLimitReached",
    "SalesforceRecordRejected",
    "SalesforceSession",
    "SalesforceTransient",
    "error_translate",
    "my_domain_normalise",
    "session_build",
    "soql_datetime",
]
