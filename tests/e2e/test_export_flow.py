"""A partner user exports three leads in Chromium, watches the job finish, finds them in the org.

The confirmation queues the job instead of running it inline (django-q2 runs tasks
synchronously under TESTING), so the job page opens on a Queued job; the test then runs the
queued task as a worker would and watches the page's progress poll bring the result.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django_q.tasks import async_task
from playwright.sync_api import expect
from pytest_django.fixtures import Settings

from accounts.models import PartnerRole
from emulator.control import org_create, org_delete, org_records
from emulator.server import RunningEmulator, emulator_start
from sync.crypto import secret_encrypt
from sync.models import ExportJob, ExportStatus, JobStatus, ObjectType, RecordMap
from sync.services.export.start import TASK
from sync.standard_fields import STANDARD_TARGETS
from tests.factories import LeadFactory, PartnerAccountFactory
from tests.factories.sync import enabled_connection
from tests.helpers.browser import log_in

PROGRESS = "**/progress/"


@pytest.fixture(scope="module")
def emulator() -> Iterator[RunningEmulator]:
    """An org emulator on a free loopback port for this module's tests."""
    running = emulator_start(port=0)
    yield running
    running.stop()


@pytest.fixture
def org_host(settings: Settings, emulator: RunningEmulator) -> Iterator[tuple[str, str, str]]:
    """A fresh emulated org, the Salesforce seam routed to it: (host, client id, secret)."""
    settings.SALESFORCE_EMULATOR_URL = emulator.base_url
    host = f"org-{uuid.uuid4().hex[:10]}.my.salesforce.com"
    client_id, secret = f"3MVG9{uuid.uuid4().hex}", uuid.uuid4().hex
    org_create(emulator.base_url, host=host, client_id=client_id, client_secret=secret)
    yield host, client_id, secret
    org_delete(emulator.base_url, host=host)


@pytest.fixture
def exporter(plenty_of_seats: None, member: Any, org_host: tuple[str, str, str]) -> Any:
    """A seated partner user who may export, of a company Enabled on the emulated org."""
    company = PartnerAccountFactory.create(name="Northwind Solutions")
    host, client_id, secret = org_host
    enabled_connection(
        partner_account=company,
        my_domain=host,
        client_id=client_id,
        client_secret_encrypted=secret_encrypt(secret),
    )
    user = member(company, PartnerRole.USER, can_export=True).user
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """The tasks export_start queues, held back instead of run inline."""
    calls: list[tuple[Any, ...]] = []

    def hold(func: str, *args: Any) -> None:
        calls.append((func, *args))

    monkeypatch.setattr("sync.services.export.start.async_task", hold)
    return calls


def _column(page: Any, label: str) -> dict[str, str]:
    """Each row's name and its value in the column headed ``label``, as the page shows them."""
    values: dict[str, str] = page.evaluate(
        """label => {
          const table = document.querySelector('#record-results table');
          const heads = [...table.tHead.rows[0].cells].map(cell => cell.innerText.trim());
          const at = heads.indexOf(label);
          return Object.fromEntries([...table.tBodies[0].rows].map(
            row => [row.cells[1].innerText.trim(), row.cells[at].innerText.trim()]));
        }""",
        label,
    )
    return values


def _first_poll_held(page: Any, held: list[Any]) -> None:
    """Let the page run until its progress poll is waiting at the browser's door."""
    for _ in range(50):
        if held:
            return
        page.wait_for_timeout(100)
    raise AssertionError("the job page did not poll its progress within 5 seconds")


def _confirm_shows(page: Any, chosen: list[Any]) -> None:
    """The confirmation names the company's org, every mapped field and the chosen records."""
    assert page.get_by_role(
        "heading", name="Send 3 leads to the Salesforce org of Northwind Solutions"
    ).is_visible()
    fields = page.locator("table", has=page.locator("caption", has_text="Fields that will be sent"))
    targets = fields.locator("tbody td code").all_inner_texts()
    assert sorted(targets) == sorted(STANDARD_TARGETS[ObjectType.LEAD].values())
    assert fields.locator("tr", has_text="Last name").locator("code").inner_text() == "LastName"
    picked = page.locator("input[type=hidden][name=selected]").evaluate_all(
        "inputs => inputs.map(input => Number(input.value))"
    )
    assert sorted(picked) == sorted(lead.pk for lead in chosen)


def _progress_shows(page: Any, badge: str, done: int, size: int) -> None:
    """The job page's status badge and progress bar."""
    progress = page.locator("#job-progress")
    assert progress.locator(".badge").inner_text() == badge
    bar = page.locator("#job-progress-bar")
    assert (bar.get_attribute("value"), bar.get_attribute("max")) == (str(done), str(size))
    assert f"{done} of {size} processed" in progress.inner_text()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_partner_user_exports_three_leads_and_watches_them_reach_the_org(
    page: Any,
    emulator: RunningEmulator,
    org_host: tuple[str, str, str],
    exporter: Any,
    queued: list[tuple[Any, ...]],
) -> None:
    names = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra"]
    leads = [
        LeadFactory.create(owner=exporter, first_name=first, last_name=last)
        for first, last in (name.split() for name in names)
    ]
    chosen, left_out = leads[:3], leads[3]
    log_in(page, exporter.email)

    page.get_by_role("link", name="Leads", exact=True).click()
    page.wait_for_url("**/leads/**")
    assert page.locator("#record-results tbody tr").count() == 4
    for lead in chosen:
        page.get_by_role("checkbox", name=f"Select {lead}").check()
    page.get_by_role("button", name="Export selected…").click()
    page.wait_for_url("**/exports/new/lead/**")
    _confirm_shows(page, chosen)
    page.screenshot(path="test-results/export-flow-confirm.png", full_page=True)

    # Polls are held in the browser while the worker runs, so the live server is idle and the
    # worker has the test database to itself; the page learns the outcome from a poll.
    held: list[Any] = []

    def hold(route: Any) -> None:
        held.append(route)

    page.route(PROGRESS, hold)
    page.get_by_role("button", name="Export 3 records").click()
    page.wait_for_url("**/exports/*-*/")
    job = ExportJob.objects.get()
    assert queued == [(TASK, job.pk)]
    assert job.status == JobStatus.QUEUED
    _progress_shows(page, "Queued", 0, 3)
    page.screenshot(path="test-results/export-flow-queued.png", full_page=True)

    _first_poll_held(page, held)
    async_task(*queued[0])
    job.refresh_from_db()
    assert (job.status, job.processed, job.succeeded) == (JobStatus.COMPLETED, 3, 3)
    _progress_shows(page, "Queued", 0, 3)

    # The finished job's answer swaps in its final state and results; the page is not reloaded.
    page.evaluate("window.notReloaded = true")
    for route in held:
        route.continue_()
    page.unroute(PROGRESS)
    expect(page.locator("#job-progress .badge")).to_have_text("Completed")
    assert page.evaluate("window.notReloaded") is True
    _progress_shows(page, "Completed", 3, 3)
    expect(page.locator("#job-progress-status")).to_contain_text("Completed: 3 of 3 processed")
    assert page.locator("#job-progress .badge--ok").is_visible()
    assert "3 exported, 0 unchanged, 0 failed." in page.locator("#job-progress").inner_text()
    results = page.locator("table", has=page.locator("caption", has_text="Each record's result"))
    rows = results.locator("tbody tr")
    assert sorted(rows.locator("th").all_inner_texts()) == sorted(str(lead) for lead in chosen)
    # ExportSuccess, by its label.
    assert rows.locator("td .status").all_inner_texts() == ["Exported"] * 3
    page.screenshot(path="test-results/export-flow-completed.png", full_page=True)

    # Export Status is not a default column: it is chosen under Columns.
    page.get_by_role("link", name="Leads", exact=True).click()
    page.wait_for_url("**/leads/**")
    page.get_by_text("Columns", exact=True).click()
    page.get_by_role("checkbox", name="Export Status").check()
    page.get_by_role("button", name="Apply").click()
    page.wait_for_selector("#record-results th:has-text('Export Status')")
    expect(page.locator(".htmx-request")).to_have_count(0)
    assert _column(page, "Export Status") == {
        **{str(lead): "Exported" for lead in chosen},
        str(left_out): "Not Exported",
    }
    page.screenshot(path="test-results/export-flow-list.png", full_page=True)

    remote = org_records(emulator.base_url, host=org_host[0], sobject="Lead")
    assert sorted((r["Vendor_Record_Id__c"], r["LastName"]) for r in remote) == sorted(
        (str(lead.pk), lead.last_name) for lead in chosen
    )
    maps = RecordMap.objects.filter(lead__in=leads)
    assert {m.lead_id: m.export_status for m in maps} == {
        lead.pk: ExportStatus.EXPORTED for lead in chosen
    }
