"""Connect two demo partner companies to emulated orgs, with working mappings.

Runs through the same services a vendor admin and a partner admin use, so the demo shows
connections exactly as the product makes them. Idempotent: a connection already Enabled is
left alone.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings

from accounts.models import PartnerAccount, User
from accounts.selectors import partner_admins
from devtools.demo.cast import ADMIN_EMAIL
from emulator.control import emulator_ping, org_create
from emulator.demo import DEMO_ORGS
from salesforce import ObjectDescribe
from sync.fields import CatalogueField, catalogue_by_name
from sync.kinds import sync_kind
from sync.models import (
    DEFAULT_EXTERNAL_ID_FIELD,
    Connection,
    ConnectionStatus,
    ObjectMapping,
    ObjectType,
)
from sync.services.connections.checks import owner_kinds
from sync.services.connections.setup import (
    connection_client,
    connection_credentials_save,
    connection_invite,
    connection_test,
)
from sync.services.mappings.save import mapping_partner_save, mapping_vendor_save
from sync.standard_fields import STANDARD_TARGETS, STANDARD_UPDATE_FIELDS


class DemoConnectFailed(Exception):
    """The demo connections could not be made; the message says why."""


def demo_connect(*, wait_seconds: float = 15.0) -> list[str]:
    """Create the demo orgs in the emulator and connect the demo companies; say what was done."""
    base_url = settings.SALESFORCE_EMULATOR_URL
    if not base_url:
        return ["SALESFORCE_EMULATOR_URL is not set: no demo connections made."]
    if not _answers(base_url, wait_seconds):
        raise DemoConnectFailed(f"The org emulator does not answer at {base_url}.")
    admin = User.objects.get(email=ADMIN_EMAIL)
    lines = []
    for org in DEMO_ORGS:
        company_name = org["partner_account"]
        summary = org_create(
            base_url,
            host=org["host"],
            client_id=org["client_id"],
            client_secret=org["client_secret"],
        )
        company = PartnerAccount.objects.get(name=company_name)
        status = _connect(admin, company, org, summary)
        lines.append(f"{company_name}: {status} ({org['host']})")
    return lines


def _answers(base_url: str, wait_seconds: float) -> bool:
    """Whether the emulator answers, giving a freshly started one time to come up."""
    deadline = time.monotonic() + wait_seconds
    while not emulator_ping(base_url):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def _connect(admin: User, company: PartnerAccount, org: Any, summary: dict[str, Any]) -> str:
    """Invite, enter credentials, map both objects and test, unless already Enabled."""
    existing = Connection.objects.filter(partner_account=company).first()
    if existing is not None and existing.status == ConnectionStatus.ENABLED:
        return "already Enabled"
    partner_admin = partner_admins(company)[0]
    connection = connection_invite(actor=admin, partner_account=company, notify=False)
    connection = connection_credentials_save(
        actor=partner_admin,
        connection=connection,
        my_domain=org["host"],
        client_id=org["client_id"],
        client_secret=org["client_secret"],
    )
    client = connection_client(connection)
    try:
        for object_type in ObjectType:
            describe = client.describe(object_type.value)
            owner_id = _default_owner(summary, describe)
            standard_mapping_save(admin, partner_admin, connection, object_type, describe, owner_id)
    finally:
        client.close()
    report = connection_test(actor=partner_admin, connection=connection)
    connection.refresh_from_db()
    if not report.ok:
        raise DemoConnectFailed(f"Test connection failed for {company}: {report.as_json()}")
    return str(connection.status)


def _default_owner(summary: dict[str, Any], describe: ObjectDescribe) -> str:
    """The org's lead queue where a queue may own the object's records, else its first user."""
    queues = summary.get("queues") or []
    if "Group" in owner_kinds(describe) and queues:
        return str(queues[0]["Id"])
    users = [u for u in summary.get("users") or [] if u.get("IsActive")]
    return str(users[0]["Id"]) if users else ""


def standard_mapping_save(
    admin: User,
    partner_admin: User,
    connection: Connection,
    object_type: ObjectType,
    describe: ObjectDescribe,
    owner_id: str,
) -> ObjectMapping:
    """Both sides of a mapping: the vendor exports the standard fields, the partner accepts them
    onto the standard targets (the demo and the export benchmark connect this way)."""
    targets = STANDARD_TARGETS[object_type]
    mapping = mapping_vendor_save(
        actor=admin,
        connection=connection,
        object_type=object_type,
        exported=list(targets),
        update_fields=STANDARD_UPDATE_FIELDS[object_type],
        describe=describe,
    )
    catalogue = catalogue_by_name(object_type)
    rows = [_row(catalogue[name], target, describe) for name, target in targets.items()]
    return mapping_partner_save(
        actor=partner_admin,
        object_mapping=mapping,
        rows=rows,
        default_owner_id=owner_id,
        external_id_field=DEFAULT_EXTERNAL_ID_FIELD,
        connected_object=sync_kind(object_type).connected_object,
        describe=describe,
    )


def _row(field: CatalogueField, target: str, describe: ObjectDescribe) -> dict[str, Any]:
    """Accept a field onto its standard target; picklist values map onto equal values."""
    values = list(describe.fields[target].picklist_values)
    default = describe.fields[target].default_picklist_value or (values[0] if values else "")
    return {
        "field_name": field.name,
        "accepted": True,
        "target_field": target,
        "picklist_map": {value: value for value in field.choices if value in values},
        "picklist_default": default,
    }
