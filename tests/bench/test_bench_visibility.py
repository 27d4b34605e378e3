"""The visibility benchmark on a tiny data set: a row per role, flat query counts, and the
selector agreeing with an independent guardian formulation for every sampled user."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import PartnerRole, User
from devtools.bench.visibility.baseline import leads_visible_by_guardian
from devtools.bench.visibility.measure import samples_pick
from devtools.bench.visibility.run import BenchOptions, bench_run
from portal.models import Lead, LeadAccess, Reason
from portal.selectors.records import leads_visible_to
from tests.factories import UserFactory

TINY = BenchOptions(leads=2000, accounts=20, users=100, repeat=2, per_role=5, keep=True)
ROWS = [
    PartnerRole.USER.label,
    PartnerRole.MANAGER.label,
    PartnerRole.EXECUTIVE.label,
    "super user",
    "partner admin",
    "top role of a parent account",
    "super user (Manager) of the biggest company",
    "Executive of the biggest company",
    "Executive of a 5-level parent account",
]


@pytest.mark.postgres
@pytest.mark.bench
@pytest.mark.django_db(transaction=True)
def test_tiny_run_reports_a_row_per_role_with_equal_query_counts_and_agreeing_answers():
    result = bench_run(TINY)

    assert [row.label for row in result.rows] == ROWS
    assert Lead.objects.count() == 2000
    for row in result.rows:
        assert row.users >= 1
        assert (row.queries_small, row.queries_page) == (2, 2)
        assert row.agreeing == row.users
        assert row.floor_size > 0


@pytest.mark.postgres
@pytest.mark.bench
@pytest.mark.django_db(transaction=True)
def test_selector_returns_exactly_the_guardian_baseline_ids_for_sampled_users():
    bench_run(TINY)

    sampled = {
        pk for s in samples_pick(per_role=TINY.per_role, seed=TINY.seed) for pk in s.user_ids
    }
    seen = 0
    for user in User.objects.filter(pk__in=sampled):
        selector_ids = list(leads_visible_to(user).values_list("id", flat=True))
        baseline_ids = list(leads_visible_by_guardian(user).values_list("id", flat=True))
        assert selector_ids == baseline_ids, user.email
        seen += len(selector_ids)
    assert seen > 1000
    # The comparison covers every rule: each reason occurs among the sampled users' rows.
    masks = LeadAccess.objects.filter(user__in=sampled).values_list("reasons", flat=True)
    assert {reason for mask in set(masks) for reason in Reason if mask & reason} == set(Reason)


@pytest.mark.postgres
@pytest.mark.bench
@pytest.mark.django_db(transaction=True)
def test_command_prints_the_table_and_drops_the_data_unless_kept():
    out = StringIO()

    call_command(
        "bench_visibility", leads=2000, accounts=20, users=100, repeat=1, per_role=2, stdout=out
    )

    report = out.getvalue()
    assert "| Executive of the biggest company | 1 |" in report
    assert "access rebuild" in report
    assert Lead.objects.count() == 0
    assert User.objects.count() == 0


@pytest.mark.postgres
@pytest.mark.bench
@pytest.mark.django_db(transaction=True)
def test_command_refuses_a_database_that_holds_other_data_and_changes_nothing():
    UserFactory.create(email="someone@vendor.example.com")

    with pytest.raises(CommandError, match="did not create"):
        call_command("bench_visibility", leads=2000, accounts=20, users=100, stdout=StringIO())

    assert list(User.objects.values_list("email", flat=True)) == ["someone@vendor.example.com"]
    assert Lead.objects.count() == 0


@pytest.mark.sqlite
@pytest.mark.django_db
def test_command_refuses_sqlite_with_a_clear_message():
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("bench_visibility", leads=2000, accounts=20, users=100, stdout=StringIO())

    assert Lead.objects.count() == 0


@pytest.mark.django_db
def test_command_refuses_fewer_partner_accounts_than_the_plan_needs():
    with pytest.raises(CommandError, match="--accounts must be at least"):
        call_command("bench_visibility", leads=2000, accounts=5, users=100, stdout=StringIO())

    assert Lead.objects.count() == 0
