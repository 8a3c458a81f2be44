"""The target parser reads a number as a target only where the text says what it measures.

Table-driven: real phrasings from the three seeds in ../shared/seeds/ (Skövde 2009,
Vänersborg/Mellerud 2007, SOFINT 2018) and the ways plans write targets, then the
numbers that are never targets: dates, years, ages, paragraphs, phone numbers, clock
times, section numbers, money.
"""

from decimal import Decimal

import pytest

from projects.targets import (
    Comparison,
    Measure,
    Target,
    TargetSyntaxError,
    describe_target,
    parse_target,
    read_target,
)

M, C = Measure, Comparison

# (wording, measure, comparison, low, high, per)
READ_AS_TARGETS = [
    # Skövde 2009, "Pågående uppdrag"
    (
        "psykisk ohälsa för unga vuxna 20 – 29 år. 50 av de unga vuxna som ingår i uppdraget skall få den hjälp "
        "och det stöd de behöver för att kunna gå vidare mot arbetsmarknaden",
        M.COUNT, C.AT_LEAST, 50, None, "",
    ),
    ("unga med aktivitetsersättning. 30 till arbete alternativt studier", M.COUNT, C.AT_LEAST, 30, None, ""),
    (
        "Rehabilitering med naturen som kraftkälla. 30 % av de inskrivna skall gå till fortsatt rehabilitering, "
        "arbete eller utbildning.",
        M.SHARE, C.AT_LEAST, 30, None, "",
    ),
    # SOFINT 2018
    (
        "Att en individ som anmäler sig till Mottagningsteamet, ska få en återkoppling med en första besökstid "
        "inom två veckor.",
        M.DAYS, C.AT_MOST, 14, None, "",
    ),
    ("Riktmärke blir att varje coach ansvarar för 20 deltagare", M.COUNT_PER_PERIOD, C.AT_LEAST, 20, None, "coach"),
    # The issue's own examples
    ("minst 50 % av deltagarna", M.SHARE, C.AT_LEAST, 50, None, ""),
    ("15–20 %", M.SHARE, C.RANGE, 15, 20, ""),
    ("minst 100 personer per kalenderår", M.COUNT_PER_PERIOD, C.AT_LEAST, 100, None, "kalenderår"),
    ("30 % färre vårdkontakter ett år efter inskrivning", M.SHARE, C.REDUCTION, 30, None, ""),
    # Reductions, however they are worded
    ("minska sjukskrivningarna med 20 %", M.SHARE, C.REDUCTION, 20, None, ""),
    ("en minskning med 15 % av antalet dagar", M.SHARE, C.REDUCTION, 15, None, ""),
    ("Sjukskrivningstalet ska sänkas med 10 procent", M.SHARE, C.REDUCTION, 10, None, ""),
    ("20 % lägre kostnader för försörjningsstöd", M.SHARE, C.REDUCTION, 20, None, ""),
    ("10 färre personer med aktivitetsersättning", M.COUNT, C.REDUCTION, 10, None, ""),
    # A time qualifier or a year beside the target is not the target
    ("Minst 60 procent av deltagarna ska ha en planering efter 3 månader", M.SHARE, C.AT_LEAST, 60, None, ""),
    ("Efter 6 månader ska minst 40 % ha arbete", M.SHARE, C.AT_LEAST, 40, None, ""),
    ("Insatsen ska nå 200 deltagare under 2019", M.COUNT, C.AT_LEAST, 200, None, ""),
    ("Under hösten 2019 ska 25 personer ha börjat", M.COUNT, C.AT_LEAST, 25, None, ""),
    ("Unga 18–29 år: minst 40 % ska gå till arbete eller studier", M.SHARE, C.AT_LEAST, 40, None, ""),
    ("Enligt styrelsebeslut 2017-05-12 § 4 ska 30 % gå vidare", M.SHARE, C.AT_LEAST, 30, None, ""),
    # Other ways plans write the same targets
    ("Mer än 25 % ska ha gått till studier", M.SHARE, C.AT_LEAST, 25, None, ""),
    ("Högst 5 dagars väntetid", M.DAYS, C.AT_MOST, 5, None, ""),
    ("10 personer per månad", M.COUNT_PER_PERIOD, C.AT_LEAST, 10, None, "månad"),
    ("mellan 15 och 20 procent av deltagarna", M.SHARE, C.RANGE, 15, 20, ""),
]  # fmt: skip


@pytest.mark.parametrize(("text", "measure", "comparison", "low", "high", "per"), READ_AS_TARGETS)
def test_a_stated_target_is_read(text, measure, comparison, low, high, per):
    expected = Target(measure, comparison, Decimal(low), Decimal(high) if high is not None else None, per)
    assert parse_target(text) == expected
    assert read_target(text) == expected
    # What the page shows back reads as the same target.
    assert parse_target(str(expected)) == expected


NEVER_TARGETS = [
    "under hösten 2019",
    "Insatsen beräknas starta under våren 2019",
    "Under 2019 ska insatsen utvärderas",
    "2019",
    "år 2020",
    "unga 18–29 år",
    "Målgruppen är unga 18-29 år som står långt från arbetsmarknaden",
    "personer i åldern 16-24 år",
    "Deltagare under 30 år prioriteras",
    "ungdomar 18-29 år och invandrare 30-40 år",
    "Styrelsebeslut 2017-05-12 § 4",
    "enligt § 4",
    "Ring 019-123 45 67",
    "Ring 0581-811 00 för information",
    "Projektet pågår 2018-01-01 till 2019-12-31",
    "Möte kl. 09.30–12.00",
    "Styrelsemöte 09.30-12.00",
    "Budget 500 000 kr",
    "Beviljat 1 855 250 kronor",
    "Enligt avsnitt 4.3.2",
    "Uppföljning sker den 12 maj 2017",
    "Den 30 november beslutade förbundet budget för 2007.",
    "Samordningsförbundet Vänersborg/Mellerud bildades den 1 mars 2006 i enlighet med lagen 2003:1210",
    "Datum : 20070111",
    "Samtliga fyra kommuner ska få service",
    "Andelen unga vuxna med försörjningsstöd i förbundets kommuner ska inte vara högre än länets vid mätningen "
    "hösten 2019",
    "ett metodutvecklingsuppdrag med mål att minska/minimera individens sjukskrivningstid",
    "12-15 november 2018",
]


@pytest.mark.parametrize("text", NEVER_TARGETS)
def test_dates_years_ages_paragraphs_and_phone_numbers_are_never_targets(text):
    assert read_target(text) is None
    with pytest.raises(TargetSyntaxError):
        parse_target(text)


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("minst 50 % av deltagarna", "minst 50\u202f% (andel)"),
        ("30 % färre vårdkontakter", "minskning med 30\u202f% (andel)"),
        ("minst 100 personer per kalenderår", "minst 100 per kalenderår (antal per period)"),
        ("inom två veckor", "högst 14 dagar (dagar)"),
        ("50 av de unga vuxna", "minst 50 (antal)"),
    ],
)
def test_the_reading_is_stated_in_words(text, reading):
    assert describe_target(parse_target(text)) == reading


def test_a_reduction_is_met_by_reducing_at_least_as_much():
    target = parse_target("30 % färre vårdkontakter")
    assert str(target) == "minskning med 30\u202f%"
    assert target.evaluate(Decimal(35)).colour == "green"
    assert target.evaluate(Decimal(28)).colour == "yellow"
    assert target.evaluate(Decimal(10)).colour == "red"
