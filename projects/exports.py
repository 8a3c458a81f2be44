"""CSV and XLSX files of goal attainment and the national follow-up figures.

CSV files are written for Swedish Excel: semicolons, UTF-8 with a byte-order mark.
Amounts are plain whole kronor in the CSV so a spreadsheet or the national system
reads them as numbers; the XLSX keeps them numeric with a "4 118 000 kr" display
format. Any text cell that a spreadsheet would take for a formula is escaped.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from core.formatting import isodate
from core.spreadsheets import csv_text, escape_formula

from .selectors import Matrix, NationalRow

FILLS = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE", "grey": "E7E6E6"}


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
    "Ägare",
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
                project.owner_label,
            ]
        )
    return rows


def matrix_csv(matrix: Matrix) -> bytes:
    return csv_text(MATRIX_HEADER, _matrix_rows(matrix)).encode("utf-8")


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
    for letter, width in zip("ABCDEFGHIJK", (24, 12, 14, 70, 22, 14, 16, 14, 18, 8, 30), strict=True):
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
    "Ägare",
    "Period",
]


def _total(*counts):
    return None if all(count is None for count in counts) else sum(count or 0 for count in counts)


def national_csv(year: int, rows: list[NationalRow]) -> bytes:
    """Return the national follow-up figures: per insats, aggregated counts and amounts only."""
    return csv_text(
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
                row.project.owner_label,
                row.project.period_label(),
            ]
            for row in rows
        ],
    ).encode("utf-8")
