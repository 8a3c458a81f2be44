"""Years and dates have a domain: addresses outside it are 404s, form values outside it field errors."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.domain import DateInRange, YearInRange

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = [
    "/maluppfyllelse/10000/",
    "/maluppfyllelse/99999999999999999999/",
    "/maluppfyllelse/10000/maluppfyllelse.csv",
    "/maluppfyllelse/99999999999999999999/maluppfyllelse.xlsx",
    "/insatser/nationell-uppfoljning/0.csv",
    "/insatser/nationell-uppfoljning/1999.csv",
    "/kalender/0/faststall/",
    "/kalender/2101/",
    "/kalender/9999.ics",
    "/budget/0/",
    "/budget/20199/",
    "/styrelse/1899/",
    "/planer/0/",
    "/planer/99999999999999999999/",
    "/planer/1/version/0/pdf/",
    "/insatser/999999999999999999/",
    "/kalender/mote/99999999999999999999/",
]


@pytest.mark.parametrize("url", OUT_OF_RANGE)
def test_addresses_outside_the_domain_are_not_found(client_for, url):
    client = client_for("forbundschef")
    assert client.get(url).status_code == 404
    assert client.post(url).status_code in (404, 405)


def test_year_validator_names_the_range():
    YearInRange()(2000)
    YearInRange()(2100)
    for year in (0, 1999, 2101, 20199, 99999):
        with pytest.raises(ValidationError, match="Året måste ligga mellan 2000 och 2100"):
            YearInRange()(year)


def test_date_validator_names_the_range(settings):
    DateInRange()(datetime.date(2018, 2, 1))
    for day in (datetime.date(1899, 12, 31), datetime.date(9999, 12, 31)):
        with pytest.raises(ValidationError, match="Datumet måste ligga mellan 2000-01-01 och 2100-12-31"):
            DateInRange()(day)
    settings.SOFINT_YEAR_MAX = 2030
    with pytest.raises(ValidationError, match="2030-12-31"):
        DateInRange()(datetime.date(2031, 1, 1))
