import datetime

import pytest

from core.formatting import date_span, time_span

D = datetime.date
T = datetime.time


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (D(2018, 3, 23), None, "2018-03-23"),
        (D(2018, 3, 23), D(2018, 3, 23), "2018-03-23"),
        (D(2018, 4, 17), D(2018, 4, 18), "2018-04-17/18"),
        (D(2018, 11, 12), D(2018, 11, 15), "12–15 november 2018"),
        (D(2018, 4, 30), D(2018, 5, 2), "30 april – 2 maj 2018"),
        (D(2018, 12, 30), D(2019, 1, 2), "2018-12-30 – 2019-01-02"),
    ],
)
def test_date_span_writes_dates_as_the_seed_does(start, end, text):
    assert date_span(start, end) == text


def test_time_span():
    assert time_span(all_day=True, start=None, end=None) == "HELDAG"
    assert time_span(all_day=False, start=T(9, 30), end=T(12)) == "09.30–12.00"
    assert time_span(all_day=False, start=T(13), end=None) == "från 13.00"
    assert time_span(all_day=False, start=None, end=None) == ""
