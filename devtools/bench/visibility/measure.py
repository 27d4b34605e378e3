"""Time one list page per sampled user: the selector, the floor and the guardian baseline.

A list page with no filter is the 50 newest visible leads plus the visible count. The floor is
the same page over one partner company of about the same size (a single indexed predicate); the
baseline answers from the shares and the people directly, without the access rows.
"""

from __future__ import annotations

import math
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, Q
from django.test.utils import CaptureQueriesContext

from accounts.models import Membership, PartnerRole, User
from devtools.bench.visibility.baseline import leads_visible_by_guardian
from devtools.bench.visibility.plan import HEAVY_USERS, person_email
from portal.models import Lead
from portal.selectors.records import leads_visible_to, visible_count

PAGE_SIZE = 50
SMALL_PAGE_SIZE = 10

Page = tuple[list[int], int]


@dataclass(frozen=True)
class Sample:
    """A row of the report: a label and the users measured for it."""

    label: str
    user_ids: list[int]


@dataclass(frozen=True)
class Timing:
    median_ms: float
    p95_ms: float

    @classmethod
    def of(cls, seconds: list[float]) -> Timing:
        ordered = sorted(seconds)
        p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
        return cls(statistics.median(ordered) * 1000, p95 * 1000)


@dataclass(frozen=True)
class Row:
    """The measurements of one sample."""

    label: str
    users: int
    visible: int
    selector: Timing
    floor: Timing
    floor_size: int
    baseline: Timing
    queries_small: int
    queries_page: int
    queries_equal: bool
    agreeing: int

    @property
    def ratio(self) -> float:
        return self.selector.median_ms / max(self.floor.median_ms, 1e-9)


def _active() -> Q:
    return Q(is_active=True, user__is_active=True, partner_account__is_active=True)


def samples_pick(*, per_role: int, seed: int = 11) -> list[Sample]:
    """Random active partner users per role and flag, then the heavy users one by one."""
    rng = random.Random(seed)
    kinds = [
        *(
            (str(role.label), Q(role=role.value, is_super_user=False))
            for role in (PartnerRole.USER, PartnerRole.MANAGER, PartnerRole.EXECUTIVE)
        ),
        ("super user", Q(is_super_user=True)),
        ("partner admin", Q(is_partner_admin=True)),
        (
            "top role of a parent account",
            Q(role=F("partner_account__role_count"), partner_account__children__isnull=False),
        ),
    ]
    samples = []
    for label, condition in kinds:
        ids = sorted(
            set(Membership.objects.filter(_active() & condition).values_list("user_id", flat=True))
        )
        if ids:
            samples.append(Sample(label, sorted(rng.sample(ids, min(per_role, len(ids))))))
    for label, account_index, position in HEAVY_USERS:
        user = User.objects.get(email=person_email(account_index, position))
        samples.append(Sample(label, [user.pk]))
    return samples


def selector_page(user: User, size: int = PAGE_SIZE) -> Page:
    """What the list page runs: the newest ``size`` visible leads and the visible count."""
    return [lead.pk for lead in leads_visible_to(user)[:size]], visible_count(Lead, user)


def floor_page(partner_account_id: int) -> Page:
    """The same page over one company: a single indexed predicate."""
    leads = Lead.objects.filter(partner_account_id=partner_account_id).order_by(
        "-created_at", "-id"
    )
    return [lead.pk for lead in leads[:PAGE_SIZE]], leads.count()


def baseline_page(user: User) -> Page:
    """The same page from guardian's shares and the people rules, without access rows."""
    leads = leads_visible_by_guardian(user)
    return [lead.pk for lead in leads[:PAGE_SIZE]], leads.count()


def _timed(action: Callable[[], Page], repeat: int) -> tuple[list[float], Page | None]:
    """Seconds per call, and the first call's answer."""
    seconds, first = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        page = action()
        seconds.append(time.perf_counter() - started)
        if first is None:
            first = page
    return seconds, first


def company_sizes() -> dict[int, int]:
    """Lead count per partner company."""
    counts = Lead.objects.filter(partner_account__isnull=False).values("partner_account")
    return {row["partner_account"]: row["n"] for row in counts.annotate(n=Count("id")).order_by()}


def floor_account(sizes: dict[int, int], visible: int) -> int:
    """The company whose lead count is nearest (by ratio) to ``visible``."""
    target = math.log(max(visible, 1))
    return min(sizes, key=lambda pk: (abs(math.log(max(sizes[pk], 1)) - target), pk))


def queries_for(user: User, size: int) -> int:
    """SQL queries one page of ``size`` rows takes."""
    with CaptureQueriesContext(connection) as captured:
        selector_page(user, size)
    return len(captured.captured_queries)


@dataclass(frozen=True)
class UserResult:
    """One user's measurements."""

    visible: int
    floor_size: int
    selector: list[float]
    floor: list[float]
    baseline: list[float]
    queries: tuple[int, int]
    agrees: bool


def _measure_user(
    user: User, sizes: dict[int, int], repeat: int, baseline_repeat: int
) -> UserResult:
    page = selector_page(user)  # also warms the cache, as for a user who browses
    account = floor_account(sizes, page[1])
    floor_page(account)
    # The baseline is slow at scale: its timed calls also give the answer to compare.
    baseline, baseline_answer = _timed(lambda: baseline_page(user), baseline_repeat)
    return UserResult(
        visible=page[1],
        floor_size=sizes[account],
        selector=_timed(lambda: selector_page(user), repeat)[0],
        floor=_timed(lambda: floor_page(account), repeat)[0],
        baseline=baseline,
        queries=(queries_for(user, SMALL_PAGE_SIZE), queries_for(user, PAGE_SIZE)),
        agrees=baseline_answer == page,
    )


def sample_measure(
    sample: Sample, sizes: dict[int, int], *, repeat: int, baseline_repeat: int
) -> Row:
    """Measure every user of a sample and fold the results into one report row."""
    results = [
        _measure_user(User.objects.get(pk=pk), sizes, repeat, baseline_repeat)
        for pk in sample.user_ids
    ]
    return Row(
        label=sample.label,
        users=len(results),
        visible=int(statistics.median(r.visible for r in results)),
        selector=Timing.of([s for r in results for s in r.selector]),
        floor=Timing.of([s for r in results for s in r.floor]),
        floor_size=int(statistics.median(r.floor_size for r in results)),
        baseline=Timing.of([s for r in results for s in r.baseline]),
        queries_small=max(r.queries[0] for r in results),
        queries_page=max(r.queries[1] for r in results),
        queries_equal=all(r.queries[0] == r.queries[1] for r in results),
        agreeing=sum(1 for r in results if r.agrees),
    )
