"""Admin changelists built for big tables: a constant number of queries however many companies,
connections and users exist, related filters as autocomplete boxes, no date hierarchy."""

from __future__ import annotations

import pytest
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import LeadFactory, PartnerAccountFactory, StaffFactory
from tests.factories.sync import enabled_connection, exported

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "portal_lead",
    "portal_opportunity",
    "portal_account",
    "portal_contact",
    "sync_recordmap",
    "sync_exportjob",
    "sync_importlog",
    "sync_connectedexternalrecord",
    "sync_updateoutbox",
    "auditlog_logentry",
    "accounts_membership",
    "accounts_invitation",
    "accounts_user",
]


def _grow(companies: int) -> None:
    """Companies, each with an Enabled connection, a member who owns a lead, and a record map."""
    for _ in range(companies):
        company = PartnerAccountFactory.create()
        connection = enabled_connection(partner_account=company)
        exported(LeadFactory.create(), connection)


def _queries(client, name: str) -> int:
    with CaptureQueriesContext(db) as queries:
        response = client.get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 200, name
    return len(queries)


@pytest.fixture
def admin(client):
    client.force_login(StaffFactory.create(is_superuser=True))
    return client


def test_no_changelist_costs_more_queries_with_more_companies_or_connections(admin):
    _grow(2)
    few = {name: _queries(admin, name) for name in CHANGELISTS}
    _grow(6)
    many = {name: _queries(admin, name) for name in CHANGELISTS}
    assert many == few


def test_related_filters_are_autocomplete_boxes_not_lists_of_every_company(admin):
    companies = [PartnerAccountFactory.create(name=f"Listed Co {n}") for n in range(3)]
    for company in companies:
        enabled_connection(partner_account=company)
    body = admin.get(reverse("admin:portal_lead_changelist")).content.decode()
    sidebar = body[body.index('id="changelist-filter"') :]
    assert "Listed Co" not in sidebar
    assert 'class="django-admin-list-filter-ajax"' in sidebar
    assert 'data-field-name="partner_account"' in sidebar
    assert 'data-field-name="owner"' in sidebar
    for name in ("sync_recordmap", "sync_importlog", "sync_updateoutbox", "sync_exportjob"):
        body = admin.get(reverse(f"admin:{name}_changelist")).content.decode()
        assert 'data-field-name="connection"' in body, name
        assert "Listed Co" not in body[body.index('id="changelist-filter"') :], name


def test_the_filter_box_finds_a_company_by_name_and_filters_by_it(admin):
    wanted = PartnerAccountFactory.create(name="Bluepeak Consulting")
    other = PartnerAccountFactory.create(name="Cedar Ridge Networks")
    found = admin.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "portal",
            "model_name": "lead",
            "field_name": "partner_account",
            "term": "bluep",
        },
    ).json()
    assert [r["text"] for r in found["results"]] == ["Bluepeak Consulting"]

    mine = LeadFactory.create(owner=StaffFactory.create())
    mine.partner_account = wanted
    mine.save(update_fields=["partner_account"])
    theirs = LeadFactory.create()
    theirs.partner_account = other
    theirs.save(update_fields=["partner_account"])
    response = admin.get(
        reverse("admin:portal_lead_changelist"), {"partner_account__id__exact": wanted.pk}
    )
    assert [lead.pk for lead in response.context["cl"].result_list] == [mine.pk]
    # The box shows the chosen company's name, looked up once.
    assert 'value="Bluepeak Consulting"' in response.content.decode()


def test_big_changelists_have_no_date_hierarchy_and_no_second_count(admin):
    for name in ("portal_lead", "sync_exportjob", "sync_recordmap", "auditlog_logentry"):
        changelist = admin.get(reverse(f"admin:{name}_changelist")).context["cl"]
        assert changelist.date_hierarchy is None, name
        assert changelist.model_admin.show_full_result_count is False, name


def test_the_connection_box_names_its_choices_without_a_query_per_connection(admin):
    def answer() -> int:
        with CaptureQueriesContext(db) as queries:
            response = admin.get(
                reverse("admin:autocomplete"),
                {"app_label": "sync", "model_name": "recordmap", "field_name": "connection"},
            )
        assert response.status_code == 200
        return len(queries)

    _grow(2)
    few = answer()
    _grow(6)
    assert answer() == few
