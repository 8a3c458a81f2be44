"""What changed between two stored versions of a plan, as a board member reads it.

A version stores its whole document (rendered, sanitised text and the data blocks' HTML:
see selectors.Document), so two versions are compared as rendered documents, not as
Markdown source: each section becomes a sequence of paragraphs (a paragraph, a list item,
a heading, …) and tables. Paragraphs are compared word by word, tables row by row and cell
by cell (a row is known by its label and the group it stands in), so a budget line that
went from 45 000 kr to 50 000 kr reads as exactly that, not as a rewritten table.
Charts (images) are not compared: they draw the tables that are.

`document_changes(old, new)` returns a `Changes`: a summary a politician reads first and,
per changed section, only the changed paragraphs (with a little context) and rows.
"""

import difflib
import html
import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

import tinyhtml5  # WeasyPrint's own HTML parser: always there where the PDF is made
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .selectors import Document, DocumentSection

# Elements whose text is one paragraph of the comparison.
PARAGRAPHS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "pre", "caption", "figcaption"}
LISTS = {"ul", "ol"}
# Inline markup kept when a changed paragraph is shown (with its safe attributes).
INLINE = {"strong": (), "b": (), "em": (), "i": (), "u": (), "s": (), "sub": (), "sup": (), "mark": (),
          "small": (), "code": (), "a": ("href", "title"), "abbr": ("title",)}  # fmt: skip
SKIPPED = {"img", "svg", "script", "style", "figure"}  # charts draw the tables, which are compared
NUMBER = re.compile(r"^[−\-+]?\s*[0-9][0-9\s\u202f\u00a0.,]*(\s*(kr|%|tkr|st))?$")
CONTEXT_WORDS = 14
SUMMARY_FIGURES = 6
ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
CONTEXT = "context"


def _text(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


@dataclass
class Paragraph:
    tag: str  # "p", "li", "h3" …
    element: Element
    text: str

    @property
    def signature(self):
        return ("p", self.tag, self.text)


@dataclass
class Row:
    cells: list[str]
    numeric: list[bool]
    group: str  # the row group it stands in ("Styrelse och revision"), "" when none
    derived: bool  # a sum or a result: follows from the rows above it
    is_group: bool = False

    @property
    def label(self) -> str:
        return self.cells[0] if self.cells else ""

    @property
    def key(self):
        return (self.group, self.label)


@dataclass
class Table:
    caption: str
    header: list[list[str]]
    rows: list[Row]
    index: int

    @property
    def signature(self):
        return ("t", self.caption or f"#{self.index}")


def _is_numeric(cell: Element, text: str) -> bool:
    return "amount" in (cell.get("class") or "").split() or bool(text and NUMBER.match(text))


def _table(element: Element, index: int) -> Table:
    caption = ""
    header: list[list[str]] = []
    rows: list[Row] = []
    group = ""

    def add(tr: Element, *, in_head: bool):
        nonlocal group
        cells = [cell for cell in tr if _local(cell.tag) in ("td", "th")]
        texts = [_text(cell) for cell in cells]
        if in_head or (not rows and cells and all(cell.get("scope") == "col" for cell in cells)):
            header.append(texts)
            return
        classes = (tr.get("class") or "").split()
        if len(cells) == 1 and (cells[0].get("scope") == "rowgroup" or "group" in classes):
            group = texts[0]
            rows.append(Row(texts, [False], "", False, is_group=True))
            return
        derived = bool({"subtotal", "total"} & set(classes)) or texts[:1] in (["Summa"], ["Totalt"])
        rows.append(Row(texts, [_is_numeric(c, t) for c, t in zip(cells, texts, strict=True)], group, derived))

    for child in element:
        tag = _local(child.tag)
        if tag == "caption":
            caption = _text(child)
        elif tag == "tr":
            add(child, in_head=False)
        elif tag in ("thead", "tbody", "tfoot"):
            for tr in child:
                if _local(tr.tag) == "tr":
                    add(tr, in_head=tag == "thead")
    return Table(caption, header, rows, index)


def _units(fragment: str, tables: list[int]) -> list[Paragraph | Table]:
    """Split rendered HTML into paragraphs and tables, in order."""
    if not fragment or not fragment.strip():
        return []
    body = tinyhtml5.parse(f"<body>{fragment}</body>", namespace_html_elements=False).find("body")
    units: list[Paragraph | Table] = []

    def walk(element: Element):
        loose = (element.text or "").strip()
        if loose:  # text straight in a <div>: a paragraph of its own
            units.append(Paragraph("p", _wrap(loose), loose))
        for child in element:
            tag = _local(child.tag)
            if tag in SKIPPED:
                pass
            elif tag == "table":
                units.append(_table(child, tables[0]))
                tables[0] += 1
            elif tag in LISTS:
                for item in child:
                    if _local(item.tag) == "li":
                        units.append(Paragraph("li", item, _item_text(item)))
                        for nested in item:
                            if _local(nested.tag) in LISTS:
                                walk(_holder(nested))
            elif tag in PARAGRAPHS or tag == "blockquote":
                text = _text(child)
                if text:
                    units.append(Paragraph(tag if tag in PARAGRAPHS else "p", child, text))
            else:
                walk(child)
            tail = (child.tail or "").strip()
            if tail:
                units.append(Paragraph("p", _wrap(tail), tail))

    walk(body)
    return units


def _wrap(text: str) -> Element:
    element = Element("p")
    element.text = text
    return element


def _holder(element: Element) -> Element:
    holder = Element("div")
    holder.append(element)
    return holder


def _item_text(item: Element) -> str:
    return " ".join(word for word, _marks in _tokens(item))


def _tokens(element: Element, marks: tuple = ()) -> list[tuple[str, tuple]]:
    """Return the words of a paragraph, each with the inline markup it stands in."""
    tokens = [(word, marks) for word in (element.text or "").split()]
    for child in element:
        tag = _local(child.tag)
        if tag in LISTS or tag in SKIPPED:
            pass  # a nested list is compared item by item on its own
        elif tag == "br":
            tokens.append(("\n", ()))
        elif tag in INLINE:
            attrs = tuple((name, child.get(name)) for name in INLINE[tag] if child.get(name))
            tokens.extend(_tokens(child, (*marks, (tag, attrs))))
        else:
            tokens.extend(_tokens(child, marks))
        tokens.extend((word, marks) for word in (child.tail or "").split())
    return tokens


def _render_tokens(tokens: list[tuple[str, tuple]]) -> str:
    runs: list[tuple[tuple, list[str]]] = []
    for word, marks in tokens:
        if word == "\n":
            runs.append(((), ["<br>"]))
        elif runs and runs[-1][0] == marks and runs[-1][1] != ["<br>"]:
            runs[-1][1].append(html.escape(word))
        else:
            runs.append((marks, [html.escape(word)]))
    out = []
    for marks, words in runs:
        text = " ".join(words)
        for tag, attrs in reversed(marks):
            attributes = "".join(f' {name}="{html.escape(value)}"' for name, value in attrs)
            text = f"<{tag}{attributes}>{text}</{tag}>"
        out.append(text)
    return " ".join(out).replace(" <br> ", "<br>")


def mark(op: str, inner: str) -> str:
    """Mark text as added or removed, for eyes (underline, strike) and screen readers (a word before it)."""
    if op == ADDED:
        return f'<ins><span class="visually-hidden">{html.escape(_("Tillagt:"))} </span>{inner}</ins>'
    return f'<del><span class="visually-hidden">{html.escape(_("Borttaget:"))} </span>{inner}</del>'


def word_diff_html(old_tokens, new_tokens) -> str:
    """Return the new paragraph's words with those added and removed since the old one marked."""
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    out = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(_render_tokens(new_tokens[b1:b2]))
            continue
        if a2 > a1:
            out.append(mark(REMOVED, _render_tokens(old_tokens[a1:a2])))
        if b2 > b1:
            out.append(mark(ADDED, _render_tokens(new_tokens[b1:b2])))
    return " ".join(part for part in out if part)


@dataclass
class ParagraphChange:
    kind: str  # ADDED, REMOVED, CHANGED or CONTEXT
    tag: str
    html: SafeString
    type: str = "paragraph"


@dataclass
class CellChange:
    text: str
    before: str | None  # the old text when the cell changed
    numeric: bool
    column: str  # the column's header, for a row read on a narrow screen

    @property
    def changed(self) -> bool:
        return self.before is not None


@dataclass
class RowChange:
    kind: str  # ADDED, REMOVED or CHANGED
    cells: list[CellChange]
    is_group: bool = False


@dataclass
class TableChange:
    caption: str
    header: list[CellChange]  # the header row as it is now (cells with `before` when a heading changed)
    header_changed: bool
    rows: list[RowChange]
    kind: str = CHANGED  # ADDED, REMOVED (a whole table) or CHANGED
    type: str = "table"


@dataclass
class FigureChange:
    """One changed cell, as the summary states it: "6.2 Revision: 60 000 kr → 65 000 kr"."""

    section_number: str
    label: str
    before: str
    after: str
    derived: bool  # a sum or result, following from another change

    def __str__(self) -> str:
        return f"{self.section_number} {self.label}: {self.before or '–'} → {self.after or '–'}"


@dataclass
class SectionChanges:
    number: str
    title: str
    anchor: str
    kind: str  # ADDED, REMOVED or CHANGED
    title_html: SafeString  # the title, with a changed word marked
    items: list[ParagraphChange | TableChange] = field(default_factory=list)
    figures: list[FigureChange] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def kind_label(self) -> str:
        return {ADDED: _("nytt avsnitt"), REMOVED: _("borttaget avsnitt"), CHANGED: _("ändrat")}[self.kind]

    @property
    def text_changed(self) -> bool:
        return any(item.type == "paragraph" and item.kind != CONTEXT for item in self.items)

    @property
    def what(self) -> str:
        """Say briefly what changed in the section: "text och 2 uppgifter i tabeller"."""
        parts = []
        if self.text_changed:
            parts.append(_("text"))
        cells = sum(1 for figure in self.figures if not figure.derived)
        rows = sum(1 for item in self.items if item.type == "table" for row in item.rows if row.kind != CHANGED)
        if cells:
            parts.append(ngettext("%(count)d uppgift", "%(count)d uppgifter", cells) % {"count": cells})
        if rows:
            parts.append(ngettext("%(count)d rad", "%(count)d rader", rows) % {"count": rows})
        if not parts and any(item.type == "table" for item in self.items):
            parts.append(_("tabell"))
        if not parts:
            parts.append(_("rubrik"))
        return _(" och ").join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else parts[0]


@dataclass
class Changes:
    sections: list[SectionChanges]

    @property
    def changed(self) -> list[SectionChanges]:
        return [section for section in self.sections if section.kind == CHANGED]

    @property
    def added(self) -> list[SectionChanges]:
        return [section for section in self.sections if section.kind == ADDED]

    @property
    def removed(self) -> list[SectionChanges]:
        return [section for section in self.sections if section.kind == REMOVED]

    @property
    def figures(self) -> list[FigureChange]:
        return [figure for section in self.changed for figure in section.figures]

    @property
    def summary(self) -> str:
        """Return the line read first: "2 avsnitt ändrade; 6.2 Revision: 60 000 kr → 65 000 kr; 1 avsnitt nytt"."""
        if not self.sections:
            return _("Inget har ändrats.")
        parts = []
        if self.changed:
            count = len(self.changed)
            parts.append(ngettext("%(count)d avsnitt ändrat", "%(count)d avsnitt ändrade", count) % {"count": count})
        figures = self.figures
        own = [figure for figure in figures if not figure.derived] or figures
        # In the document's order: where the text changed, then each figure stated before → after.
        named = []
        for section in self.changed:
            if section.text_changed:
                named.append(_("%(heading)s: texten ändrad") % {"heading": section.heading})
            named.extend(str(figure) for figure in section.figures if figure in own)
        parts.extend(named[:SUMMARY_FIGURES])
        if len(named) > SUMMARY_FIGURES:
            more = len(named) - SUMMARY_FIGURES
            parts.append(ngettext("%(count)d ändring till", "%(count)d ändringar till", more) % {"count": more})
        sums = len(figures) - len(own)
        if sums:
            parts.append(
                ngettext("%(count)d summa ändrad som följd", "%(count)d summor ändrade som följd", sums)
                % {"count": sums}
            )
        if self.added:
            count = len(self.added)
            parts.append(ngettext("%(count)d avsnitt nytt", "%(count)d avsnitt nya", count) % {"count": count})
        if self.removed:
            count = len(self.removed)
            parts.append(ngettext("%(count)d borttaget", "%(count)d borttagna", count) % {"count": count})
        return "; ".join(parts)


def _section_units(section: DocumentSection) -> list[Paragraph | Table]:
    tables = [0]
    units: list[Paragraph | Table] = []
    for part in section.parts:
        units.extend(_units(part.get("text", part.get("html", "")), tables))
    return units


def _paragraph_html(paragraph: Paragraph, inner: str) -> SafeString:
    tag = paragraph.tag if paragraph.tag in ("p", "h3", "h4", "h5", "h6", "pre") else "p"
    if paragraph.tag in ("li",):
        return mark_safe(f'<ul class="change-list"><li>{inner}</li></ul>')  # noqa: S308 - escaped in _render_tokens
    if paragraph.tag in ("h1", "h2"):
        tag = "h3"
    return mark_safe(f"<{tag}>{inner}</{tag}>")  # noqa: S308 - every word escaped in _render_tokens


def _whole(paragraph: Paragraph, kind: str) -> ParagraphChange:
    return ParagraphChange(
        kind, paragraph.tag, _paragraph_html(paragraph, mark(kind, _render_tokens(_tokens(paragraph.element))))
    )


def _context(paragraph: Paragraph, *, before: bool) -> ParagraphChange:
    words = paragraph.text.split()
    if len(words) > CONTEXT_WORDS:
        text = "… " + " ".join(words[-CONTEXT_WORDS:]) if before else " ".join(words[:CONTEXT_WORDS]) + " …"
    else:
        text = paragraph.text
    hidden = html.escape(_("Oförändrat:"))
    inner = f'<span class="visually-hidden">{hidden} </span>{html.escape(text)}'
    return ParagraphChange(CONTEXT, paragraph.tag, mark_safe(f'<p class="change-context">{inner}</p>'))  # noqa: S308


def _cells(row: Row, header: list[str], before: Row | None = None) -> list[CellChange]:
    width = max(len(row.cells), len(before.cells) if before else 0)
    cells = []
    for index in range(width):
        text = row.cells[index] if index < len(row.cells) else ""
        old = (before.cells[index] if index < len(before.cells) else "") if before else text
        numeric = (row.numeric[index] if index < len(row.numeric) else False) or (
            bool(before) and index < len(before.numeric) and before.numeric[index]
        )
        column = header[index] if index < len(header) else ""
        cells.append(CellChange(text, old if old != text else None, numeric, column))
    return cells


def _compare_tables(old: Table | None, new: Table | None, number: str) -> tuple[TableChange | None, list[FigureChange]]:
    table = new or old
    header_now = table.header[-1] if table.header else []
    if old is None or new is None:
        kind = ADDED if old is None else REMOVED
        header = [CellChange(text, None, False, "") for text in header_now]
        rows = [RowChange(kind, _cells(row, header_now), row.is_group) for row in table.rows]
        return TableChange(table.caption, header, False, rows, kind), []
    old_header = old.header[-1] if old.header else []
    header = [
        CellChange(text, None if index < len(old_header) and old_header[index] == text else
                   (old_header[index] if index < len(old_header) else ""), False, "")
        for index, text in enumerate(header_now)
    ]  # fmt: skip
    header_changed = old.header != new.header
    rows: list[RowChange] = []
    figures: list[FigureChange] = []
    value_columns = max((sum(row.numeric) for row in new.rows), default=0)

    def changed_row(before: Row, after: Row):
        if before.cells == after.cells:
            return
        cells = _cells(after, header_now, before)
        rows.append(RowChange(CHANGED, cells, after.is_group))
        label = after.label if not after.derived or not after.group else f"{after.label} {after.group}"
        # One figure per change in the row: the same change in several columns (a forecast carried on) is named once.
        found: dict[tuple[str, str], list[str]] = {}
        for index, cell in enumerate(cells):
            if cell.changed and index == 0:
                name = cell.column or new.caption or _("rad")  # a renamed row: named by its column
                figures.append(FigureChange(number, name, cell.before, cell.text, after.derived))
            elif cell.changed:
                found.setdefault((cell.before, cell.text), []).append(cell.column)
        for (before_text, after_text), columns in found.items():
            named = [column for column in columns if column]
            name = label + (f" ({', '.join(named)})" if named and (value_columns > 1 or not label) else "")
            figures.append(FigureChange(number, name, before_text, after_text, after.derived))

    old_keys, new_keys = [row.key for row in old.rows], [row.key for row in new.rows]
    matcher = difflib.SequenceMatcher(a=old_keys, b=new_keys, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            for before, after in zip(old.rows[a1:a2], new.rows[b1:b2], strict=True):
                changed_row(before, after)
        elif op == "replace" and a2 - a1 == b2 - b1:  # rows renamed in place: compared cell by cell
            for before, after in zip(old.rows[a1:a2], new.rows[b1:b2], strict=True):
                changed_row(before, after)
        else:
            rows.extend(RowChange(REMOVED, _cells(row, header_now), row.is_group) for row in old.rows[a1:a2])
            rows.extend(RowChange(ADDED, _cells(row, header_now), row.is_group) for row in new.rows[b1:b2])
    if not rows and not header_changed and old.caption == new.caption:
        return None, []
    return TableChange(new.caption, header, header_changed, rows), figures


def _similar(old: str, new: str) -> bool:
    """Say whether a paragraph is the old one edited (marked word by word) rather than a new one."""
    return difflib.SequenceMatcher(a=old.lower().split(), b=new.lower().split(), autojunk=False).ratio() >= 0.4


def _compare_units(old_units, new_units, number: str) -> tuple[list, list[FigureChange]]:
    """Return what changed between two sequences of paragraphs and tables, with a little context."""
    # Each entry: (change or None for an unchanged paragraph, the paragraph for context)
    entries: list[tuple[ParagraphChange | TableChange | None, Paragraph | None]] = []
    figures: list[FigureChange] = []

    def pair(before, after):
        if isinstance(before, Table) or isinstance(after, Table):
            if isinstance(before, Paragraph):
                entries.append((_whole(before, REMOVED), None))
                before = None
            if isinstance(after, Paragraph):
                entries.append((_whole(after, ADDED), None))
                after = None
            if before is None and after is None:
                return
            change, found = _compare_tables(before, after, number)
            figures.extend(found)
            if change:
                entries.append((change, None))
            return
        if before is None:
            entries.append((_whole(after, ADDED), None))
        elif after is None:
            entries.append((_whole(before, REMOVED), None))
        elif before.text == after.text and before.tag == after.tag:
            entries.append((None, after))
        elif _similar(before.text, after.text):
            inner = word_diff_html(_tokens(before.element), _tokens(after.element))
            entries.append((ParagraphChange(CHANGED, after.tag, _paragraph_html(after, inner)), None))
        else:
            entries.append((_whole(before, REMOVED), None))
            entries.append((_whole(after, ADDED), None))

    matcher = difflib.SequenceMatcher(
        a=[unit.signature for unit in old_units], b=[unit.signature for unit in new_units], autojunk=False
    )
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            for before, after in zip(old_units[a1:a2], new_units[b1:b2], strict=True):
                if isinstance(after, Table):
                    pair(before, after)  # same caption: its rows may still differ
                else:
                    entries.append((None, after))
            continue
        olds, news = old_units[a1:a2], new_units[b1:b2]
        old_tables = [unit for unit in olds if isinstance(unit, Table)]
        new_tables = [unit for unit in news if isinstance(unit, Table)]
        old_paragraphs = [unit for unit in olds if isinstance(unit, Paragraph)]
        new_paragraphs = [unit for unit in news if isinstance(unit, Paragraph)]
        for index in range(max(len(old_paragraphs), len(new_paragraphs))):
            pair(
                old_paragraphs[index] if index < len(old_paragraphs) else None,
                new_paragraphs[index] if index < len(new_paragraphs) else None,
            )
        for index in range(max(len(old_tables), len(new_tables))):
            pair(
                old_tables[index] if index < len(old_tables) else None,
                new_tables[index] if index < len(new_tables) else None,
            )
    items = []
    for index, (change, paragraph) in enumerate(entries):
        if change is not None:
            items.append(change)
            continue
        after_change = index > 0 and entries[index - 1][0] is not None
        before_change = index + 1 < len(entries) and entries[index + 1][0] is not None
        if paragraph is not None and (after_change or before_change):
            items.append(_context(paragraph, before=before_change and not after_change))
    return items, figures


def _section_key(section: DocumentSection):
    return section.section_id or section.heading


def _title_html(old: str, new: str) -> SafeString:
    if old == new:
        return mark_safe(html.escape(new))  # noqa: S308 - escaped
    old_tokens = [(word, ()) for word in old.split()]
    new_tokens = [(word, ()) for word in new.split()]
    return mark_safe(word_diff_html(old_tokens, new_tokens))  # noqa: S308 - every word escaped


def _whole_section(section: DocumentSection, kind: str) -> SectionChanges:
    units = _section_units(section)
    changes = SectionChanges(section.number, section.title, section.anchor, kind, mark_safe(html.escape(section.title)))  # noqa: S308
    for unit in units:
        if isinstance(unit, Table):
            change, _figures = _compare_tables(None if kind == ADDED else unit, unit if kind == ADDED else None, "")
            changes.items.append(change)
        else:
            changes.items.append(_whole(unit, kind))
    return changes


def document_changes(old: Document, new: Document) -> Changes:
    """Compare two stored documents section by section: changed paragraphs, rows and figures."""
    old_sections = {_section_key(section): section for section in old.sections}
    new_keys = set()
    sections = []
    for section in new.sections:
        key = _section_key(section)
        new_keys.add(key)
        before = old_sections.get(key)
        if before is None:
            sections.append(_whole_section(section, ADDED))
            continue
        if before.parts == section.parts and before.title == section.title:
            continue  # the same stored HTML: nothing to parse
        items, figures = _compare_units(_section_units(before), _section_units(section), section.number)
        if items or before.title != section.title:
            sections.append(
                SectionChanges(
                    section.number,
                    section.title,
                    section.anchor,
                    CHANGED,
                    _title_html(before.title, section.title),
                    items,
                    figures,
                )  # fmt: skip
            )
    for key, section in old_sections.items():
        if key not in new_keys:
            sections.append(_whole_section(section, REMOVED))
    return Changes(sections)
