"""Spreadsheet files the Swedish way, in and out: what Swedish Excel writes, and what it opens.

In: CSV in UTF-8 (with or without byte-order mark) or Windows-1252, separated by `;` or
`,`, and XLSX. Out: `;`-separated CSV in UTF-8 with a byte-order mark, which Swedish
Excel opens with åäö intact, and XLSX. Every text cell that a spreadsheet would run as a
formula is made inert on the way out (OWASP's CSV injection advice). The formats are
django-import-export's, so that the admin's import and export pages offer them.
"""

import codecs
import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

import tablib
from django.utils.translation import gettext as _
from import_export.formats import base_formats
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

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


# Byte-order marks, the longest first: UTF-32's little-endian mark begins with UTF-16's.
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
ZIP_START = b"PK\x03\x04"  # an XLSX file is a zip archive


def decode_text(data: bytes | str) -> str:
    """Decode a text file as its byte-order mark says (UTF-8, UTF-16, UTF-32), else as UTF-8 or Windows-1252.

    Raises SpreadsheetError ("fel teckenkodning") when the bytes are none of these: a
    text file with NUL bytes and no mark (UTF-16 without one) would otherwise be read
    as Windows-1252 and its columns never found.
    """
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        for mark, encoding in BYTE_ORDER_MARKS:
            if data.startswith(mark):
                return data.decode(encoding)
        if data.startswith(ZIP_START):
            raise SpreadsheetError(_("Filen är en Excel-fil, inte en CSV-fil: välj formatet XLSX."))
        if b"\x00" in data:
            raise UnicodeDecodeError("cp1252", data, data.index(b"\x00"), data.index(b"\x00") + 1, "NUL")
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="strict")
    except UnicodeDecodeError:
        raise SpreadsheetError(
            _(
                "Filen har fel teckenkodning och går inte att läsa som text. Spara den som CSV i UTF-8 "
                "(eller UTF-16 eller Windows-1252) och försök igen."
            )
        ) from None


BLANK_ROWS_PER_ROW = 10


def _is_blank(row: Sequence) -> bool:
    return not any(cell is not None and str(cell).strip() for cell in row)


def bounded_rows(rows: Iterable[Sequence], *, max_rows: int | None) -> list[list]:
    """Return the header and the rows after it up to the last filled one, reading no further than `max_rows` rows.

    Raises SpreadsheetError as soon as a filled row lies beyond `max_rows` rows after the
    header, so that an oversized file is refused without being read to its end. Blank rows
    between filled ones are kept (messages name the file's own row numbers); blank rows
    at the end, as spreadsheets often leave, are neither counted nor kept.
    """
    kept: list[list] = []
    blanks = 0
    # Blank rows cost little each, but not nothing: a file of blank rows alone is bounded too.
    max_blanks = None if max_rows is None else BLANK_ROWS_PER_ROW * max_rows
    for number, row in enumerate(rows):
        if number and _is_blank(row):
            blanks += 1
            if max_blanks is not None and number > max_blanks:
                raise SpreadsheetError(
                    _("Filen har fler än %(limit)s tomma rader; ta bort dem och försök igen.")
                    % {"limit": format_number(max_blanks)}
                )
            continue
        if max_rows is not None and number > max_rows:
            raise SpreadsheetError(
                _("Filen har fler än %(limit)s rader att läsa in; dela upp den i filer med högst %(limit)s rader var.")
                % {"limit": format_number(max_rows)}
            )
        kept.extend([] for _blank in range(blanks))
        blanks = 0
        kept.append(list(row))
    return kept


def _dataset(rows: list[list], *, fill) -> tablib.Dataset:
    # Rows longer than the header get nameless columns, so that a stray delimiter
    # ("2,059,000" unquoted in a comma file) is reported, never silently cut off.
    width = max(len(row) for row in rows)
    dataset = tablib.Dataset(headers=[*rows[0], *[""] * (width - len(rows[0]))])
    for row in rows[1:]:
        dataset.append([*row, *[fill] * (width - len(row))])
    return dataset


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
    """CSV in and out the Swedish way: any of Excel's encodings in, `;` and UTF-8 with BOM out.

    `max_rows` (None: no limit) bounds the rows read after the header; see `bounded_rows`.
    """

    max_rows: int | None = None

    def get_title(self):
        return "csv"

    def is_binary(self):
        # Read bytes, so that the encoding is decided here and not by the admin's default.
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        text = decode_text(in_stream)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            raise SpreadsheetError(_("Filen är tom."))
        try:
            reader = csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text))
            rows = bounded_rows(reader, max_rows=self.max_rows)
        except csv.Error:
            raise SpreadsheetError(_("Filen går inte att läsa som CSV.")) from None
        return _require_rows(_dataset(rows, fill=""))

    def export_data(self, dataset, **kwargs):
        return csv_text(dataset.headers or [], dataset)

    def get_content_type(self):
        return "text/csv; charset=utf-8"


# An XLSX file is XML zipped; a file under the size limit that unpacks to more than this is
# refused before it is read (a "zip bomb" would otherwise cost minutes and gigabytes).
XLSX_MAX_UNPACKED_BYTES = 16 * 1024 * 1024


class _StreamedSheet(ReadOnlyWorksheet):
    """openpyxl's read-only sheet, without the size check that reads a sheet stating no size to its end."""

    def _get_size(self):
        # Without a <dimension> element openpyxl parses every row to learn the sheet's size
        # before the first is read; the rows are counted as they come instead (bounded_rows).
        pass


def _xlsx_first_sheet_rows(data: bytes):
    """Return the opened archive and an iterator over the first worksheet's rows (values), streamed.

    The workbook's parts are read as openpyxl's `load_workbook(read_only=True)` reads
    them, but its worksheet is `_StreamedSheet`, so that opening costs nothing per row.
    """
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    if sum(info.file_size for info in reader.archive.infolist()) > XLSX_MAX_UNPACKED_BYTES:
        reader.archive.close()
        raise SpreadsheetError(_("Filen går inte att läsa som en Excel-fil (XLSX): den packas upp till för mycket."))
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)  # number formats: which numbers are dates
    sheets = [
        (sheet, rel)
        for sheet, rel in reader.parser.find_sheets()
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type
    ]
    if not sheets:
        reader.archive.close()
        raise SpreadsheetError(_("Filen innehåller inga rader att läsa in."))
    sheet, rel = sheets[0]
    worksheet = _StreamedSheet(reader.wb, sheet.name, rel.target, reader.shared_strings)
    return reader.archive, worksheet.iter_rows(values_only=True)


class SwedishXLSX(base_formats.XLSX):
    """XLSX, read from the first sheet (at most `max_rows` rows after its header), escaped on the way out."""

    max_rows: int | None = None

    def create_dataset(self, in_stream, **kwargs):
        try:
            archive, rows = _xlsx_first_sheet_rows(in_stream)
        except SpreadsheetError:
            raise
        except Exception:
            raise SpreadsheetError(_("Filen går inte att läsa som en Excel-fil (XLSX).")) from None
        try:
            rows = bounded_rows(rows, max_rows=self.max_rows)
        except SpreadsheetError:
            raise
        except Exception:
            raise SpreadsheetError(_("Filen går inte att läsa som en Excel-fil (XLSX).")) from None
        finally:
            archive.close()
        if not rows:
            raise SpreadsheetError(_("Filen innehåller inga rader att läsa in."))
        return _require_rows(_dataset(rows, fill=None))

    def export_data(self, dataset, **kwargs):
        _escape_dataset(dataset)
        return super().export_data(dataset, **kwargs)

    def _escape_formulae(self, dataset):
        """Escape nothing more: `export_data` has (django-import-export's own drops a leading "=" and makes
        numbers text)."""


FORMATS = [SwedishCSV, SwedishXLSX]


def format_for(file_name: str, *, max_rows: int | None = None) -> base_formats.Format:
    """Return the format a file's name says it is in (XLSX for `.xlsx`, else CSV), reading at most `max_rows` rows."""
    file_format = SwedishXLSX() if file_name.lower().endswith(".xlsx") else SwedishCSV()
    file_format.max_rows = max_rows
    return file_format
