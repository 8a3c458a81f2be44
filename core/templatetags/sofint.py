"""Formatting filters used everywhere amounts, shares and dates appear (web, admin, PDF)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()

NARROW_NBSP = "\u202f"


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
    if decimals is None:
        decimals = 0 if number == number.to_integral_value() else 2
    quantum = Decimal(1).scaleb(-decimals)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "\u2212" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    text = _group_thousands(whole)
    if decimals:
        text += "," + fraction
    return sign + text


@register.filter
def kr(value) -> str:
    """Format an amount in kronor: `4 118 000 kr`; öre with a decimal comma when present."""
    text = format_number(value)
    return f"{text}{NARROW_NBSP}kr" if text else ""


@register.filter
def number(value) -> str:
    """Format a number with Swedish thousands grouping and no unit: `4 118 000`."""
    return format_number(value)


@register.filter
def percent(value, decimals=None) -> str:
    """Format a share in per cent: `25 %`, `12,75 %`."""
    if value is None or value == "":
        return ""
    decimals = int(decimals) if decimals not in (None, "") else None
    number = Decimal(str(value))
    if decimals is None:
        number = number.normalize()
        decimals = max(0, -number.as_tuple().exponent)
    return f"{format_number(number, decimals=decimals)}{NARROW_NBSP}%"


@register.filter
def isodate(value) -> str:
    """Format a date as the förbund writes it: `2018-03-23`."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


@register.filter
def markdown(value) -> str:
    """Render safe Markdown (see core.markdown): `{{ project.description|markdown }}`."""
    from core.markdown import render_markdown

    return render_markdown(value)
