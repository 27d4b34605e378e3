"""CSV and XLSX output: formulas quoted, dates in ISO 8601, UTF-8 marked for spreadsheets."""

from __future__ import annotations

import datetime as dt

import openpyxl

from core.tabular import cell_text, csv_lines, spreadsheet_safe, xlsx_file


def test_text_that_would_start_a_formula_is_quoted_and_other_values_are_kept():
    for formula in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert spreadsheet_safe(formula) == "'" + formula
    assert spreadsheet_safe("Acme") == "Acme"
    assert spreadsheet_safe(-1) == -1


def test_cells_are_text_with_iso_dates_and_nothing_for_none():
    assert cell_text(None) == ""
    assert cell_text(dt.date(2026, 12, 3)) == "2026-12-03"
    assert cell_text(dt.datetime(2026, 12, 3, 9, 30)) == "2026-12-03 09:30:00"
    assert cell_text(12) == "12"


def test_csv_lines_start_with_a_byte_order_mark_unless_asked_not_to():
    lines = list(csv_lines(["Name", "Note"], [["Acme", "=HYPERLINK()"]]))
    assert lines == ["\ufeff", "Name,Note\r\n", "Acme,'=HYPERLINK()\r\n"]
    plain = list(csv_lines(["Name"], [["Acme"]], byte_order_mark=False))
    assert plain == ["Name\r\n", "Acme\r\n"]


def test_an_xlsx_sheet_holds_the_rows_with_formulas_quoted():
    with xlsx_file(["Name"], [["=1+1"]], title="Leads") as file:
        workbook = openpyxl.load_workbook(file)
    sheet = workbook["Leads"]
    assert [cell.value for cell in sheet["A"]] == ["Name", "'=1+1"]


def test_an_xlsx_sheet_title_is_cut_to_what_excel_accepts():
    with xlsx_file(["Name"], [], title="Connected External Opportunities") as file:
        assert openpyxl.load_workbook(file).sheetnames == ["Connected External Opportunitie"]
