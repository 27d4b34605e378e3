"""The two emulated orgs the demo connects to, so the demo seed can create matching Connections.

`partner_account` names the demo partner company each org belongs to (the demo data's company
names); `manage.py demo_connect` connects that company to the org.
"""

from __future__ import annotations

from typing import Any, TypedDict

from emulator.control import org_create


class DemoOrg(TypedDict):
    """One demo org: its My Domain host and External Client App credentials."""

    host: str
    client_id: str
    client_secret: str
    partner_account: str


DEMO_ORGS: list[DemoOrg] = [
    {
        "host": "northwind.my.salesforce.com",
        "client_id": "3MVG9northwind.demo.client",
        "client_secret": "northwind-demo-secret",
        "partner_account": "Northwind Solutions",
    },
    {
        "host": "northwind-emea.my.salesforce.com",
        "client_id": "3MVG9northwind-emea.demo.client",
        "client_secret": "northwind-emea-demo-secret",
        "partner_account": "Northwind Solutions EMEA",
    },
]


def demo_orgs_create(base_url: str) -> list[dict[str, Any]]:
    """Create (or refresh the credentials of) the demo orgs on a running emulator."""
    return [
        org_create(
            base_url,
            host=org["host"],
            client_id=org["client_id"],
            client_secret=org["client_secret"],
        )
        for org in DEMO_ORGS
    ]
