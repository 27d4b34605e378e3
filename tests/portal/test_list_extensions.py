"""Apps above portal add list columns and page context through registries, not imports."""

from __future__ import annotations

import pytest
from django.db.models import Value
from django.http import QueryDict

from accounts.models import PartnerRole
from portal import listviews
from portal.extensions import list_context
from portal.kinds import ACCOUNT, LEAD
from portal.listviews import (
    SPECS,
    AddedColumn,
    Column,
    list_column_add,
    queryset_for,
    state_from_params,
)
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


def test_partner_connect_adds_export_status_to_the_exported_lists_only(company, member):
    for spec in SPECS.values():
        assert spec.column("export_status") is not None
        assert spec.default_columns[-1] == "export_status"
        assert "export_status" in spec.filter_keys
    user = member(company, PartnerRole.USER).user
    assert list_context(LEAD, user) == {"can_export": False}  # no permission, no connection
    assert list_context(ACCOUNT, user) == {"can_export": False}  # accounts are not exported


def test_an_added_column_is_prepared_only_when_the_list_uses_it(
    monkeypatch, plenty_of_seats, company, member
):
    monkeypatch.setattr(listviews, "_ADDED", dict(listviews._ADDED))
    calls: list[tuple[bool, str]] = []

    def prepare(queryset, kind_slug, viewer, shown, value):
        calls.append((shown, value))
        queryset = queryset.annotate(score=Value(7))
        return queryset.none() if value == "none" else queryset

    list_column_add(
        AddedColumn(
            column=Column("score", "Score", lambda r: r.score, ("score",)),
            kinds=("lead",),
            prepare=prepare,
            filter_values=("none",),
            default=False,
        )
    )
    spec = SPECS["lead"]
    user = member(company, PartnerRole.USER).user
    LeadFactory.create(owner=user)
    base = spec.kind.visible_to(user)

    plain = state_from_params(spec, QueryDict(""), None)
    assert queryset_for(spec, base, plain, user).count() == 1
    assert calls == []  # not shown, not sorted, not filtered: never prepared
    shown = state_from_params(spec, QueryDict("cols=name&cols=score"), None)
    assert [r.score for r in queryset_for(spec, base, shown, user)] == [7]
    filtered = state_from_params(spec, QueryDict("score=none"), None)
    assert queryset_for(spec, base, filtered, user).count() == 0
    assert calls == [(True, ""), (False, "none")]
    assert "score" not in spec.default_columns
