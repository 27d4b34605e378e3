"""Django admin reads as the vendor's: its sections first, plain names, the audit trail's IPs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.services.sharing import share_grant
from tests.factories import LeadFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client):
    user = StaffFactory.create(is_superuser=True)
    client.force_login(user)
    return user


def test_the_index_lists_the_vendors_sections_before_the_infrastructure(client, root):
    apps = [app["app_label"] for app in client.get(reverse("admin:index")).context["app_list"]]
    assert apps[:4] == ["accounts", "portal", "sync", "api"]
    assert apps.index("django_q") > apps.index("api")
    page = client.get(reverse("admin:index")).content.decode()
    assert "Update outbox entries" in page and "Update outboxs" not in page


def test_the_audit_trail_names_resource_types_in_words_and_shows_the_address(client, root, company):
    share_grant(actor=root, records=[LeadFactory.create()], level="read", partner_account=company)
    page = client.get(reverse("admin:auditlog_logentry_changelist")).content.decode()
    assert '<td class="field-resource_type">Lead share with a company</td>' in page
    assert "leadgroupobjectpermission" not in page
    assert ">Remote address</a>" in page


def test_the_lead_form_puts_the_name_before_the_address(client, root):
    form = client.get(reverse("admin:portal_lead_add")).context["adminform"].form
    names = list(form.fields)
    assert names.index("last_name") < names.index("street")
    assert names[-5:] == ["street", "city", "state", "postal_code", "country"]
