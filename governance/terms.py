"""Board terms (mandatperioder): four years after each general election, from a start day.

Sweden holds general elections every four years (2018, 2022, 2026 …). The board's term
starts on a day set in each förbund's förbundsordning in the year after the election:
SOFINT counts from 1 January, the national guidance from 1 April. The term ends the day
before the next term starts.
"""

import datetime
from dataclasses import dataclass

REFERENCE_ELECTION_YEAR = 2018
ELECTION_INTERVAL = 4


@dataclass(frozen=True)
class Term:
    """One board term: the election it follows and its first and last day."""

    election_year: int
    starts_on: datetime.date
    ends_on: datetime.date

    def __str__(self):
        return f"{self.starts_on.year}–{self.ends_on.year}"

    def __contains__(self, day):
        return self.starts_on <= day <= self.ends_on


def is_election_year(year: int) -> bool:
    """Return True when a general election is held in `year`."""
    return (year - REFERENCE_ELECTION_YEAR) % ELECTION_INTERVAL == 0


def term_after_election(election_year: int, *, start_month: int, start_day: int) -> Term:
    """Return the term that follows the general election held in `election_year`."""
    if not is_election_year(election_year):
        raise ValueError(f"{election_year} is not an election year")
    starts_on = datetime.date(election_year + 1, start_month, start_day)
    next_start = datetime.date(election_year + 1 + ELECTION_INTERVAL, start_month, start_day)
    return Term(election_year, starts_on, next_start - datetime.timedelta(days=1))


def term_for_date(day: datetime.date, *, start_month: int, start_day: int) -> Term:
    """Return the term that `day` falls in."""
    # The latest election held in a year before `day`'s year …
    previous_year = day.year - 1
    election_year = previous_year - (previous_year - REFERENCE_ELECTION_YEAR) % ELECTION_INTERVAL
    # … unless that election's term has not started yet on `day`.
    if day < datetime.date(election_year + 1, start_month, start_day):
        election_year -= ELECTION_INTERVAL
    return term_after_election(election_year, start_month=start_month, start_day=start_day)
