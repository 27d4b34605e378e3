"""CSV and XLSX output that a spreadsheet program opens safely: one place for every download.

A cell whose text starts like a formula (``=``, ``+``, ``-``, ``@``, a tab or a carriage
return) is prefixed with a quote, so a spreadsheet shows it instead of running it (OWASP's
advice on CSV injection). CSV is produced line by line, for ``StreamingHttpResponse``; XLSX is
written row by row into a temporary file (openpyxl's write-only mode), for ``FileResponse``, so
neither holds the whole download in memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

import openpyxl

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"


class Echo:
    """A file-like sink whose write returns the line, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def spreadsheet_safe(value: Any) -> Any:
    """``value``, with text that would start a formula quoted; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell_text(value: Any) -> str:
    """A value as CSV text: empty for None, ISO 8601 for dates and times, formulas quoted."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(spreadsheet_safe(value))


def csv_lines(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, byte_order_mark: bool = True
) -> Iterator[str]:
    """The lines of a CSV file; the byte-order mark makes spreadsheet programs read UTF-8."""
    writer = csv.writer(Echo())
    if byte_order_mark:
        yield BYTE_ORDER_MARK
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([cell_text(value) for value in row])


# Excel refuses sheet titles longer than 31 characters.
SHEET_TITLE_MAX = 31


def xlsx_file(header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str) -> IO[bytes]:
    """An XLSX workbook of one sheet named ``title``, formulas quoted, in a rewound temp file.

    Rows are written as they come (write-only mode keeps no cells in memory); the caller
    streams the file and closes it.
    """
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:SHEET_TITLE_MAX])
    sheet.append(list(header))
    for row in rows:
        sheet.append([spreadsheet_safe(value) for value in row])
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    book.save(out)
    out.seek(0)
    return out
