"""Targets from all three seeds, written as data, read back and evaluated."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from projects.models import Goal
from projects.targets import (
    MAX_TARGET,
    Attainment,
    Comparison,
    Measure,
    Target,
    TargetError,
    TargetSyntaxError,
    TargetValueError,
    parse_target,
)

# (wording as the plans write it, measure, comparison, low, high, per)
SEED_TARGETS = [
    # Skövde 2009
    (
        "50 av de unga vuxna som ingår i uppdraget skall få den hjälp och det stöd de behöver",
        Measure.COUNT,
        Comparison.AT_LEAST,
        50,
        None,
        "",
    ),
    ("30 till arbete alternativt studier", Measure.COUNT, Comparison.AT_LEAST, 30, None, ""),
    (
        "30 % av de inskrivna skall gå till fortsatt rehabilitering, arbete eller utbildning.",
        Measure.SHARE,
        Comparison.AT_LEAST,
        30,
        None,
        "",
    ),
    # DESIGN and national guidance
    ("15–20 %", Measure.SHARE, Comparison.RANGE, 15, 20, ""),
    ("15-20 procent", Measure.SHARE, Comparison.RANGE, 15, 20, ""),
    ("minst 50 % ska gå vidare till arbete eller studier", Measure.SHARE, Comparison.AT_LEAST, 50, None, ""),
    (
        "minst 100 personer under ett kalenderår",
        Measure.COUNT_PER_PERIOD,
        Comparison.AT_LEAST,
        100,
        None,
        "kalenderår",
    ),
    # SOFINT 2018
    ("ska få en återkoppling med en första besökstid inom två veckor", Measure.DAYS, Comparison.AT_MOST, 14, None, ""),
    (
        "Riktmärke blir att varje coach ansvarar för 20 deltagare",
        Measure.COUNT_PER_PERIOD,
        Comparison.AT_LEAST,
        20,
        None,
        "coach",
    ),
    ("20 deltagare per coach", Measure.COUNT_PER_PERIOD, Comparison.AT_LEAST, 20, None, "coach"),
    ("högst 10 dagar", Measure.DAYS, Comparison.AT_MOST, 10, None, ""),
    ("inom 3 månader", Measure.DAYS, Comparison.AT_MOST, 90, None, ""),
    ("minst 12,5 %", Measure.SHARE, Comparison.AT_LEAST, Decimal("12.5"), None, ""),
    ("1 200 besök per år", Measure.COUNT_PER_PERIOD, Comparison.AT_LEAST, 1200, None, "år"),
    # Other ways people write the same targets
    ("mellan 15 och 20 %", Measure.SHARE, Comparison.RANGE, 15, 20, ""),
    ("15 % till 20 %", Measure.SHARE, Comparison.RANGE, 15, 20, ""),
    ("Max 3 veckor", Measure.DAYS, Comparison.AT_MOST, 21, None, ""),
    ("under 14 dagar", Measure.DAYS, Comparison.AT_MOST, 14, None, ""),
    ("inom en månad", Measure.DAYS, Comparison.AT_MOST, 30, None, ""),
    ("40%", Measure.SHARE, Comparison.AT_LEAST, 40, None, ""),
    ("10 personer per månad", Measure.COUNT_PER_PERIOD, Comparison.AT_LEAST, 10, None, "månad"),
]


@pytest.mark.parametrize(("text", "measure", "comparison", "low", "high", "per"), SEED_TARGETS)
def test_seed_wording_is_read_as_a_target(text, measure, comparison, low, high, per):
    target = parse_target(text)
    assert target.measure == measure
    assert target.comparison == comparison
    assert target.low == Decimal(low)
    assert target.high == (Decimal(high) if high is not None else None)
    assert target.per == per


@pytest.mark.parametrize("text", ["", "Att öka verksamhetens omfattning", "ska förbättras"])
def test_text_without_a_number_is_refused(text):
    with pytest.raises(TargetSyntaxError):
        parse_target(text)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("minst 30 %", "minst 30\u202f%"),
        ("15–20 %", "15–20\u202f%"),
        ("inom två veckor", "högst 14 dagar"),
        ("minst 100 personer under ett kalenderår", "minst 100 per kalenderår"),
        ("20 deltagare per coach", "minst 20 per coach"),
    ],
)
def test_a_target_reads_back_as_swedish_text(text, shown):
    assert str(parse_target(text)) == shown
    # What is shown can be typed in again and means the same.
    assert parse_target(shown) == parse_target(text)


AT_LEAST_30 = Target(Measure.SHARE, Comparison.AT_LEAST, Decimal(30))
AT_MOST_14 = Target(Measure.DAYS, Comparison.AT_MOST, Decimal(14))
RANGE_15_20 = Target(Measure.SHARE, Comparison.RANGE, Decimal(15), Decimal(20))


@pytest.mark.parametrize(
    ("target", "value", "due", "expected"),
    [
        (AT_LEAST_30, 30, True, Attainment.MET),
        (AT_LEAST_30, 45, True, Attainment.MET),
        (AT_LEAST_30, 27, True, Attainment.NEAR),  # exactly 10 % short
        (AT_LEAST_30, Decimal("26.9"), True, Attainment.MISSED),
        (AT_LEAST_30, 10, False, Attainment.NOT_DUE),
        (AT_LEAST_30, 28, False, Attainment.NEAR),
        (AT_LEAST_30, None, True, Attainment.NO_DATA),
        (AT_MOST_14, 9, True, Attainment.MET),
        (AT_MOST_14, 14, True, Attainment.MET),
        (AT_MOST_14, Decimal("15.4"), True, Attainment.NEAR),
        (AT_MOST_14, 21, True, Attainment.MISSED),
        (RANGE_15_20, 15, True, Attainment.MET),
        (RANGE_15_20, 20, True, Attainment.MET),
        (RANGE_15_20, Decimal("13.5"), True, Attainment.NEAR),
        (RANGE_15_20, 22, True, Attainment.NEAR),
        (RANGE_15_20, 10, True, Attainment.MISSED),
        (RANGE_15_20, 30, True, Attainment.MISSED),
    ],
)
def test_attainment_rule(target, value, due, expected):
    assert target.evaluate(value, due=due) == expected


def test_colours_and_icons_never_stand_alone():
    colours = {attainment: attainment.colour for attainment in Attainment}
    assert colours[Attainment.MET] == "green"
    assert colours[Attainment.NEAR] == colours[Attainment.NOT_DUE] == "yellow"
    assert colours[Attainment.MISSED] == "red"
    assert colours[Attainment.NO_DATA] == colours[Attainment.NOT_MEASURABLE] == "grey"
    # Every state has its own word and its own icon, so colour is never the only signal.
    assert len({str(a.label) for a in Attainment}) == len(Attainment)
    assert len({a.icon for a in Attainment}) == len(Attainment)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("minst -5 %", "Ett målvärde kan inte vara negativt."),
        ("−5 %", "Ett målvärde kan inte vara negativt."),
        ("högst -3 dagar", "Ett målvärde kan inte vara negativt."),
        ("mellan -5 och 10 %", "Ett målvärde kan inte vara negativt."),
        ("20–15 %", "Intervallet går baklänges: skriv den lägre gränsen först, till exempel ”15–20”."),
        ("20 - 15 %", "Intervallet går baklänges"),
        ("mellan 30 och 10 personer", "Intervallet går baklänges"),
        ("1e309 %", "Skriv talet med siffror, utan exponent"),
        ("minst 1E3 personer", "Skriv talet med siffror, utan exponent"),
        ("150 %", "En andel kan inte vara mer än 100 %."),
        ("minst 100,5 procent", "En andel kan inte vara mer än 100 %."),
        ("90–120 %", "En andel kan inte vara mer än 100 %."),
        ("minst 12,555 %", "Skriv målvärdet med högst två decimaler."),
        ("minst 10000000000 personer", "Målvärdet är för stort"),
        ("9" * 150, "Målvärdet är för stort"),
        ("inom 9999999999 veckor", "Målvärdet är för stort"),
        ("20 per " + "a" * 41, "Enheten efter ”per” är för lång"),
    ],
)
def test_a_target_that_does_not_hold_together_is_refused_in_swedish(text, message):
    with pytest.raises(TargetValueError) as error:
        parse_target(text)
    assert message in str(error.value.message)


@pytest.mark.parametrize("text", ["NaN", "nan %", "inf", "-inf %", "Infinity", "∞ %", "%", "procent"])
def test_words_for_no_number_are_no_target(text):
    with pytest.raises(TargetError):
        parse_target(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("minst 40 %", Target(Measure.SHARE, Comparison.AT_LEAST, Decimal(40))),
        ("20–30 %", Target(Measure.SHARE, Comparison.RANGE, Decimal(20), Decimal(30))),
        ("20-20 %", Target(Measure.SHARE, Comparison.RANGE, Decimal(20), Decimal(20))),
        ("0,5", Target(Measure.COUNT, Comparison.AT_LEAST, Decimal("0.5"))),
        ("100 %", Target(Measure.SHARE, Comparison.AT_LEAST, Decimal(100))),
        ("minst 0 %", Target(Measure.SHARE, Comparison.AT_LEAST, Decimal(0))),
        ("högst 9 999 999 999,99", Target(Measure.COUNT, Comparison.AT_MOST, MAX_TARGET)),
    ],
)
def test_valid_swedish_targets_are_still_read(text, expected):
    assert parse_target(text) == expected


# --- Property: whatever is typed, the parser refuses it in Swedish or returns a target the goal can store ----

NUMBERS = st.one_of(
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(min_value=0, max_value=10**12, places=3).map(lambda d: str(d).replace(".", ",")),
    st.sampled_from(["1e309", "NaN", "inf", "−5", "1 200", "0,5", "två", "tio", "9" * 40]),
)
WORDS = st.sampled_from(
    [
        "minst",
        "högst",
        "inom",
        "max",
        "mellan",
        "och",
        "till",
        "–",
        "-",
        "%",
        "procent",
        "dagar",
        "veckor",
        "månader",
        "per",
        "coach",
        "kalenderår",
        "under",
        "ett",
        "personer",
        "deltagare",
        "",
        " ",
    ]
)
WORDING = st.lists(st.one_of(NUMBERS, WORDS), max_size=8).map(" ".join)


def assert_storable(target: Target) -> None:
    assert 0 <= target.low <= MAX_TARGET
    assert -target.low.as_tuple().exponent <= 2
    if target.comparison == Comparison.RANGE:
        assert target.high is not None and target.low <= target.high <= MAX_TARGET
    if target.measure == Measure.SHARE:
        assert target.low <= 100 and (target.high or 0) <= 100
    goal = Goal(
        text="Mål",
        measure=target.measure,
        comparison=target.comparison,
        target=target.low,
        target_max=target.high,
        per=target.per,
    )
    goal.clean_fields(exclude=["project"])  # the columns' own limits: digits, decimals, length


@settings(derandomize=True, max_examples=400, deadline=None)
@given(st.one_of(WORDING, st.text(max_size=200)))
def test_any_wording_is_refused_in_swedish_or_is_a_target_the_goal_can_store(text):
    try:
        target = parse_target(text)
    except TargetError as error:
        assert str(error.message).strip()
        return
    assert_storable(target)
    # What the page shows back reads as the same target.
    assert parse_target(str(target)) == target
