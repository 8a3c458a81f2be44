"""Spreadsheet files the Swedish way, in and out: what Swedish Excel writes, and what it opens.

In: CSV in UTF-8 (with or without byte-order mark) or Windows-1252, separated by `;` or
`,`, and XLSX. Out: `;`-separated CSV in UTF-8 with a byte-order mark, which Swedish
Excel opens with åäö intact, and XLSX. Every text cell that a spreadsheet would run as a
formula is made inert on the way out (OWASP's CSV injection advice). The formats are
django-import-export's, so that the admin's import and export pages offer them.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

import tablib
from django.utils.translation import gettext as _
from import_export.formats import base_formats

from .formatting import NARROW_NBSP, format_number

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class SpreadsheetError(ValueError):
    """A fault in a file as a whole (its encoding, its columns, its emptiness), in Swedish."""


def escape_formula(value):
    """Return a text cell that a spreadsheet would run as a formula with a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_cell(value) -> str:
    """Write one cell of a Swedish CSV: decimals with a comma and no grouping, so that Excel reads them as numbers."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_number(value).replace(NARROW_NBSP, "")
    if isinstance(value, str):
        return escape_formula(value)
    return str(value)


def csv_text(header: Sequence, rows: Iterable[Sequence]) -> str:
    """Return `header` and `rows` as a `;`-separated CSV with a byte-order mark, every text cell escaped."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_cell(cell) for cell in header])
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


def decode_text(data: bytes | str) -> str:
    """Decode a text file as UTF-8 (with or without BOM) or else as Windows-1252, as Swedish Excel saves it."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="strict")


def sniff_delimiter(text: str) -> str:
    """Return `;` or `,` (or a tab), whichever splits the header line (Swedish Excel writes `;`)."""
    header = text.splitlines()[0] if text else ""
    try:
        return csv.Sniffer().sniff(header, delimiters=";,\t").delimiter
    except csv.Error:
        return ";" if header.count(";") >= header.count(",") else ","


def _require_rows(dataset: tablib.Dataset) -> tablib.Dataset:
    if not dataset.headers or not any(any(str(cell or "").strip() for cell in row) for row in dataset):
        raise SpreadsheetError(_("Filen innehåller inga rader att läsa in."))
    return dataset


def _escape_dataset(dataset: tablib.Dataset) -> None:
    rows = [[escape_formula(cell) for cell in row] for row in dataset]
    del dataset[:]
    for row in rows:
        dataset.append(row)


class SwedishCSV(base_formats.CSV):
    """CSV in and out the Swedish way: any of Excel's encodings in, `;` and UTF-8 with BOM out."""

    def get_title(self):
        return "csv"

    def is_binary(self):
        # Read bytes, so that the encoding is decided here and not by the admin's default.
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        try:
            text = decode_text(in_stream)
        except UnicodeDecodeError:
            raise SpreadsheetError(_("Filen går inte att läsa som text (UTF-8 eller Windows-1252).")) from None
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            raise SpreadsheetError(_("Filen är tom."))
        try:
            rows = list(csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text)))
        except csv.Error:
            raise SpreadsheetError(_("Filen går inte att läsa som CSV.")) from None
        # Blank lines are kept as empty rows, so that row numbers in messages match the file.
        # Rows longer than the header get nameless columns, so that a stray delimiter
        # ("2,059,000" unquoted in a comma file) is reported, never silently cut off.
        width = max(len(row) for row in rows)
        dataset = tablib.Dataset(headers=rows[0] + [""] * (width - len(rows[0])))
        for row in rows[1:]:
            dataset.append(row + [""] * (width - len(row)))
        return _require_rows(dataset)

    def export_data(self, dataset, **kwargs):
        return csv_text(dataset.headers or [], dataset)

    def get_content_type(self):
        return "text/csv; charset=utf-8"


class SwedishXLSX(base_formats.XLSX):
    """XLSX, read from the first sheet, with every text cell escaped on the way out."""

    def create_dataset(self, in_stream, **kwargs):
        try:
            dataset = super().create_dataset(in_stream)
        except Exception:
            raise SpreadsheetError(_("Filen går inte att läsa som en Excel-fil (XLSX).")) from None
        return _require_rows(dataset)

    def export_data(self, dataset, **kwargs):
        _escape_dataset(dataset)
        return super().export_data(dataset, **kwargs)

    def _escape_formulae(self, dataset):
        """Escape nothing more: `export_data` has (django-import-export's own drops a leading "=" and makes
        numbers text)."""


FORMATS = [SwedishCSV, SwedishXLSX]


def format_for(file_name: str) -> base_formats.Format:
    """Return the format a file's name says it is in: XLSX for `.xlsx`, else CSV."""
    return SwedishXLSX() if file_name.lower().endswith(".xlsx") else SwedishCSV()
