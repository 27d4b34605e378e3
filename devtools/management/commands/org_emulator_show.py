"""Print what the emulated orgs hold: orgs and API usage, or one object's records."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from emulator.control import (
    SHOWN_FIELDS,
    EmulatorControlError,
    org_records,
    org_stats,
    orgs_list,
)

CELL_WIDTH = 32


def table(rows: list[list[Any]], header: list[str]) -> str:
    """Render rows as a fixed-width text table, long cells cut short."""
    cells = [[_cell(value) for value in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= CELL_WIDTH else text[: CELL_WIDTH - 1] + "…"


class Command(BaseCommand):
    help = (
        "Show the emulated orgs (host, usage, record counts), or with --org the API usage and "
        "the records of one object."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default=None, help="Emulator URL (SALESFORCE_EMULATOR_URL).")
        parser.add_argument("--org", default=None, help="An org's My Domain host.")
        parser.add_argument("--object", default="Lead", help="Object whose records to list.")
        parser.add_argument("--fields", default=None, help="Comma-separated columns to show.")

    def handle(self, *args: Any, url: str | None, org: str | None, **options: Any) -> None:
        base_url = url or settings.SALESFORCE_EMULATOR_URL
        if not base_url:
            raise CommandError("No emulator URL: pass --url or set SALESFORCE_EMULATOR_URL.")
        try:
            if org is None:
                self.stdout.write(self._orgs(base_url))
            else:
                self.stdout.write(
                    self._records(base_url, org, options["object"], options["fields"])
                )
        except EmulatorControlError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"No emulator answers at {base_url}: {error}") from error

    def _orgs(self, base_url: str) -> str:
        orgs = orgs_list(base_url)
        if not orgs:
            return f"No emulated orgs at {base_url}."
        rows = [
            [
                org["host"],
                org["org_id"],
                org["client_id"],
                f"{org['api_requests']}/{org['api_limit']}",
                ", ".join(
                    f"{name} {count}" for name, count in org["record_counts"].items() if count
                ),
            ]
            for org in orgs
        ]
        return table(rows, ["host", "org id", "client id", "API used", "records"])

    def _records(self, base_url: str, host: str, sobject: str, fields: str | None) -> str:
        stats = org_stats(base_url, host=host)
        records = org_records(base_url, host=host, sobject=sobject)
        columns = fields.split(",") if fields else SHOWN_FIELDS.get(sobject, ["Id", "Name"])
        columns = [*columns, "LastModifiedById", "SystemModstamp"]
        usage = (
            f"{host}: {stats['api_requests']}/{stats['api_limit']} API requests, "
            f"{stats['token_requests']} token requests; "
            + ", ".join(f"{name} {count}" for name, count in sorted(stats["endpoints"].items()))
        )
        if not records:
            return f"{usage}\nNo {sobject} records."
        rows = [[record.get(column) for column in columns] for record in records]
        return f"{usage}\n{len(records)} {sobject} records:\n{table(rows, columns)}"
