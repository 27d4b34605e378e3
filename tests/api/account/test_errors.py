"""The API's one error format for 400, 401, 404, 405 and 429, and per-user throttling."""

from __future__ import annotations

import base64
import json
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from api.tokens.services import token_create

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.account.urls")]


def _error(status, code, message, fields=None):
    return {"error": {"status": status, "code": code, "message": message, "fields": fields or {}}}


def test_invalid_input_is_400_with_messages_per_field(api_client_for, plain_member):
    response = api_client_for(plain_member.user).post(
        "/test/echo/", {"name": "too long", "count": 0}
    )
    assert response.status_code == 400
    assert response.json() == _error(
        400,
        "invalid",
        "Some fields are invalid; see fields.",
        {
            "name": ["Ensure this field has no more than 5 characters."],
            "count": ["Ensure this value is greater than or equal to 1."],
        },
    )


def test_a_missing_field_is_named(api_client_for, plain_member):
    response = api_client_for(plain_member.user).post("/test/echo/", {"name": "ok"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"count": ["This field is required."]}


def test_a_body_that_is_not_json_is_400(api_client_for, plain_member):
    response = api_client_for(plain_member.user).generic(
        "POST", "/test/echo/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_a_missing_object_is_404_in_the_error_format(api_client_for, plain_member):
    response = api_client_for(plain_member.user).get("/test/tokens/pp_nosuchtoken/")
    assert response.status_code == 404
    assert response.json() == _error(404, "not_found", "Not found.")


def test_another_users_token_reads_exactly_like_a_missing_one(
    api_client_for, plain_member, exporter
):
    theirs, _ = token_create(actor=exporter.user, name="theirs", expiry_days=None)
    response = api_client_for(plain_member.user).get(f"/test/tokens/{theirs.token_key}/")
    assert response.status_code == 404
    assert response.json() == _error(404, "not_found", "Not found.")


@pytest.mark.parametrize("path", ["/api/v1/no-such-thing/", "/api/v1/", "/api/v1/me/extra/"])
def test_a_path_under_the_api_that_names_no_endpoint_is_404_in_the_error_format(
    anonymous_api_client, path
):
    response = anonymous_api_client.get(path)
    assert response.status_code == 404
    assert response.json() == _error(404, "not_found", "Not found.")


def test_a_path_without_its_trailing_slash_still_redirects(anonymous_api_client):
    response = anonymous_api_client.get("/api/v1/me")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/me/"


def test_a_method_the_endpoint_lacks_is_405(api_client_for, plain_member):
    response = api_client_for(plain_member.user).delete(reverse("api:me"))
    assert response.status_code == 405
    assert response.json() == _error(405, "method_not_allowed", 'Method "DELETE" not allowed.')


@pytest.mark.parametrize(
    ("path", "cursor"),
    [
        ("/test/tokens/", "garbage"),
        ("/test/tokens/", "bz1hYmM="),  # o=abc
        ("/test/tokens/", "bz0tMQ=="),  # o=-1
        ("/test/tokens/", "cD1ub3QtYS1kYXRl"),  # p=not-a-date
        ("/test/tokens/", "cj0xJnA9MjAyMC0xMy00NVQ5OTowMDowMA=="),  # r=1&p=2020-13-45T99:00:00
        ("/test/memberships/", "cD1ub3QtYS1kYXRl"),  # p=not-a-date
    ],
)
def test_an_invalid_cursor_is_404_never_a_server_error(api_client_for, plain_member, path, cursor):
    client = api_client_for(plain_member.user)
    response = client.get(path, {"cursor": cursor})
    assert response.status_code == 404
    assert response.json() == _error(404, "not_found", "Invalid cursor")
    # The request's transaction is still usable afterwards.
    assert client.get(path).status_code == 200


def _cursor(position: list) -> str:
    """A cursor as the API writes them: the keyset position of the last row seen."""
    query = urlencode({"p": json.dumps(position, separators=(",", ":"))})
    return base64.b64encode(query.encode()).decode()


def test_a_position_past_the_integer_range_is_an_invalid_cursor(api_client_for, plain_member):
    client = api_client_for(plain_member.user)
    first = client.get("/test/memberships/").json()
    assert [row["id"] for row in first["results"]] == [plain_member.pk]
    cursor = _cursor([["-pk"], [99999999999999999999999]])
    response = client.get("/test/memberships/", {"cursor": cursor})
    assert response.status_code == 404
    assert response.json() == _error(404, "not_found", "Invalid cursor")


def test_a_position_within_range_pages_from_there(api_client_for, plain_member):
    client = api_client_for(plain_member.user)
    past_everything = client.get("/test/memberships/", {"cursor": _cursor([["-pk"], [1]])})
    assert past_everything.status_code == 200
    assert past_everything.json()["results"] == []
    before_everything = _cursor([["-pk"], [plain_member.pk + 1]])
    response = client.get("/test/memberships/", {"cursor": before_everything})
    assert [row["id"] for row in response.json()["results"]] == [plain_member.pk]


def test_the_next_cursor_pages_through_a_list(api_client_for, plain_member):
    for index in range(3):
        token_create(actor=plain_member.user, name=f"t{index}", expiry_days=None)
    client = api_client_for(plain_member.user)  # a fourth token, named "tests"
    first = client.get("/test/tokens/", {"page_size": 2}).json()
    assert len(first["results"]) == 2
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 2
    assert second["next"] is None
    names = {row["name"] for row in first["results"] + second["results"]}
    assert names == {"t0", "t1", "t2", "tests"}


class TestThrottling:
    @pytest.fixture(autouse=True)
    def low_rates(self, settings):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"user": "3/minute", "anon": "2/minute"},
        }

    def test_a_user_past_the_rate_gets_429_with_retry_after(self, api_client_for, plain_member):
        client = api_client_for(plain_member.user)
        for _ in range(3):
            assert client.get(reverse("api:me")).status_code == 200
        response = client.get(reverse("api:me"))
        assert response.status_code == 429
        assert 1 <= int(response["Retry-After"]) <= 60
        body = response.json()["error"]
        assert (body["status"], body["code"], body["fields"]) == (429, "throttled", {})
        assert body["message"].startswith("Request was throttled.")

    def test_the_rate_counts_per_user(self, api_client_for, plain_member, exporter):
        first = api_client_for(plain_member.user)
        for _ in range(4):
            first.get(reverse("api:me"))
        assert first.get(reverse("api:me")).status_code == 429
        assert api_client_for(exporter.user).get(reverse("api:me")).status_code == 200

    def test_two_tokens_of_one_user_share_the_users_rate(self, api_client_for, plain_member):
        for _ in range(3):
            assert api_client_for(plain_member.user).get(reverse("api:me")).status_code == 200
        assert api_client_for(plain_member.user).get(reverse("api:me")).status_code == 429

    def test_anonymous_requests_count_per_address(self, anonymous_api_client):
        schema = reverse("api:schema")
        for _ in range(2):
            assert anonymous_api_client.get(schema).status_code == 200
        response = anonymous_api_client.get(schema)
        assert response.status_code == 429
        assert "Retry-After" in response
