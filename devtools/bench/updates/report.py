"""The two-way updates benchmark's figures as Markdown."""

from __future__ import annotations

from devtools.bench.updates.latency import Latency
from devtools.bench.updates.run import PollCost, UpdatesResult

HEADER = "| figure | measured | target | |\n|---|---:|---|---|"


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISSED"


def _poll_row(poll: PollCost) -> str:
    figure = (
        f"SOQL requests of one poll, {poll.changed:,} of {poll.records:,} leads changed in the org"
    )
    return f"| {figure} | {poll.soql} | <= {poll.target} | {_verdict(poll.soql <= poll.target)} |"


def _latency_row(latency: Latency) -> str:
    figure = (
        f"edit to the org's Connected External Lead, median of {len(latency.seconds)} "
        f"(push window {latency.window_seconds:g} s)"
    )
    if latency.target_seconds is None:
        return f"| {figure} | {latency.median:.2f} s | not judged | |"
    target = f"<= {latency.target_seconds:g} s"
    return f"| {figure} | {latency.median:.2f} s | {target} | {_verdict(latency.met)} |"


def _poll_line(poll: PollCost) -> str:
    calls = ", ".join(f"{name} {count}" for name, count in sorted(poll.endpoints.items()))
    r = poll.report
    return (
        f"Poll: {poll.requests} requests in all ({calls or 'none'}); {r.returned:,} records "
        f"returned, {r.changed:,} changed, {r.ignored:,} echoes of our pushes; "
        f"{poll.wall_seconds:.2f} s, {poll.statements} SQL statements."
    )


def _latency_line(latency: Latency) -> str:
    return (
        f"Edit to org over {len(latency.seconds)} edits: median {latency.median:.2f} s, "
        f"p90 {latency.p90:.2f} s, max {max(latency.seconds):.2f} s, "
        f"min {min(latency.seconds):.2f} s. Tasks of the connection the worker ran meanwhile: "
        f"push {latency.tasks.get('push', 0)}, scheduled update cycle "
        f"{latency.tasks.get('cycle', 0)}."
    )


def updates_report_markdown(result: UpdatesResult) -> str:
    """The two figures against their targets, then the detail behind each."""
    options = result.options
    lines = [
        f"Two-way updates with {options.records:,} leads exported to an emulated partner org "
        f"(emulator and worker in processes of their own; {result.machine['cpus']} CPUs, "
        f"{result.machine['database']}).",
        "",
        HEADER,
    ]
    details = []
    if result.poll is not None:
        lines.append(_poll_row(result.poll))
        details.append(_poll_line(result.poll))
    if result.latency is not None:
        lines.append(_latency_row(result.latency))
        details.append(_latency_line(result.latency))
    lines += ["", *details, "", "Targets met." if result.met else "Target MISSED."]
    return "\n".join(lines) + "\n"
