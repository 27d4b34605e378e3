"""GET /api/v1/me/: who the caller is, their company, role, flags and seat."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import PartnerRole
from accounts.services.memberships import membership_update
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
URL = reverse("api:me")


def test_partner_with_export_permission_sees_company_role_flags_and_seat(
    api_client_for, exporter, company
):
    response = api_client_for(exporter.user).get(URL)
    assert response.status_code == 200
    user = exporter.user
    assert response.json() == {
        "id": user.pk,
        "email": user.email,
        "name": user.get_full_name(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_vendor_staff": False,
        "is_vendor_superuser": False,
        "company": {"id": company.pk, "name": "Acme Partners"},
        "role": "manager",
        "is_member_active": True,
        "is_super_user": True,
        "is_partner_admin": False,
        "can_export": True,
        "holds_seat": True,
    }


def test_partner_without_flags_holds_no_seat(api_client_for, plain_member):
    body = api_client_for(plain_member.user).get(URL).json()
    assert body["role"] == "user"
    assert (body["can_export"], body["is_partner_admin"], body["holds_seat"]) == (
        False,
        False,
        False,
    )


def test_an_inactive_membership_holds_no_seat(api_client_for, exporter):
    membership_update(actor=None, membership=exporter, is_active=False)
    body = api_client_for(exporter.user).get(URL).json()
    assert body["is_member_active"] is False
    assert body["can_export"] is True
    assert body["holds_seat"] is False


def test_vendor_staff_have_no_company_role_or_partner_flags(api_client_for):
    staff = StaffFactory.create(is_superuser=True, first_name="", last_name="")
    body = api_client_for(staff).get(URL).json()
    assert body["is_vendor_staff"] is True
    assert body["is_vendor_superuser"] is True
    assert body["name"] == staff.email
    assert body["company"] is None
    assert body["role"] is None
    assert body["holds_seat"] is False


def test_me_answers_the_token_owner_not_another_user(api_client_for, exporter, plain_member):
    assert api_client_for(plain_member.user).get(URL).json()["id"] == plain_member.user.pk
    assert api_client_for(exporter.user).get(URL).json()["id"] == exporter.user.pk


def test_me_works_with_the_sites_session(client, exporter):
    client.force_login(exporter.user)
    assert client.get(URL).json()["email"] == exporter.user.email


def test_anonymous_caller_is_refused(anonymous_api_client):
    response = anonymous_api_client.get(URL)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_me_is_read_only(api_client_for, plain_member, method):
    response = getattr(api_client_for(plain_member.user), method)(URL, {})
    assert response.status_code == 405
    assert response.json() == {
        "error": {
            "status": 405,
            "code": "method_not_allowed",
            "message": f'Method "{method.upper()}" not allowed.',
            "fields": {},
        }
    }


def test_role_names_follow_the_partner_roles(api_client_for, company, member):
    executive = member(company, PartnerRole.EXECUTIVE)
    assert api_client_for(executive.user).get(URL).json()["role"] == "executive"
