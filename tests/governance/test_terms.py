"""Board terms: four years after each election, from the förbund's start day."""

import datetime

import pytest

from governance.terms import is_election_year, term_after_election, term_for_date

JANUARY = {"start_month": 1, "start_day": 1}  # SOFINT's förbundsordning
APRIL = {"start_month": 4, "start_day": 1}  # the national guidance

d = datetime.date


@pytest.mark.parametrize("year", [2006, 2010, 2014, 2018, 2022, 2026, 2030])
def test_elections_every_four_years(year):
    assert is_election_year(year)
    assert not is_election_year(year + 1)
    assert not is_election_year(year + 2)


@pytest.mark.parametrize(
    ("day", "convention", "election", "starts_on", "ends_on"),
    [
        # SOFINT: from 1 January the year after the election.
        (d(2018, 3, 23), JANUARY, 2014, d(2015, 1, 1), d(2018, 12, 31)),
        (d(2018, 12, 31), JANUARY, 2014, d(2015, 1, 1), d(2018, 12, 31)),
        (d(2019, 1, 1), JANUARY, 2018, d(2019, 1, 1), d(2022, 12, 31)),
        (d(2022, 9, 11), JANUARY, 2018, d(2019, 1, 1), d(2022, 12, 31)),
        (d(2023, 1, 1), JANUARY, 2022, d(2023, 1, 1), d(2026, 12, 31)),
        (d(2026, 11, 23), JANUARY, 2022, d(2023, 1, 1), d(2026, 12, 31)),
        # National guidance: from 1 April; the first quarter still belongs to the old term.
        (d(2019, 3, 31), APRIL, 2014, d(2015, 4, 1), d(2019, 3, 31)),
        (d(2019, 4, 1), APRIL, 2018, d(2019, 4, 1), d(2023, 3, 31)),
        (d(2023, 3, 31), APRIL, 2018, d(2019, 4, 1), d(2023, 3, 31)),
        (d(2023, 4, 1), APRIL, 2022, d(2023, 4, 1), d(2027, 3, 31)),
        (d(2018, 1, 1), APRIL, 2014, d(2015, 4, 1), d(2019, 3, 31)),
        # Long before the reference election.
        (d(2007, 1, 11), JANUARY, 2006, d(2007, 1, 1), d(2010, 12, 31)),
    ],
)
def test_term_for_date(day, convention, election, starts_on, ends_on):
    term = term_for_date(day, **convention)
    assert (term.election_year, term.starts_on, term.ends_on) == (election, starts_on, ends_on)
    assert day in term


def test_terms_follow_each_other_without_gap():
    for convention in (JANUARY, APRIL):
        term = term_after_election(2018, **convention)
        following = term_after_election(2022, **convention)
        assert following.starts_on - term.ends_on == datetime.timedelta(days=1)


def test_term_is_written_as_its_years():
    assert str(term_after_election(2014, **JANUARY)) == "2015–2018"
    assert str(term_after_election(2018, **APRIL)) == "2019–2023"


def test_term_after_a_year_without_election_is_refused():
    with pytest.raises(ValueError):
        term_after_election(2019, **JANUARY)
