"""The emulated orgs page for vendor staff: what each org holds, so exports can be seen arriving."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from emulator.control import (
    SHOWN_FIELDS,
    EmulatorControlError,
    org_records,
    org_stats,
    orgs_list,
)

# The newest records are shown; an org holding more says how many are left out.
MAX_ROWS = 200
EXTRA_FIELDS = ["LastModifiedById", "SystemModstamp"]


def _base_url() -> str:
    base_url: str = settings.SALESFORCE_EMULATOR_URL
    if not base_url:
        raise Http404("The org emulator is not in use (SALESFORCE_EMULATOR_URL is empty).")
    return base_url


@staff_member_required
def emulated_orgs(request: HttpRequest) -> HttpResponse:
    """Every emulated org with its API usage and record counts."""
    base_url = _base_url()
    context: dict[str, Any] = {"base_url": base_url, "orgs": [], "error": ""}
    try:
        context["orgs"] = orgs_list(base_url)
    except (EmulatorControlError, OSError) as error:
        context["error"] = f"The org emulator at {base_url} does not answer: {error}"
    return render(request, "devtools/emulated_orgs.html", context)


@staff_member_required
def emulated_org(request: HttpRequest, host: str, sobject: str) -> HttpResponse:
    """One org's records of one object, newest first, with the org's API usage."""
    base_url = _base_url()
    try:
        summary = next((o for o in orgs_list(base_url) if o["host"] == host), None)
        if summary is None:
            raise Http404(f"No emulated org {host}.")
        if sobject not in summary["objects"]:
            raise Http404(f"{host} has no object {sobject}.")
        stats = org_stats(base_url, host=host)
        records = org_records(base_url, host=host, sobject=sobject)
    except EmulatorControlError as error:
        raise Http404(f"No emulated org {host}.") from error
    except OSError as error:
        failed = {"base_url": base_url, "orgs": [], "error": f"No answer: {error}"}
        return render(request, "devtools/emulated_orgs.html", failed)
    fields = [*_fields_of(sobject, records), *EXTRA_FIELDS]
    newest = list(reversed(records))[:MAX_ROWS]
    context: dict[str, Any] = {
        "host": host,
        "sobject": sobject,
        # Every object the org holds records of (the Connected External objects too).
        "objects": _objects_held(summary),
        "stats": stats,
        "endpoints": sorted(stats["endpoints"].items()),
        "fields": fields,
        "rows": [[record.get(field) for field in fields] for record in newest],
        "total": len(records),
        "max_rows": MAX_ROWS,
    }
    return render(request, "devtools/emulated_org.html", context)


def _objects_held(summary: dict[str, Any]) -> list[str]:
    counts = summary.get("record_counts", {})
    held = [name for name, count in counts.items() if count]
    return sorted({*SHOWN_FIELDS, *held})


def _fields_of(sobject: str, records: list[dict[str, Any]]) -> list[str]:
    """The columns of an object: the chosen ones of Lead and Opportunity, else its first fields."""
    if sobject in SHOWN_FIELDS:
        return SHOWN_FIELDS[sobject]
    names = [
        k for k in (records[0] if records else {}) if k != "attributes" and k not in EXTRA_FIELDS
    ]
    first = [n for n in ("Id", "Name") if n in names]
    return first + [n for n in names if n not in first][: 10 - len(first)]
