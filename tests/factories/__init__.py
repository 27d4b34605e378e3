"""factory-boy factories, one module per app; every factory is importable from here too."""

from tests.factories.accounts import (
    MembershipFactory,
    PartnerAccountFactory,
    StaffFactory,
    UserFactory,
    VendorAdminFactory,
)
from tests.factories.portal import AccountFactory, ContactFactory, LeadFactory, OpportunityFactory
from tests.factories.sync import (
    ConnectionFactory,
    ExportJobFactory,
    FieldMappingFactory,
    ObjectMappingFactory,
    RecordMapFactory,
    enabled_connection,
    exported,
    failed_and_fine,
    job_with,
    standard_mapping,
)

__all__ = [
    "AccountFactory",
    "ConnectionFactory",
    "ContactFactory",
    "ExportJobFactory",
    "FieldMappingFactory",
    "LeadFactory",
    "MembershipFactory",
    "ObjectMappingFactory",
    "OpportunityFactory",
    "PartnerAccountFactory",
    "RecordMapFactory",
    "StaffFactory",
    "UserFactory",
    "VendorAdminFactory",
    "enabled_connection",
    "exported",
    "failed_and_fine",
    "job_with",
    "standard_mapping",
]
