"""CSV and Excel files: a return's controlled figures, the sharing app's disclosure log.
Formula-safe: a text cell that a spreadsheet would read as a formula (starting =, +, -, @, tab
or carriage return) is written with a leading apostrophe, so a narrative or a name can never
run as a formula on the reader's machine."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(rows: list[list], filename: str) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe("" if v is None else v) for v in row])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(sheets: list[tuple[str, list[list]]], filename: str) -> HttpResponse:
    """``sheets``: (title, rows); the first row of each is its header."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        for row in rows:
            sheet.append(["" if v is None else safe(v) for v in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for cell in sheet.iter_rows(min_row=1):
            for c in cell:
                if isinstance(c.value, str):
                    c.data_type = "s"  # never a formula, whatever the text
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
