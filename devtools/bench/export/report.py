"""The export benchmark's figures as Markdown."""

from __future__ import annotations

from devtools.bench.export.run import BenchResult, PathResult

HEADER = (
    "| path | records | API requests | wall s | CPU ms/record | SQL statements | target | |\n"
    "|---|---:|---:|---:|---:|---:|---|---|"
)


def _row(path: PathResult) -> str:
    m = path.measured
    verdict = "MISSED: " + "; ".join(path.problems) if path.problems else "OK"
    return (
        f"| {path.name} | {m.records:,} | {m.requests} | {m.wall_seconds:.2f} "
        f"| {m.cpu_ms_per_record:.3f} | {m.queries} | {path.target} | {verdict} |"
    )


def _calls(path: PathResult) -> str:
    calls = ", ".join(f"{name} {count}" for name, count in sorted(path.measured.endpoints.items()))
    return f"- {path.name}: {calls or 'no requests'}"


def _limit_note(records: int, configured: int) -> str:
    if records <= configured:
        return f"EXPORT_MAX_RECORDS ({configured:,}) as configured; EXPORT_BULK_THRESHOLD per path."
    return (
        f"EXPORT_MAX_RECORDS raised from {configured:,} to {records:,} for this run (it measures "
        "the engine, not the limit); EXPORT_BULK_THRESHOLD set per path."
    )


def report_markdown(result: BenchResult) -> str:
    """The table, the calls per endpoint, and the settings the run changed."""
    records = result.options.records
    lines = [
        f"Export of {records:,} leads to an emulated partner org (emulator in its own process; "
        f"{result.machine['cpus']} CPUs, {result.machine['database']}).",
        _limit_note(records, result.export_max_records),
        "CPU is this process's time (time.process_time) from export_start to the job's end.",
        "",
        HEADER,
        *(_row(path) for path in result.paths),
        "",
        "Requests per endpoint:",
        *(_calls(path) for path in result.paths),
        "",
        "Target met." if result.met else "Target MISSED.",
    ]
    if result.options.cpu_target_ms is None:
        lines.append("(CPU time printed, not judged: --no-cpu-target.)")
    return "\n".join(lines) + "\n"
