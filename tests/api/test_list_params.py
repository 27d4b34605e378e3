"""The query parameters every API list shares: search, ordering and cursor refuse bad values."""

from __future__ import annotations

import pytest

from accounts.models import PartnerRole
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/leads/",
    "/api/v1/opportunities/",
    "/api/v1/accounts/",
    "/api/v1/contacts/",
    "/api/v1/exports/",
    "/api/v1/connected-leads/",
    "/api/v1/team/",
]


@pytest.fixture
def client(company, member, plenty_of_seats, api_client_for):
    admin = member(company, PartnerRole.EXECUTIVE, is_partner_admin=True, can_export=True)
    return api_client_for(admin.user)


@pytest.mark.parametrize("path", LISTS)
def test_a_null_character_in_search_is_a_400_naming_the_parameter(client, path):
    response = client.get(path, {"search": "a\x00b"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"search": ["Null characters are not allowed."]}


@pytest.mark.parametrize("path", LISTS)
def test_an_ordering_outside_the_whitelist_is_a_400(client, path):
    response = client.get(path, {"ordering": "password"})
    assert response.status_code == 400
    assert "Cannot order by password" in response.json()["error"]["fields"]["ordering"][0]


@pytest.mark.parametrize("path", LISTS)
def test_a_forged_cursor_is_an_invalid_cursor(client, path):
    response = client.get(path, {"cursor": "garbage"})
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Invalid cursor"


@pytest.mark.parametrize("cursor", ["!!!", "AAAA", "[]", "cD0x\u00e9", "eD0x", "cD0xJnA9Mg=="])
def test_a_cursor_that_is_not_one_of_ours_is_an_invalid_cursor_not_page_one(client, cursor):
    # "!!!" and "[]" are not base64 at all, "AAAA" decodes to NUL bytes, "eD0x" to a token of
    # no cursor ("x=1") and "cD0xJnA9Mg==" to two positions ("p=1&p=2").
    response = client.get("/api/v1/leads/", {"cursor": cursor})
    assert response.status_code == 404, response.content
    assert response.json()["error"]["message"] == "Invalid cursor"


def test_the_cursors_the_api_hands_out_still_page_both_ways(client, company, member):
    owner = member(company, PartnerRole.USER).user
    LeadFactory.create_batch(5, owner=owner)
    first = client.get("/api/v1/leads/", {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    back = client.get(second["previous"]).json()
    assert [row["id"] for row in back["results"]] == [row["id"] for row in first["results"]]


@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("/api/v1/leads/", "updated_after"),
        ("/api/v1/accounts/", "updated_before"),
        ("/api/v1/connected-leads/", "changed_after"),
        ("/api/v1/exports/", "created_after"),
    ],
)
def test_a_moment_with_any_offset_filters_and_one_that_leaves_the_calendar_is_a_400(
    client, path, param
):
    # PostgreSQL takes offsets up to 15:59 only: the filter converts to UTC first.
    assert client.get(path, {param: "2020-02-06T07:38:04+16:50"}).status_code == 200
    assert client.get(path, {param: "0001-01-01T00:10:00+16:50"}).status_code == 400
    assert client.get(path, {param: "9999-12-31T23:59:00-16:50"}).status_code == 400
