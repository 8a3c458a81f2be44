"""Reading a contribution file's values the way a Swedish ekonom writes them.

Columns `år`, `medlem`, `belopp` (or `year`, `member`, `amount`, in any case and
spacing); members by name or organisationsnummer; amounts such as `2.059 000 kr`.
Every fault is said in Swedish, per cell, so that a message can name the spreadsheet
row (the header is row 1). What the values mean for the budget (is there one for the
year, is it adopted, is a member named twice) is `budget.services`'s to judge.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import tablib
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext as _

from core.spreadsheets import SpreadsheetError
from governance.models import Member
from governance.validators import normalize_org_number

from .figures import STATE_LABEL
from .models import Contribution

# Column names people write, folded to the file's own.
HEADER_ALIASES = {
    "år": "år",
    "ar": "år",
    "year": "år",
    "medlem": "medlem",
    "member": "medlem",
    "belopp": "belopp",
    "amount": "belopp",
    "belopp (kr)": "belopp",
    "belopp kr": "belopp",
}
REQUIRED_HEADERS = ("år", "medlem", "belopp")
SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009\u200a]+")
MINUS_SIGNS = ("-", "\u2212", "\u2013")


def fold(text) -> str:
    """Return `text` as names are compared: one space between words, any case."""
    return SPACES.sub(" ", unicodedata.normalize("NFC", str(text))).strip().casefold()


def parse_amount(value, *, maximum: int | None = None) -> int:
    """Return whole kronor from an amount as people write it, or raise ValueError in Swedish.

    Accepts 2059000, "2 059 000", "2 059 000 kr", "2.059 000 kr", "2 059 000,00" with
    ordinary, non-breaking or narrow spaces, and numbers as a spreadsheet stores them;
    refuses more than `maximum` (what the database column holds).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(_("belopp saknas"))
    if isinstance(value, bool):
        raise ValueError(_("beloppet %(value)s går inte att läsa") % {"value": value})
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = SPACES.sub(" ", unicodedata.normalize("NFC", str(value))).strip()
        text = re.sub(r"(?i)\s*(kr\.?|kronor|sek)$", "", text).strip()
        negative = text.startswith(MINUS_SIGNS)
        if negative:
            text = text[1:].strip()
        # A separator followed by one or two digits at the end is a decimal one; every
        # other space, dot or comma groups thousands ("2.059 000", "2,059,000"), in threes.
        match = re.fullmatch(r"(.*?)(?:[.,](\d{1,2}))?", text)
        whole = match.group(1)
        if not re.fullmatch(r"\d+|\d{1,3}(?:[ .,]\d{3})+", whole):
            raise ValueError(_("beloppet ”%(value)s” går inte att läsa") % {"value": value})
        number = Decimal(re.sub(r"\D", "", whole) + "." + (match.group(2) or "0"))
        if negative:
            number = -number
    try:
        if not number.is_finite():
            raise ValueError(_("beloppet ”%(value)s” går inte att läsa") % {"value": value})
        if number < 0:
            raise ValueError(_("beloppet ”%(value)s” är negativt") % {"value": value})
        if maximum is not None and number > maximum:
            raise ValueError(_("beloppet är för stort"))
        if number != number.to_integral_value():
            raise ValueError(_("beloppet ”%(value)s” har ören; ange hela kronor") % {"value": value})
    except InvalidOperation:
        raise ValueError(_("beloppet ”%(value)s” går inte att läsa") % {"value": value}) from None
    return int(number)


def parse_year(value) -> int:
    """Return a year from "2018", 2018 or 2018.0, or raise ValueError in Swedish."""
    text = str(value if value is not None else "").strip()
    if re.fullmatch(r"\d{4}(\.0+)?", text):
        return int(text.split(".")[0])
    if not text:
        raise ValueError(_("år saknas"))
    raise ValueError(_("året ”%(value)s” går inte att läsa") % {"value": value})


class MemberIndex:
    """Find members by name (any case and spacing) or organisationsnummer, from one query."""

    def __init__(self):
        members = list(Member.objects.all())
        self.by_name = {fold(member.name): member for member in members}
        self.by_pk = {member.pk: member for member in members}
        self.by_org_number = {member.org_number: member for member in members if member.org_number}
        # The seeds write the state's agencies as one payer; Försäkringskassan pays for both.
        payer = next((m for m in members if m.kind == Member.Kind.FORSAKRINGSKASSAN), None)
        if payer is not None:
            self.by_name.setdefault(fold(STATE_LABEL), payer)

    def find(self, value) -> Member:
        text = str(value if value is not None else "").strip()
        if not text:
            raise ValueError(_("medlem saknas"))
        digits = re.sub(r"\D", "", text)
        if re.fullmatch(r"[\d\s-]+", text) and len(digits) in (10, 12):
            member = self.by_org_number.get(normalize_org_number(digits[-10:]))
            if member is not None:
                return member
            raise ValueError(_("ingen medlem har organisationsnummer %(value)s") % {"value": text})
        member = self.by_name.get(fold(text))
        if member is None:
            raise ValueError(_("okänd medlem ”%(value)s”") % {"value": text})
        return member


def contribution_columns(headers) -> dict[str, int]:
    """Return where `år`, `medlem` and `belopp` are among `headers`; raise SpreadsheetError naming any missing."""
    found = {}
    for index, header in enumerate(headers):
        name = HEADER_ALIASES.get(fold(header or ""))
        if name and name not in found:
            found[name] = index
    missing = [name for name in REQUIRED_HEADERS if name not in found]
    if missing:
        raise SpreadsheetError(
            _("Filen saknar kolumnen %(missing)s. Första raden ska ha kolumnerna år, medlem och belopp.")
            % {"missing": ", ".join(missing)}
        )
    return found


@dataclass
class ContributionLine:
    """One line of a contribution file as read: the values it names, and what is wrong with each cell.

    `problems` maps a column (`år`, `medlem`, `belopp`, or `extra` for cells beyond the
    header's columns) to what is wrong with it; a column with a problem has no value.
    """

    line: int  # the spreadsheet's row number; the header is row 1
    year: int | None = None
    member: Member | None = None
    amount: int | None = None
    problems: dict[str, str] = field(default_factory=dict)


def column_maximum(model, field_name: str) -> int | None:
    """Return the largest integer `model.field_name` takes: its own maximum or its column's (None: no bound)."""
    field = model._meta.get_field(field_name)
    # Django adds the column's range to a field's validators unless the field sets a tighter one.
    limits = [validator.limit_value for validator in field.validators if isinstance(validator, MaxValueValidator)]
    return min(limits) if limits else None


def read_contribution_lines(dataset: tablib.Dataset, *, members: MemberIndex) -> list[ContributionLine]:
    """Read every non-blank line of a contribution file, or raise SpreadsheetError when its columns are wrong."""
    maximum = column_maximum(Contribution, "amount")
    headers = dataset.headers or []
    columns = [contribution_columns(headers)[name] for name in REQUIRED_HEADERS]
    unnamed = [index for index, header in enumerate(headers) if not str(header or "").strip()]
    lines = []
    for line_number, raw in enumerate(dataset, 2):
        cells = [raw[index] if index < len(raw) else None for index in columns]
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        line = ContributionLine(line_number)
        stray = [str(raw[i]).strip() for i in unnamed if i < len(raw) and str(raw[i] or "").strip()]
        if stray:
            line.problems["extra"] = _(
                "raden har fler kolumner än rubrikraden (”%(extra)s”); skriv belopp med komma inom citattecken"
            ) % {"extra": "”, ”".join(stray)}
        try:
            line.year = parse_year(cells[0])
        except ValueError as error:
            line.problems["år"] = str(error)
        try:
            line.member = members.find(cells[1])
        except ValueError as error:
            line.problems["medlem"] = str(error)
        try:
            line.amount = parse_amount(cells[2], maximum=maximum)
        except ValueError as error:
            line.problems["belopp"] = str(error)
        lines.append(line)
    return lines
