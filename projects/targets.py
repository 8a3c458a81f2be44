"""Measurable targets of goals: read from Swedish plan wording, shown back, and evaluated.

A target is what a plan promises in numbers: "minst 50 %", "15–20 %", "minst 100
personer under ett kalenderår", "inom två veckor", "20 deltagare per coach". The goal's
own wording is kept verbatim on the goal; the target is the number behind it.

Goal attainment (måluppfyllelse) is computed from the latest measured value:

* **grön – uppfyllt:** the value meets the target (at least: value ≥ target; at most:
  value ≤ target; range: low ≤ value ≤ high; a reduction: the reduction reached ≥ the
  reduction promised);
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
    REDUCTION = "minskning", _("minskning med")


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
        if self.comparison == Comparison.REDUCTION:
            return f"minskning med {format_number(self.low)}{unit}"
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
        if self.comparison in (Comparison.AT_LEAST, Comparison.REDUCTION):
            # A reduction is reported as the reduction reached (30 means 30 % fewer): more is better.
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
_TIME_UNIT = r"(?:dag|dagar|dagars|vecka|veckor|veckors|månad|månader|månaders)"
_NUMBER = rf"(?:{_DIGITS}|\b(?:{_WORDS})\b(?=\s+{_TIME_UNIT}\b))"
_RANGE = re.compile(
    rf"(?:mellan\s+(?P<between_low>{_DIGITS})\s*(?:%|procent)?\s+och\s+(?P<between_high>{_DIGITS}))"
    rf"|(?:(?<![\d,.])(?P<low>{_DIGITS})\s*(?:%|procent)?\s*(?:[-–—]|till)\s*(?P<high>{_DIGITS})(?!\s*år\b))"
)
_SINGLE = re.compile(rf"(?<![\d,.])(?P<number>{_NUMBER})\s*(?P<after>\S*)")
_AT_MOST = re.compile(r"\b(högst|max|maximalt|inom|senast|inte fler än|inte mer än|färre än|mindre än|under)\s*$")
_AT_LEAST = re.compile(r"\b(minst|åtminstone|lägst|inte färre än|inte mindre än|fler än|mer än|över)\s*$")
_PER = re.compile(
    r"\b(?:per|varje|under\s+(?:ett|en))\s+(?P<per>kalenderår|år|halvår|kvartal|månad|termin|vecka|coach|[a-zåäö]+)"
)
_WEEKS = re.compile(r"^(vecka|veckor|veckors)\b")
_DAYS = re.compile(r"^(dag|dagar|dagars)\b")
_MONTHS = re.compile(r"^(månad|månader|månaders)\b")
_SHARE_AFTER = re.compile(r"^\s*(?:%|procent)")
# A reduction: "30 % färre vårdkontakter", "minska sjukskrivningarna med 20 %", "en minskning med 15 %".
_REDUCTION_AFTER = re.compile(r"^\s*(?:%|procent)?\s*(?:färre|lägre|mindre|minskning|minskad|kortare)\b(?!\s+än)")
_REDUCTION_BEFORE = re.compile(
    r"\b(?:minska[rst]?|minskas|minskning|sänka[rs]?|sänkas|sänkning|reducera[rs]?|reduceras|reducering)\b"
    r"(?:\s+[a-zåäö]+){0,5}\s+med\s*$"
)
# Words after a number that say what is counted: people, cases, visits, places …
_COUNTED = re.compile(
    r"^\s*(?:st\b|stycken|personer|person|deltagare|individer|individ|unga|ungdomar|vuxna|kvinnor|män|"
    r"ärenden|ärende|arbetsgivare|företag|besök|platser|praktikplatser|anställningar|kontakter|"
    r"vårdkontakter|samtal|kartläggningar|utbildningar|aktiviteter|träffar|möten|familjer|"
    r"av\s+(?:de|dem|deltagarna|de\s+inskrivna|alla|samtliga)\b|"
    r"till\s+(?:arbete|studier|utbildning|sysselsättning|egen\s+försörjning|fortsatt)|"
    r"ska\b|skall\b|kommer\b|har\b|går\b|får\b)"
)

# What is never a target: dates, years, clock times, ages, paragraphs, phone numbers,
# section numbers and money. Each is blanked out before any number is looked for.
_NOT_TARGETS = [
    re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b"),  # 2017-05-12
    re.compile(r"\b\d{4}\s*/\s*\d{2,4}\b"),  # 2018/19
    re.compile(r"\b\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{2,4})?\b"),  # 12/5
    re.compile(
        r"\b\d{1,2}(?:[-–]\d{1,2})?\s+(?:jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)[a-zåäö]*\.?"
        r"(?:\s+\d{4})?"
    ),  # 12 maj 2017, 17-18 april
    re.compile(r"(?:§|paragraf|punkt|nr|nummer|kap\.?|kapitel|bilaga)\s*\d+(?:[.:]\d+)*"),  # § 4
    re.compile(r"(?:\+46|\b0)\d{1,3}\s*[-–]\s*\d{2,3}(?:[\s-]?\d{2}){1,3}\b"),  # 019-123 45 67
    re.compile(r"\b0\d{6,9}\b"),  # 0191234567
    re.compile(r"\b(?:kl\.?|klockan)\s*\d{1,2}(?:[.:]\d{2})?(?:\s*[-–]\s*\d{1,2}(?:[.:]\d{2})?)?"),  # kl. 9.30
    re.compile(r"\b\d{1,2}[.:]\d{2}\s*[-–]\s*\d{1,2}[.:]\d{2}\b"),  # 09.30–12.00
    re.compile(r"\b\d+(?:\.\d+){2,}\b"),  # 4.3.2
    re.compile(rf"{_DIGITS}\s*(?:[-–—]|till)\s*{_DIGITS}\s*(?:år|års|åringar)\b"),  # 18–29 år
    re.compile(rf"{_DIGITS}\s*(?:-\s*)?(?:år|års|åring|åringar|årsåldern)\b(?!\s+efter)"),  # 30 år, 25-åringar
    re.compile(rf"{_DIGITS}\s*(?:kr|kronor|tkr|mkr|miljoner|sek)\b"),  # 500 000 kr
    re.compile(
        r"(?:år|året|åren|hösten|våren|sommaren|vintern|halvåret|kvartalet|januari|februari|mars|april|maj|juni|"
        r"juli|augusti|september|oktober|november|december|under|sedan|från|till och med|t\.o\.m\.|fram till|"
        r"efter|före|inför|inom|till|och|mellan|i|om|per)\s+(?:19|20)\d{2}\b"
    ),  # under hösten 2019, år 2020
    re.compile(r"\b(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)?\d{2})?\b(?!\s*(?:%|procent|personer|deltagare))"),  # 2019
]


def _blank(text: str) -> str:
    """Return `text` with every span that is never a target replaced by spaces (positions kept)."""
    for pattern in _NOT_TARGETS:
        text = pattern.sub(lambda match: " " * len(match.group(0)), text)
    return text


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


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    low: str
    high: str | None
    after: str
    before: str


def _candidates(lowered: str, blanked: str) -> list[_Candidate]:
    """Return the numbers (and ranges) in `blanked`, in text order, with the words around them."""
    found, taken = [], []
    for match in _RANGE.finditer(blanked):
        low = match["low"] or match["between_low"]
        high = match["high"] or match["between_high"]
        found.append(
            _Candidate(match.start(), match.end(), low, high, lowered[match.end() :], lowered[: match.start()])
        )
        taken.append((match.start(), match.end()))
    for match in _SINGLE.finditer(blanked):
        start, end = match.start("number"), match.end("number")
        if any(a <= start < b for a, b in taken):
            continue
        found.append(_Candidate(start, end, match["number"], None, lowered[end:], lowered[:start]))
    return sorted(found, key=lambda candidate: candidate.start)


def _is_measured(candidate: _Candidate, *, whole: bool) -> bool:
    """Return whether the text says what the number measures (or the number is all there is)."""
    after, before = candidate.after, candidate.before
    if whole:
        return True
    if _SHARE_AFTER.match(after) or _REDUCTION_AFTER.match(after) or _REDUCTION_BEFORE.search(before):
        return True
    if _COUNTED.match(after) or re.match(rf"^\s*{_TIME_UNIT}\b", after):
        if re.search(r"\befter\s*$", before):  # "efter 6 månader" says when, not how much
            return False
        return True
    if _AT_LEAST.search(before) or _AT_MOST.search(before):
        return True
    if re.match(r"^\s*(?:[a-zåäö]+\s+)?(?:per|varje)\s", after):  # "20 per coach", "1 200 besök per år"
        return True
    return bool(re.search(r"\bansvarar\s+för\s*$", before))


def _target_from(candidate: _Candidate, lowered: str) -> Target:
    after, before = candidate.after.strip(), candidate.before
    per_match = _PER.search(lowered[candidate.start :]) or _PER.search(lowered)
    per = per_match["per"] if per_match else ""
    share_after = after.startswith(("%", "procent")) or (
        candidate.high is not None and "%" in lowered[candidate.start : candidate.end]
    )
    is_share = share_after or bool(_SHARE_AFTER.match(candidate.after))
    low = _to_decimal(candidate.low)
    high = _to_decimal(candidate.high) if candidate.high is not None else None
    unit_after = re.sub(r"^(?:%|procent)\s*", "", after)
    if candidate.high is not None:
        comparison = Comparison.RANGE
        is_share = is_share or "%" in lowered[candidate.start : candidate.end + 12] or "procent" in after[:12]
    elif _REDUCTION_AFTER.match(candidate.after) or _REDUCTION_BEFORE.search(before):
        comparison = Comparison.REDUCTION
    elif _AT_MOST.search(before):
        comparison = Comparison.AT_MOST
    else:
        comparison = Comparison.AT_LEAST
    if is_share:
        measure = Measure.SHARE
    elif _WEEKS.match(unit_after):
        measure, low, high = Measure.DAYS, low * 7, high * 7 if high is not None else None
    elif _MONTHS.match(unit_after):
        measure, low, high = Measure.DAYS, low * 30, high * 30 if high is not None else None
    elif _DAYS.match(unit_after):
        measure = Measure.DAYS
    elif per:
        measure = Measure.COUNT_PER_PERIOD
    else:
        measure = Measure.COUNT
    if measure != Measure.COUNT_PER_PERIOD:
        per = ""
    return _check_target(Target(measure=measure, comparison=comparison, low=low, high=high, per=per))


def _read(text: str, *, strict: bool) -> Target | None:
    lowered = " ".join(text.lower().split())
    blanked = _blank(lowered)
    candidates = _candidates(lowered, blanked)
    whole = (
        len(candidates) == 1
        and not re.sub(
            r"(?:minst|högst|max|maximalt|inom|under|över|%|procent|[\s.,])",
            "",
            blanked.replace(candidates[0].low, "", 1).replace(candidates[0].high or "\0", "", 1),
        ).strip()
    )
    measured = [candidate for candidate in candidates if _is_measured(candidate, whole=whole)]
    if not measured:
        if strict:
            raise TargetSyntaxError(text)
        return None
    return _target_from(measured[0], lowered)


def parse_target(text: str) -> Target:
    """Read a target from Swedish wording: "minst 30 %", "15–20 %", "inom två veckor", "20 deltagare per coach".

    Only a number the text says something about is a target: a share ("50 % av
    deltagarna"), a count of something ("100 personer", "50 av de unga vuxna", "30 till
    arbete"), a time ("inom två veckor"), a number after "minst"/"högst", or a number that
    is all the text holds. Dates, years ("under hösten 2019"), ages ("18–29 år"), clock
    times, "§ 4", phone numbers, section numbers and amounts of money never are. A number
    alone counts as "at least"; "inom", "högst" and "max" mean "at most"; two numbers
    joined by a dash or "till" make a range; "30 % färre vårdkontakter" is a reduction.
    Weeks are turned into days.

    Raises `TargetSyntaxError` when there is no such number, and `TargetValueError` for a
    target that does not hold together: a negative number, an exponent, a range written
    backwards, a share over 100 %, more than two decimals, or a number the goal cannot store.
    """
    lowered = " ".join(text.lower().split())
    _refuse_signs_and_exponents(_blank(lowered))
    return _read(text, strict=True)


def read_target(text: str) -> Target | None:
    """Return the target a goal's wording states, or None when it states none (or none that holds together).

    The lenient reading of `parse_target`, for pre-filling a goal's fields from its text.
    """
    try:
        return parse_target(text)
    except TargetError:
        return None


MEASURE_SHORT = {
    Measure.SHARE: _("andel"),
    Measure.COUNT: _("antal"),
    Measure.COUNT_PER_PERIOD: _("antal per period"),
    Measure.DAYS: _("dagar"),
}


def describe_target(target: Target) -> str:
    """Return what was read, for the user to check: "minst 50 % (andel)", "minskning med 30 % (andel)"."""
    return f"{target} ({MEASURE_SHORT[target.measure]})"


# --- The target fields a goal row carries (projects.Goal, goals.ForbundGoal): one set of rules ---------


def target_constraints(prefix: str) -> list[models.CheckConstraint]:
    """Return the database's rules for a row's target fields (measure, comparison, target, target_max)."""
    return [
        models.CheckConstraint(
            condition=(models.Q(measure="") & models.Q(target__isnull=True))
            | (~models.Q(measure="") & models.Q(target__isnull=False) & ~models.Q(comparison="")),
            name=f"{prefix}_target_complete",
            violation_error_message=_("Ett mätbart mål behöver både måttet, jämförelsen och målvärdet."),
        ),
        models.CheckConstraint(
            condition=~models.Q(comparison=Comparison.RANGE)
            | (models.Q(target_max__isnull=False) & models.Q(target_max__gte=models.F("target"))),
            name=f"{prefix}_range_ordered",
            violation_error_message=_("Ett intervall behöver en övre gräns som är minst lika stor som den nedre."),
        ),
        models.CheckConstraint(
            condition=~models.Q(measure=Measure.SHARE)
            | (models.Q(target__lte=100) & (models.Q(target_max__isnull=True) | models.Q(target_max__lte=100))),
            name=f"{prefix}_share_at_most_100",
            violation_error_message=_("En andel kan inte vara mer än 100 %%."),
        ),
    ]


def target_field_errors(row) -> dict[str, str]:
    """Say on its field what the constraints refuse in `row`'s target (the admin edits the fields one by one)."""
    errors = {}
    low, high = row.target, row.target_max
    if row.comparison == Comparison.RANGE and low is not None and high is not None and high < low:
        errors["target_max"] = _("Den övre gränsen kan inte vara lägre än den nedre.")
    if row.measure == Measure.SHARE:
        if low is not None and low > 100:
            errors["target"] = _("En andel kan inte vara mer än 100 %.")
        if high is not None and high > 100:
            errors["target_max"] = _("En andel kan inte vara mer än 100 %.")
    return errors


def target_of(row) -> Target | None:
    """Return `row`'s measurable target, or None when the goal is text only."""
    if not row.measure or row.target is None:
        return None
    return Target(
        measure=row.measure,
        comparison=row.comparison,
        low=row.target,
        high=row.target_max if row.comparison == Comparison.RANGE else None,
        per=row.per,
    )
