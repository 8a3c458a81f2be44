"""Measurable targets of goals: read from Swedish plan wording, shown back, and evaluated.

A target is what a plan promises in numbers: "minst 50 %", "15–20 %", "minst 100
personer under ett kalenderår", "inom två veckor", "20 deltagare per coach". The goal's
own wording is kept verbatim on the goal; the target is the number behind it.

Goal attainment (måluppfyllelse) is computed from the latest measured value:

* **grön – uppfyllt:** the value meets the target (at least: value ≥ target; at most:
  value ≤ target; range: low ≤ value ≤ high);
* **gul – nära eller ej förfallet:** the value misses the target by at most 10 % of the
  target (at least: value ≥ 0,9 × target; at most: value ≤ 1,1 × target; range: within
  0,9 × low … 1,1 × high), or it misses but the goal is not yet due (the value comes
  from a period that ends before the goal's due date);
* **röd – ej uppfyllt:** the value misses by more than 10 % and the goal is due;
* **grå – uppgift saknas:** no value has been reported yet.

A goal without a number is never coloured: it is shown as "ej mätbart".
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.formatting import format_number

NEAR = Decimal("0.10")  # within 10 % of the target counts as near (yellow)


class Measure(models.TextChoices):
    SHARE = "andel", _("Andel av deltagarna (%)")
    COUNT = "antal", _("Antal")
    COUNT_PER_PERIOD = "antal_per", _("Antal per period eller enhet")
    DAYS = "dagar", _("Antal dagar")


class Comparison(models.TextChoices):
    AT_LEAST = "minst", _("minst")
    AT_MOST = "hogst", _("högst")
    RANGE = "intervall", _("mellan")


class Attainment(models.TextChoices):
    MET = "uppfyllt", _("Uppfyllt")
    NEAR = "nara", _("Nära målet")
    NOT_DUE = "ej_forfallet", _("Ej förfallet")
    MISSED = "ej_uppfyllt", _("Ej uppfyllt")
    NO_DATA = "saknas", _("Uppgift saknas")
    NOT_MEASURABLE = "ej_matbart", _("Ej mätbart")

    @property
    def colour(self) -> str:
        """Return the traffic-light colour: green, yellow, red or grey."""
        return {
            self.MET: "green",
            self.NEAR: "yellow",
            self.NOT_DUE: "yellow",
            self.MISSED: "red",
        }.get(self, "grey")

    @property
    def colour_label(self) -> str:
        return {"green": _("Grön"), "yellow": _("Gul"), "red": _("Röd"), "grey": _("Grå")}[self.colour]

    @property
    def icon(self) -> str:
        """Return a bootstrap-icons name, so colour is never the only signal."""
        return {
            self.MET: "check-circle-fill",
            self.NEAR: "exclamation-triangle-fill",
            self.NOT_DUE: "hourglass-split",
            self.MISSED: "x-circle-fill",
            self.NO_DATA: "question-circle",
            self.NOT_MEASURABLE: "chat-square-text",
        }[self]


@dataclass(frozen=True)
class Target:
    """A measurable target: a measure, a comparison and one number (two for a range)."""

    measure: str
    comparison: str
    low: Decimal
    high: Decimal | None = None
    per: str = ""

    def __str__(self) -> str:
        unit = _unit_suffix(self.measure, self.per)
        if self.comparison == Comparison.RANGE:
            return f"{format_number(self.low)}–{format_number(self.high)}{unit}"
        word = "minst" if self.comparison == Comparison.AT_LEAST else "högst"
        return f"{word} {format_number(self.low)}{unit}"

    def evaluate(self, value: Decimal | None, *, due: bool = True) -> Attainment:
        """Return the attainment of `value` against this target.

        Met is green; missing by at most 10 % of the target is yellow (near); missing by
        more is red when the goal is `due`, else yellow (not yet due); no value is grey.
        The full rule, as the pages show it, is in the module docstring.
        """
        if value is None:
            return Attainment.NO_DATA
        value = Decimal(value)
        if self.comparison == Comparison.AT_LEAST:
            met, near = value >= self.low, value >= self.low * (1 - NEAR)
        elif self.comparison == Comparison.AT_MOST:
            met, near = value <= self.low, value <= self.low * (1 + NEAR)
        else:
            met = self.low <= value <= self.high
            near = self.low * (1 - NEAR) <= value <= self.high * (1 + NEAR)
        if met:
            return Attainment.MET
        if near:
            return Attainment.NEAR
        return Attainment.MISSED if due else Attainment.NOT_DUE


def _unit_suffix(measure: str, per: str) -> str:
    suffix = {Measure.SHARE: "\u202f%", Measure.DAYS: " dagar"}.get(measure, "")
    if per:
        suffix += f" per {per}"
    return suffix


class TargetError(ValueError):
    """The text is no target a goal can have; `message` says why, in Swedish."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TargetSyntaxError(TargetError):
    """The text names no number a target can be made of."""

    def __init__(self, text: str):
        super().__init__(
            _("Hittar inget tal i ”%(text)s”. Skriv till exempel ”minst 30 %%” eller ”inom 14 dagar”.") % {"text": text}
        )
        self.text = text


class TargetValueError(TargetError):
    """The text names numbers, but no target that holds together (negative, a range backwards, too large)."""


# What a goal's target columns hold (max_digits=12, decimal_places=2; `per` max_length=40).
MAX_TARGET = Decimal("9999999999.99")
MAX_DECIMALS = 2
MAX_PER_LENGTH = 40


NUMBER_WORDS = {
    "en": 1,
    "ett": 1,
    "två": 2,
    "tre": 3,
    "fyra": 4,
    "fem": 5,
    "sex": 6,
    "sju": 7,
    "åtta": 8,
    "nio": 9,
    "tio": 10,
    "elva": 11,
    "tolv": 12,
    "femton": 15,
    "tjugo": 20,
    "trettio": 30,
}
_DIGITS = r"\d+(?:[ \u00a0\u202f]\d{3})*(?:[,.]\d+)?"
_WORDS = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_NUMBER = rf"(?:{_DIGITS}|\b(?:{_WORDS})\b(?=\s+(?:dag|dagar|vecka|veckor|månad|månader)\b))"
_RANGE = re.compile(
    rf"(?:mellan\s+(?P<between_low>{_DIGITS})\s*(?:%|procent)?\s+och\s+(?P<between_high>{_DIGITS}))"
    rf"|(?:(?P<low>{_DIGITS})\s*(?:%|procent)?\s*(?:[-–—]|till)\s*(?P<high>{_DIGITS})(?!\s*år\b))"
)
_SINGLE = re.compile(rf"(?P<number>{_NUMBER})\s*(?P<after>\S*)")
_AT_LEAST = re.compile(r"\b(minst|åtminstone|lägst|inte färre än|fler än)\b")
_AT_MOST = re.compile(r"\b(högst|max|maximalt|inom|senast|inte fler än|färre än|under)\s+(?!ett\b|en\b)")
_PER = re.compile(
    r"\b(?:per|varje|under\s+(?:ett|en))\s+(?P<per>kalenderår|år|halvår|kvartal|månad|termin|vecka|coach|[a-zåäö]+)"
)
_WEEKS = re.compile(r"^(vecka|veckor|veckors)\b")
_DAYS = re.compile(r"^(dag|dagar|dagars)\b")
_MONTHS = re.compile(r"^(månad|månader|månaders)\b")


def _to_decimal(text: str) -> Decimal:
    text = text.strip().lower()
    if text in NUMBER_WORDS:
        return Decimal(NUMBER_WORDS[text])
    try:
        return Decimal(re.sub(r"[ \u00a0\u202f]", "", text).replace(",", "."))
    except InvalidOperation:
        raise TargetSyntaxError(text) from None


_SIGNED = re.compile(r"[-−–—]\s*\d")
_EXPONENT = re.compile(r"\d[eE][+-]?\d")


def _refuse_signs_and_exponents(lowered: str) -> None:
    # A dash after a number (or its "%") joins a range; anywhere else it makes the number negative.
    for match in _SIGNED.finditer(lowered):
        before = lowered[: match.start()].rstrip()
        if not re.search(r"(?:\d|%|procent)$", before):
            raise TargetValueError(_("Ett målvärde kan inte vara negativt."))
    if _EXPONENT.search(lowered):
        raise TargetValueError(_("Skriv talet med siffror, utan exponent (till exempel 1000, inte 1e3)."))


def _check_number(value: Decimal) -> None:
    if not value.is_finite() or value < 0:
        raise TargetValueError(_("Ett målvärde kan inte vara negativt."))
    if value > MAX_TARGET:
        raise TargetValueError(_("Målvärdet är för stort: högst %(max)s.") % {"max": format_number(MAX_TARGET)})
    if -value.as_tuple().exponent > MAX_DECIMALS:
        raise TargetValueError(_("Skriv målvärdet med högst två decimaler."))


def _check_target(target: Target) -> Target:
    """Return `target` when it holds together, else refuse it with a Swedish message."""
    for value in (target.low, target.high):
        if value is not None:
            _check_number(value)
    if target.high is not None and target.high < target.low:
        raise TargetValueError(
            _("Intervallet går baklänges: skriv den lägre gränsen först, till exempel ”%(low)s–%(high)s”.")
            % {"low": format_number(target.high), "high": format_number(target.low)}
        )
    if target.measure == Measure.SHARE and max(target.low, target.high or 0) > 100:
        raise TargetValueError(_("En andel kan inte vara mer än 100 %."))
    if len(target.per) > MAX_PER_LENGTH:
        raise TargetValueError(_("Enheten efter ”per” är för lång: högst %(max)s tecken.") % {"max": MAX_PER_LENGTH})
    return target


def parse_target(text: str) -> Target:
    """Read a target from Swedish wording: "minst 30 %", "15–20 %", "inom två veckor", "20 deltagare per coach".

    A number alone counts as "at least" (the plans write "50 av de unga vuxna … ska
    få hjälp"); "inom", "högst" and "max" mean "at most"; two numbers joined by a dash
    or "till" make a range. Weeks are turned into days.

    Raises `TargetSyntaxError` when there is no number, and `TargetValueError` for a target
    that does not hold together: a negative number, an exponent, a range written backwards,
    a share over 100 %, more than two decimals, or a number the goal cannot store.
    """
    lowered = " ".join(text.lower().split())
    _refuse_signs_and_exponents(lowered)
    per_match = _PER.search(lowered)
    per = per_match["per"] if per_match else ""
    is_share = "%" in lowered or "procent" in lowered

    range_match = _RANGE.search(lowered)
    if range_match:
        low = _to_decimal(range_match["low"] or range_match["between_low"])
        high = _to_decimal(range_match["high"] or range_match["between_high"])
        after = lowered[range_match.end() :].strip()
        comparison = Comparison.RANGE
    else:
        single = _SINGLE.search(lowered)
        if not single:
            raise TargetSyntaxError(text)
        low, high = _to_decimal(single["number"]), None
        after = lowered[single.end("number") :].strip()
        before = lowered[: single.start()]
        if _AT_MOST.search(before + " "):
            comparison = Comparison.AT_MOST
        else:
            comparison = Comparison.AT_LEAST

    if is_share:
        measure = Measure.SHARE
    elif _WEEKS.match(after):
        measure, low, high = Measure.DAYS, low * 7, high * 7 if high is not None else None
    elif _MONTHS.match(after):
        measure, low, high = Measure.DAYS, low * 30, high * 30 if high is not None else None
    elif _DAYS.match(after):
        measure = Measure.DAYS
    elif per:
        measure = Measure.COUNT_PER_PERIOD
    else:
        measure = Measure.COUNT
    if measure != Measure.COUNT_PER_PERIOD:
        per = ""
    return _check_target(Target(measure=measure, comparison=comparison, low=low, high=high, per=per))
