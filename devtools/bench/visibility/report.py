"""The benchmark's results as Markdown, ready for BENCHMARKS.md."""

from __future__ import annotations

from devtools.bench.visibility.measure import Row
from devtools.bench.visibility.run import BenchResult

TARGET_RATIO = 3.0
HEADER = (
    "| who | users | leads seen (median) | selector median / p95 ms | floor median / p95 ms "
    "| floor company size | baseline median / p95 ms | selector / floor | queries at 10 / 50 "
    "| same page and count as baseline |"
)


def _row(row: Row) -> str:
    return (
        f"| {row.label} | {row.users} | {row.visible:,} "
        f"| {row.selector.median_ms:.2f} / {row.selector.p95_ms:.2f} "
        f"| {row.floor.median_ms:.2f} / {row.floor.p95_ms:.2f} | {row.floor_size:,} "
        f"| {row.baseline.median_ms:.1f} / {row.baseline.p95_ms:.1f} | {row.ratio:.2f} "
        f"| {row.queries_small} / {row.queries_page} | {row.agreeing} of {row.users} |"
    )


def report_markdown(result: BenchResult) -> str:
    """The load timings, the machine and the results table."""
    lines = ["## Data generation", "", "| step | seconds | rows |", "|---|---:|---:|"]
    for step, seconds in result.load.seconds.items():
        rows = result.load.rows.get(step)
        lines.append(f"| {step} | {seconds:.1f} | {'' if rows is None else f'{rows:,}'} |")
    total = sum(result.load.seconds.values())
    lines += [f"| total | {total:.1f} | |", "", "## Machine and data", ""]
    lines += [f"- {name}: {value}" for name, value in result.machine.items()]
    lines += ["", "## One list page (50 newest leads + count)", "", HEADER]
    lines.append("|" + "---|" * HEADER.count(" | ") + "---|")
    lines += [_row(row) for row in result.rows]
    lines += ["", f"Measured in {result.measure_seconds:.0f} s.", "", *verdict(result.rows)]
    return "\n".join(lines)


def verdict(rows: list[Row]) -> list[str]:
    """Which rows miss the target: 3x the floor, and the same query count for 10 and 50 rows."""
    slow = [r.label for r in rows if r.ratio > TARGET_RATIO]
    growing = [r.label for r in rows if not r.queries_equal]
    wrong = [r.label for r in rows if r.agreeing != r.users]
    if not (slow or growing or wrong):
        return [
            "Every row is within 3x of the floor; the query count does not grow with page size."
        ]
    return [
        *(f"Slower than 3x the floor: {label}." for label in slow),
        *(f"Query count grows with page size: {label}." for label in growing),
        *(f"Selector and baseline disagree: {label}." for label in wrong),
    ]
