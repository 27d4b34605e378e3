"""Bodies no client should send are a 400 in the API's error format, and a bug is a JSON 500."""

from __future__ import annotations

import pytest

from accounts.models import PartnerRole
from api.account.views import MeView
from api.parsers import MAX_JSON_DEPTH, json_depth
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db

TOO_DEEP_TO_PARSE = '{"a":' * 5000 + "1" + "}" * 5000
# Parses fine, but nests past the limit: refused before any serializer walks it.
DEEP = '{"a":' * (MAX_JSON_DEPTH + 1) + "1" + "}" * (MAX_JSON_DEPTH + 1)


@pytest.fixture
def client(company, member, plenty_of_seats, api_client_for):
    admin = member(company, PartnerRole.EXECUTIVE, is_partner_admin=True, can_export=True)
    return api_client_for(admin.user)


@pytest.fixture
def lead(company, member):
    return LeadFactory.create(owner=member(company, PartnerRole.USER).user, title="Kept")


@pytest.mark.parametrize("body", [TOO_DEEP_TO_PARSE, DEEP], ids=["5000-levels", "33-levels"])
@pytest.mark.parametrize("method", ["patch-lead", "post-note", "post-export"])
def test_deeply_nested_json_is_a_400_in_the_error_format(client, lead, method, body):
    path = {
        "patch-lead": f"/api/v1/leads/{lead.pk}/",
        "post-note": f"/api/v1/leads/{lead.pk}/notes/",
        "post-export": "/api/v1/exports/",
    }[method]
    call = client.patch if method.startswith("patch") else client.post
    response = call(path, data=body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == "parse_error"
    assert f"nested deeper than {MAX_JSON_DEPTH} levels" in error["message"]
    lead.refresh_from_db()
    assert lead.title == "Kept"
    assert not lead.notes.exists()


def test_json_depth_counts_lists_and_objects():
    assert json_depth(1) == 0
    assert json_depth({"a": [1, {"b": []}]}) == 4
    assert json_depth([[[[]]]]) == 4


def test_an_unexpected_error_in_an_api_view_is_a_json_500_not_an_html_page(
    client, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(MeView, "get", broken)
    response = client.get("/api/v1/me/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "server_error"
    assert "a bug" not in response.content.decode()
    assert any("a bug" in str(record.exc_info) for record in caplog.records)


def test_a_form_body_with_more_fields_than_django_allows_is_a_400_in_the_error_format(
    client, settings
):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    body = "&".join(f"records={n}" for n in range(50))
    response = client.post(
        "/api/v1/exports/", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "DATA_UPLOAD_MAX_NUMBER_FIELDS" in response.json()["error"]["message"]
