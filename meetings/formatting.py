"""How the årsplanering writes dates and times: `2018-04-17/18`, `12–15 november 2018`, `09.30–12.00`."""

import datetime

from django.utils.translation import gettext as _

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
EN_DASH = "\u2013"


def month_name(month: int) -> str:
    """Return the Swedish name of `month` (1–12) in lower case, as Swedish writes it mid-sentence."""
    return MONTHS[month - 1]


def date_span(start: datetime.date, end: datetime.date | None) -> str:
    """Format a day or a span of days the way SOFINT's årsplanering does.

    One day: `2018-03-23`. Two days in a month: `2018-04-17/18`. Longer spans in a
    month: `12–15 november 2018`. Across months: `30 april–2 maj 2018`. Across years:
    `2018-12-30–2019-01-02`.
    """
    if end is None or end == start:
        return start.isoformat()
    if start.year != end.year:
        return f"{start.isoformat()}{EN_DASH}{end.isoformat()}"
    if start.month != end.month:
        return f"{start.day} {month_name(start.month)}{EN_DASH}{end.day} {month_name(end.month)} {end.year}"
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
