"""CSV and XLSX files of goal attainment and the national follow-up figures.

CSV files are written for Swedish Excel: semicolons, UTF-8 with a byte-order mark.
Amounts are plain whole kronor in the CSV so a spreadsheet or the national system
reads them as numbers; the XLSX keeps them numeric with a "4 118 000 kr" display
format. Any text cell that a spreadsheet would take for a formula is escaped.
"""

import csv
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from core.formatting import format_number, isodate

from .selectors import Matrix, NationalRow

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FILLS = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE", "grey": "E7E6E6"}


def escape_formula(value):
    """Return `value` with a leading apostrophe when a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if cell is None else escape_formula(_cell_text(cell)) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell_text(cell) -> str:
    if isinstance(cell, Decimal):
        # Decimal comma, no grouping: Swedish Excel reads "12,5" as a number.
        return format_number(cell).replace("\u202f", "")
    return str(cell)


MATRIX_HEADER = [
    "Insats",
    "Status",
    "Sikt",
    "Mål",
    "Målvärde",
    "Senaste värde",
    "Rapport",
    "Perioden till",
    "Måluppfyllelse",
    "Färg",
]


def _matrix_rows(matrix: Matrix) -> list[list]:
    rows = []
    for project, row in matrix.rows:
        goal, latest = row.goal, row.latest
        rows.append(
            [
                project.name,
                project.get_status_display(),
                goal.get_term_display(),
                goal.text,
                str(goal.target_spec) if goal.target_spec else "",
                latest.value if latest else None,
                latest.report.get_kind_display() if latest else "",
                isodate(latest.report.period_end) if latest else "",
                str(row.attainment.label),
                str(row.attainment.colour_label),
            ]
        )
    return rows


def matrix_csv(matrix: Matrix) -> bytes:
    return _csv(MATRIX_HEADER, _matrix_rows(matrix))


def matrix_xlsx(matrix: Matrix) -> bytes:
    """Return the matrix as an Excel workbook, each attainment cell filled with its colour."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Måluppfyllelse {matrix.year}"
    sheet.append(MATRIX_HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for (_project, goal_row), values in zip(matrix.rows, _matrix_rows(matrix), strict=True):
        sheet.append([escape_formula(value) for value in values])
        fill = PatternFill("solid", fgColor=FILLS[goal_row.attainment.colour])
        sheet.cell(row=sheet.max_row, column=9).fill = fill
        sheet.cell(row=sheet.max_row, column=10).fill = fill
    for letter, width in zip("ABCDEFGHIJ", (24, 12, 14, 70, 22, 14, 16, 14, 18, 8), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


NATIONAL_HEADER = [
    "År",
    "Insats",
    "Inriktning",
    "Status",
    "Budget (kr)",
    "Utfall (kr)",
    "Planerade deltagare kvinnor",
    "Planerade deltagare män",
    "Planerade deltagare totalt",
    "Faktiska deltagare kvinnor",
    "Faktiska deltagare män",
    "Faktiska deltagare totalt",
    "Deltagare enligt rapport",
]


def _total(*counts):
    return None if all(count is None for count in counts) else sum(count or 0 for count in counts)


def national_csv(year: int, rows: list[NationalRow]) -> bytes:
    """Return the national follow-up figures: per insats, aggregated counts and amounts only."""
    return _csv(
        NATIONAL_HEADER,
        [
            [
                year,
                row.project.name,
                row.project.get_kind_display(),
                row.project.get_status_display(),
                row.budget,
                row.spent,
                row.planned_women,
                row.planned_men,
                _total(row.planned_women, row.planned_men),
                row.actual_women,
                row.actual_men,
                _total(row.actual_women, row.actual_men),
                f"{row.report.get_kind_display()} {isodate(row.report.period_start)}–{isodate(row.report.period_end)}"
                if row.report
                else "",
            ]
            for row in rows
        ],
    )
