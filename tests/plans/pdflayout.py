"""Read a plan's PDF back as laid out: each page's fill, and where each table's caption, rows and row groups fell.

The PDF is tagged (WeasyPrint's `pdf_tags=True`), so its structure tree says which marked text on
which page belongs to which caption, row and cell; pdfplumber gives that text its position.
"""

import io
from dataclasses import dataclass, field

import pdfplumber
from pdfplumber.structure import PDFStructElement, PDFStructTree

MM = 72 / 25.4
# The page's margins in templates/plans/pdf/plan.html's stylesheet (static/css/plan-pdf.css): 22 mm top, 24 mm bottom.
TOP_MARGIN = 22 * MM
BOTTOM_MARGIN = 24 * MM


@dataclass
class Row:
    """A table row: the pages its cells' text fell on, its cells' text, and what kind of row it is."""

    pages: set[int]
    cells: list[str]
    is_group: bool = False  # a row group's heading (a cost category's name)
    is_subtotal: bool = False

    @property
    def page(self) -> int:
        return min(self.pages)

    @property
    def text(self) -> str:
        return " | ".join(self.cells)


@dataclass
class Table:
    caption: str
    caption_pages: set[int]
    caption_bottom: float | None
    first_row_top: float | None
    rows: list[Row] = field(default_factory=list)
    groups: list[list[Row]] = field(default_factory=list)  # a group's heading, its lines and its sum
    figure_pages: list[int] = field(default_factory=list)  # the charts drawn right after the table


@dataclass
class Page:
    number: int
    height: float
    bottom: float  # the lowest text or drawing above the footer
    first_text: str

    @property
    def fill(self) -> float:
        """How much of the page's body (between the margins) is used, from 0 to 1."""
        body = self.height - TOP_MARGIN - BOTTOM_MARGIN
        return max(0.0, min(1.0, (self.bottom - TOP_MARGIN) / body))


@dataclass
class Layout:
    pages: list[Page]
    tables: list[Table]
    headings: list[tuple[str, int, str]]  # (tag, page, text)
    text: str


def _marked(element: PDFStructElement) -> list[tuple[int, int]]:
    """Return the (page, marked-content id) pairs of `element` and everything inside it."""
    found = [(element.page_number, mcid) for mcid in element.mcids or []]
    for child in element.children:
        found.extend(_marked(child))
    return found


def _walk(element: PDFStructElement):
    yield element
    for child in element.children:
        yield from _walk(child)


def read_layout(pdf: bytes) -> Layout:
    """Read `pdf` back: its pages' fill, its tables (caption, rows, groups, charts) and headings."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        chars_by_mcid: dict[tuple[int, int], list[dict]] = {}
        pages = []
        texts = []
        for page in document.pages:
            footer = page.height - BOTTOM_MARGIN + 2
            body_chars = [char for char in page.chars if char["bottom"] < footer]
            for char in page.chars:
                if char.get("mcid") is not None:
                    chars_by_mcid.setdefault((page.page_number, char["mcid"]), []).append(char)
            # Lines, rules and a chart's shapes count; images do not (the draft's watermark is the only one).
            drawings = [shape for shape in (*page.rects, *page.lines, *page.curves) if shape["bottom"] < footer]
            bottoms = [item["bottom"] for item in (*body_chars, *drawings)]
            text = page.extract_text() or ""
            texts.append(text)
            first = next((line.strip() for line in text.splitlines() if line.strip()), "")
            pages.append(Page(page.page_number, page.height, max(bottoms, default=TOP_MARGIN), first))

        def text_of(element) -> str:
            chars = [char for key in _marked(element) for char in chars_by_mcid.get(key, [])]
            return " ".join("".join(char["text"] for char in chars).split())

        def pages_of(element) -> set[int]:
            return {page for page, mcid in _marked(element) if chars_by_mcid.get((page, mcid))}

        def box(element) -> tuple[float | None, float | None]:
            chars = [char for key in _marked(element) for char in chars_by_mcid.get(key, [])]
            if not chars:
                return None, None
            return min(char["top"] for char in chars), max(char["bottom"] for char in chars)

        tables: list[Table] = []
        headings = []
        for element in (node for root in PDFStructTree(document) for node in _walk(root)):
            if element.type in ("H1", "H2", "H3", "H4"):
                headings.append((element.type, min(pages_of(element), default=0), text_of(element)))
            elif element.type == "Figure" and tables:
                tables[-1].figure_pages.append(element.page_number)
            elif element.type == "Table":
                caption = next((child for child in element.children if child.type == "Caption"), None)
                # A table broken over pages is tagged as one Table per page; every table in the plan has a
                # caption, so one without is the rest of the table before it.
                table = tables[-1] if caption is None and tables else None
                table = table or Table(
                    caption=text_of(caption) if caption else "",
                    caption_pages=pages_of(caption) if caption else set(),
                    caption_bottom=box(caption)[1] if caption else None,
                    first_row_top=None,
                )
                for part in element.children:
                    if part.type not in ("TBody", "TFoot"):
                        continue  # the header row, repeated on each page
                    for tr in (child for child in part.children if child.type == "TR"):
                        cells = [cell for cell in tr.children if cell.type in ("TD", "TH")]
                        row = Row(
                            pages=pages_of(tr),
                            cells=[text_of(cell) for cell in cells],
                            is_group=len(cells) == 1 and cells[0].type == "TH",
                        )
                        row.is_subtotal = bool(row.cells) and row.cells[0].startswith("Summa")
                        if not row.pages:
                            continue  # a row with no text (none in the plan's tables)
                        if not table.rows:
                            table.first_row_top = box(tr)[0]
                        table.rows.append(row)
                if not tables or table is not tables[-1]:
                    tables.append(table)
        for table in tables:
            # A group: a row group's heading (a cost category's name) and its lines, to its sum.
            heading = None
            for index, row in enumerate(table.rows):
                if row.is_group:
                    heading = index
                elif row.is_subtotal and heading is not None:
                    table.groups.append(table.rows[heading : index + 1])
                    heading = None
        return Layout(pages=pages, tables=tables, headings=headings, text="\n".join(texts))
