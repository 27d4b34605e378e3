"""simple-salesforce clients reaching the emulator exactly as the seam will: an adapted session."""

from __future__ import annotations

from typing import Any, cast

import requests
from simple_salesforce import Salesforce, SFType
from simple_salesforce.exceptions import SalesforceError

from salesforce.transport import EmulatorAdapter
from tests.helpers.orgs import EmulatedOrg

API_VERSION = "62.0"
EXT = "Vendor_Record_Id__c"


def adapted_session(base_url: str) -> requests.Session:
    """A session whose https:// calls travel to the emulator."""
    session = requests.Session()
    session.mount("https://", EmulatorAdapter(base_url))
    return session


def sf_connect(org: EmulatedOrg, *, client_secret: str | None = None) -> Salesforce:
    """Log in with client credentials on the org's My Domain."""
    return Salesforce(
        consumer_key=org.client_id,
        consumer_secret=client_secret or org.client_secret,
        domain=org.my_domain,
        session=adapted_session(org.base_url),
        version=API_VERSION,
    )


def lead(key: str, **values: Any) -> dict[str, Any]:
    """A valid Lead for a collections request, keyed by its vendor record id."""
    return {
        "attributes": {"type": "Lead"},
        EXT: key,
        "LastName": f"Last {key}",
        "Company": f"Company {key}",
        **values,
    }


def upsert_many(
    sf: Salesforce,
    records: list[dict[str, Any]],
    *,
    sobject: str = "Lead",
    all_or_none: bool = False,
) -> list[dict[str, Any]]:
    """PATCH composite/sobjects/{sobject}/{EXT}: the collections upsert the seam sends."""
    return rest(
        sf,
        f"composite/sobjects/{sobject}/{EXT}",
        method="PATCH",
        json={"allOrNone": all_or_none, "records": records},
    )


def sobject(sf: Salesforce, name: str) -> SFType:
    """One object's handle, typed (simple-salesforce's attribute access is not)."""
    return cast(SFType, getattr(sf, name))


def rest(sf: Salesforce, path: str, **kwargs: Any) -> Any:
    """A call below /services/data/vXX.X/ that answers with a body."""
    result = sf.restful(path, **kwargs)
    assert result is not None
    return result


def describe_all(sf: Salesforce) -> dict[str, Any]:
    """The global describe."""
    result = sf.describe()
    assert isinstance(result, dict)
    return result


def upsert_raw(sf: Salesforce, name: str, key: str, values: dict[str, Any]) -> requests.Response:
    """A single-record upsert by external id, answered with the raw response."""
    response = sobject(sf, name).upsert(f"{EXT}/{key}", values, raw_response=True)
    assert isinstance(response, requests.Response)
    return response


def first_error(error: SalesforceError) -> dict[str, Any]:
    """The first entry of a refused request's error list (typed as bytes by the library)."""
    body: Any = error.content
    return dict(body[0])
