"""Targets from all three seeds, written as data, read back and evaluated."""

from decimal import Decimal

import pytest

from projects.targets import Attainment, Comparison, Measure, Target, TargetSyntaxError, parse_target

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
