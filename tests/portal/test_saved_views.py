"""Saved list views: save, open by default, switch, delete, and validation."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import PartnerRole
from portal.models import LeadStatus, SavedListView
from portal.services.list_views import ListViewInvalid, list_view_save
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(plenty_of_seats, company, member):
    return member(company, PartnerRole.USER).user


def _save(client, **data):
    payload = {"name": "Working", "cols": ["name", "status"], "status": LeadStatus.WORKING}
    payload.update(data)
    return client.post(reverse("portal:listview-save", args=["lead"]), payload)


def test_saving_stores_columns_filters_and_sort(client, partner):
    client.force_login(partner)
    response = _save(client, sort="-company", q="acme", is_default="on")
    view = SavedListView.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('portal:lead-list')}?view={view.pk}"
    assert (view.user, view.object_type, view.name) == (partner, "lead", "Working")
    assert view.columns == ["name", "status"]
    assert view.filters == {"status": LeadStatus.WORKING, "q": "acme"}
    assert (view.sort, view.is_default) == ("-company", True)


def test_saving_again_under_the_same_name_replaces_the_view(client, partner):
    client.force_login(partner)
    _save(client)
    _save(client, cols=["email"], status="")
    view = SavedListView.objects.get()
    assert (view.columns, view.filters) == (["email"], {})


def test_default_view_opens_the_list_with_its_columns_and_filters(client, partner):
    LeadFactory.create(owner=partner, status=LeadStatus.WORKING, company="Working Co")
    LeadFactory.create(owner=partner, status=LeadStatus.OPEN, company="Open Co")
    client.force_login(partner)
    _save(client, is_default="on")
    response = client.get(reverse("portal:lead-list"))
    state = response.context["state"]
    assert state.columns == ["name", "status"]
    assert [r.company for r, _, _ in response.context["rows"]] == ["Working Co"]
    assert response.context["total"] == 1
    body = response.content.decode()
    assert '<th scope="col" aria-sort="none"><a' in body
    assert ">Company</a></th>" not in body


def test_choosing_no_view_leaves_the_default(client, partner):
    LeadFactory.create(owner=partner, status=LeadStatus.OPEN)
    client.force_login(partner)
    _save(client, is_default="on")
    response = client.get(reverse("portal:lead-list"), {"view": "none"})
    assert response.context["state"].view_id is None
    assert response.context["total"] == 1


def test_a_new_default_unsets_the_old_one(partner):
    first = list_view_save(
        actor=partner, object_type="lead", name="A", columns=["name"], filters={}, is_default=True
    )
    second = list_view_save(
        actor=partner, object_type="lead", name="B", columns=["name"], filters={}, is_default=True
    )
    first.refresh_from_db()
    assert (first.is_default, second.is_default) == (False, True)


def test_the_database_refuses_two_defaults_for_one_user_and_object(partner):
    SavedListView.objects.create(user=partner, object_type="lead", name="A", is_default=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        SavedListView.objects.create(user=partner, object_type="lead", name="B", is_default=True)
    assert SavedListView.objects.count() == 1


def test_unknown_column_is_a_form_error_and_nothing_is_saved(client, partner):
    client.force_login(partner)
    response = _save(client, cols=["name", "password"])
    assert response.status_code == 400
    assert "Unknown column: password." in response.content.decode()
    assert SavedListView.objects.count() == 0


def test_unknown_filter_value_or_sort_is_refused(partner):
    with pytest.raises(ListViewInvalid, match="Unknown filter or value: status"):
        list_view_save(
            actor=partner, object_type="lead", name="X", columns=["name"], filters={"status": "x"}
        )
    with pytest.raises(ListViewInvalid, match="cannot be sorted by 'password'"):
        list_view_save(
            actor=partner,
            object_type="lead",
            name="X",
            columns=["name"],
            filters={},
            sort="password",
        )
    assert SavedListView.objects.count() == 0


def test_missing_name_is_a_form_error(client, partner):
    client.force_login(partner)
    response = _save(client, name="")
    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    assert SavedListView.objects.count() == 0


def test_delete_asks_for_confirmation_then_deletes(client, partner):
    client.force_login(partner)
    _save(client)
    view = SavedListView.objects.get()
    url = reverse("portal:listview-delete", args=["lead", view.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Delete the view “Working”?" in confirm.content.decode()
    assert SavedListView.objects.count() == 1
    response = client.post(url)
    assert response.status_code == 302
    assert SavedListView.objects.count() == 0


def test_another_users_view_can_be_neither_opened_nor_deleted(client, partner, company, member):
    other = member(company, PartnerRole.USER).user
    view = list_view_save(
        actor=other, object_type="lead", name="Theirs", columns=["email"], filters={}
    )
    client.force_login(partner)
    url = reverse("portal:listview-delete", args=["lead", view.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    response = client.get(reverse("portal:lead-list"), {"view": str(view.pk)})
    assert response.context["state"].view_id is None
    assert response.context["state"].columns != ["email"]
    assert SavedListView.objects.filter(pk=view.pk).exists()
