"""API accounting: every REST call counts, tokens and control calls do not, headers tell."""

from __future__ import annotations

from simple_salesforce import Salesforce
from simple_salesforce.util import Usage

from emulator.control import org_records, org_stats
from tests.helpers.orgs import EmulatedOrg, OrgFactory
from tests.sync.emulator.client import adapted_session, lead, sf_connect, sobject, upsert_many


def test_each_rest_call_counts_once_and_the_header_reports_it(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    usage = []
    for _ in range(3):
        upsert_many(sf, [lead("L-1")])
        usage.append(sf.api_usage["api-usage"])
    org_records(emulated_org.base_url, host=emulated_org.host, sobject="Lead")

    assert usage == [Usage(1, 15000), Usage(2, 15000), Usage(3, 15000)]
    stats = org_stats(emulated_org.base_url, host=emulated_org.host)
    assert (stats["api_requests"], stats["token_requests"]) == (3, 1)
    assert stats["endpoints"] == {"collections_upsert": 3}


def test_limits_report_daily_api_requests(emulated_org_factory: OrgFactory) -> None:
    org = emulated_org_factory(api_limit=500)
    sf = sf_connect(org)
    sobject(sf, "Lead").describe()

    limits = sf.limits()

    # The limits call is itself an API request, counted before it answers.
    assert dict(limits["DailyApiRequests"]) == {"Max": 500, "Remaining": 498}
    assert sf.api_usage["api-usage"] == Usage(2, 500)


def test_the_header_comes_on_refusals_too(sf: Salesforce, emulated_org: EmulatedOrg) -> None:
    response = adapted_session(emulated_org.base_url).get(
        f"https://{emulated_org.host}/services/data/v62.0/sobjects/Widget__c/describe/",
        headers={"Authorization": f"Bearer {sf.session_id}"},
        timeout=5,
    )

    assert response.status_code == 404
    assert response.headers["Sforce-Limit-Info"] == "api-usage=1/15000"


def test_any_api_version_is_served(emulated_org: EmulatedOrg) -> None:
    session = adapted_session(emulated_org.base_url)
    token = session.post(
        f"https://{emulated_org.host}/services/oauth2/token",
        data={
            "grant_type": "client_credentials",
            "client_id": emulated_org.client_id,
            "client_secret": emulated_org.client_secret,
        },
        timeout=5,
    ).json()["access_token"]

    answers = [
        session.get(
            f"https://{emulated_org.host}/services/data/v{version}/limits/",
            headers={"Authorization": f"Bearer {token}"},
            timeout=5,
        ).status_code
        for version in ("59.0", "62.0", "64.0")
    ]

    assert answers == [200, 200, 200]
