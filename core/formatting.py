"""How sofint writes numbers, amounts, shares and dates: the one place, used by every page, admin, PDF and export.

Amounts the Swedish way (`4 118 000 kr`, narrow no-break space, decimal comma only when
öre appear), shares in per cent with one precision everywhere (`12,75 %`), dates as the
förbund writes them (`2018-03-23`) and the årsplanering's spans (`2018-04-17/18`,
`12–15 november 2018`, `09.30–12.00`). The template filters in
`core.templatetags.sofint` only register these functions.
"""

import datetime
import re
from collections.abc import Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

NARROW_NBSP = "\u202f"
MINUS = "\u2212"
EN_DASH = "\u2013"
HUNDRED = Decimal(100)
# Every share in sofint (a member's part of the contributions, a cost group's part of the
# costs, equity against contributions) is kept and shown to two decimals: 12,75 %.
SHARE_QUANTUM = Decimal("0.01")

MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


def _group_thousands(digits: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return NARROW_NBSP.join(groups)


def format_number(value, *, decimals: int | None = None) -> str:
    """Format a number the Swedish way: 4 118 000 and 1 234,50, with a true minus sign.

    With `decimals` None, öre are shown only when there are any.
    """
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    if decimals is None:
        decimals = 0 if number == number.to_integral_value() else 2
    quantum = Decimal(1).scaleb(-decimals)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = MINUS if number < 0 else ""
    whole, _sep, fraction = f"{abs(number):f}".partition(".")
    text = _group_thousands(whole)
    if decimals:
        text += "," + fraction
    return sign + text


def file_size(size: int) -> str:
    """Write a file's size as a download link names it: `180 kB`, `1,2 MB` (1 kB = 1 000 bytes)."""
    if size < 1_000_000:
        return f"{format_number(max(1, round(size / 1000)))}{NARROW_NBSP}kB"
    return f"{format_number(Decimal(size) / 1_000_000, decimals=1)}{NARROW_NBSP}MB"


def kr(value) -> str:
    """Format an amount in kronor: `4 118 000 kr`; öre with a decimal comma when present."""
    text = format_number(value)
    return f"{text}{NARROW_NBSP}kr" if text else ""


def number(value) -> str:
    """Format a number with Swedish thousands grouping and no unit: `4 118 000`."""
    return format_number(value)


def percent(value) -> str:
    """Format a share in per cent, as `share()` keeps it: `25 %`, `12,75 %`, `12,5 %`.

    Trailing zeros are dropped, so a share reads the same in every table, legend and message.
    """
    if value is None or value == "":
        return ""
    try:
        share_value = Decimal(str(value)).quantize(SHARE_QUANTUM, rounding=ROUND_HALF_UP).normalize()
    except (InvalidOperation, ValueError):
        return str(value)
    decimals = max(0, -share_value.as_tuple().exponent)
    return f"{format_number(share_value, decimals=decimals)}{NARROW_NBSP}%"


def share(part, whole) -> Decimal | None:
    """Return `part` as a per cent share of `whole`, to two decimals; None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(SHARE_QUANTUM, rounding=ROUND_HALF_UP)


def shares(parts: Sequence, whole=None) -> list[Decimal | None]:
    """Return each part's share of `whole` (default: their sum), rounded so that they add up to exactly 100 %.

    Each share is first cut to two decimals; the hundredths left over go, one each, to the
    parts that lost the most in the cut (the largest remainder method), so a table of
    shares never sums to 99,99 % or 100,01 %. When `whole` is not the parts' sum, each is
    simply rounded (`share`).
    """
    parts = [Decimal(part or 0) for part in parts]
    total = sum(parts, Decimal(0))
    whole = total if whole is None else Decimal(whole)
    if not whole:
        return [None] * len(parts)
    if whole != total:
        return [share(part, whole) for part in parts]
    exact = [part * HUNDRED / whole for part in parts]
    cut = [value.quantize(SHARE_QUANTUM, rounding=ROUND_DOWN) for value in exact]
    left = int(((HUNDRED - sum(cut, Decimal(0))) / SHARE_QUANTUM).to_integral_value())
    by_remainder = sorted(range(len(parts)), key=lambda i: (exact[i] - cut[i], -i), reverse=True)
    for index in by_remainder[:left]:
        cut[index] += SHARE_QUANTUM
    return cut


def isodate(value) -> str:
    """Format a date as the förbund writes it: `2018-03-23` (with the time: `2018-03-23 14:05`)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def month_name(month: int) -> str:
    """Return the Swedish name of `month` (1–12) in lower case, as Swedish writes it mid-sentence."""
    return MONTHS[month - 1]


# What an empty value reads in a table or a fact list, everywhere (pages, plan, PDF): one en dash.
EMPTY = EN_DASH
SIMPLE_END = re.compile(r"^\d{1,4}$")


def or_empty(value) -> str:
    """Return `value` as text, or the one dash sofint writes for a value not given: `–`."""
    if value is None:
        return EMPTY
    text = str(value).strip()
    return text or EMPTY


def period(start, end) -> str:
    """Write a period one way everywhere: `2018–2019`, `2018-01-01 – 2019-12-31`, `oktober 2018 – mars 2019`.

    Ends that are plain numbers (years, days) are joined by an en dash alone; ends that are dates or
    words by an en dash with a space on each side (Swedish practice: the dash then separates whole
    expressions, and `2018-01-01–2019-12-31` reads as one long number). An end not given: `från …`,
    `till och med …`; nothing given: the empty value's dash. The same end twice is written once.
    """
    start = isodate(start) if isinstance(start, datetime.date) else ("" if start is None else str(start).strip())
    end = isodate(end) if isinstance(end, datetime.date) else ("" if end is None else str(end).strip())
    if start and end:
        if start == end:
            return start
        joiner = EN_DASH if SIMPLE_END.match(start) and SIMPLE_END.match(end) else f" {EN_DASH} "
        return f"{start}{joiner}{end}"
    if start:
        return _("från %(start)s") % {"start": start}
    if end:
        return _("till och med %(end)s") % {"end": end}
    return EMPTY


def date_span(start: datetime.date, end: datetime.date | None) -> str:
    """Format a day or a span of days the way SOFINT's årsplanering does.

    One day: `2018-03-23`. Two days in a month: `2018-04-17/18`. Longer spans in a
    month: `12–15 november 2018`. Across months: `30 april – 2 maj 2018`. Across years:
    `2018-12-30 – 2019-01-02` (as every period: `period`).
    """
    if end is None or end == start:
        return start.isoformat()
    if start.year != end.year:
        return period(start, end)
    if start.month != end.month:
        return period(f"{start.day} {month_name(start.month)}", f"{end.day} {month_name(end.month)} {end.year}")
    if (end - start).days == 1:
        return f"{start.isoformat()}/{end.day:02d}"
    return f"{start.day}{EN_DASH}{end.day} {month_name(end.month)} {end.year}"


def clock(value: datetime.time) -> str:
    """Format a time of day as Swedish documents do: `09.30`."""
    return value.strftime("%H.%M")


def time_span(*, all_day: bool, start: datetime.time | None, end: datetime.time | None) -> str:
    """Return `HELDAG`, `09.30–12.00`, `från 09.30`, or an empty string when no time is set."""
    if all_day:
        return _("HELDAG")
    if start and end:
        return f"{clock(start)}{EN_DASH}{clock(end)}"
    if start:
        return _("från %(time)s") % {"time": clock(start)}
    return ""


# What a figure not given reads, everywhere (pages, PDF, exports): never "0 kr".
MISSING = "uppgift saknas"


def kr_or_missing(value) -> str:
    """Format an amount, or say it is not given: `4 118 000 kr`, `uppgift saknas`."""
    return MISSING if value is None or value == "" else kr(value)


def number_or_missing(value) -> str:
    return MISSING if value is None or value == "" else number(value)


def percent_or_missing(value) -> str:
    return MISSING if value is None or value == "" else percent(value)


def shift_years(text: str, *, first: int, last: int, by: int) -> str:
    """Move each year from `first` to `last` mentioned in `text` on by `by` years."""
    return re.sub(r"\b(\d{4})\b", lambda m: str(int(m[1]) + by) if first <= int(m[1]) <= last else m[1], text)
