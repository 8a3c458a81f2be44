"""One filter for amounts, one for dates: `4 118 000 kr`, `2018-03-23`."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template

from core.formatting import isodate, kr, number, percent, shares
from tests.helpers import NNBSP


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (4118000, f"4{NNBSP}118{NNBSP}000{NNBSP}kr"),
        (Decimal("2059000"), f"2{NNBSP}059{NNBSP}000{NNBSP}kr"),
        (Decimal("2059000.00"), f"2{NNBSP}059{NNBSP}000{NNBSP}kr"),
        (Decimal("1234.5"), f"1{NNBSP}234,50{NNBSP}kr"),
        (-168000, f"\u2212168{NNBSP}000{NNBSP}kr"),
        (0, f"0{NNBSP}kr"),
        (999, f"999{NNBSP}kr"),
        (1000, f"1{NNBSP}000{NNBSP}kr"),
        (None, ""),
    ],
)
def test_kr(value, text):
    assert kr(value) == text


def test_number_and_percent():
    assert number(236785) == f"236{NNBSP}785"
    assert percent(Decimal("25.00")) == f"25{NNBSP}%"
    assert percent(Decimal("12.75")) == f"12,75{NNBSP}%"
    assert percent(Decimal("12.754")) == f"12,75{NNBSP}%"  # one precision for every share
    assert percent(Decimal("12.50")) == f"12,5{NNBSP}%"


def test_shares_add_up_to_exactly_100():
    thirds = shares([1, 1, 1])
    assert thirds == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert sum(thirds) == 100
    # SOFINT 2018: exact at two decimals already.
    sofint = shares([2_059_000, 1_029_500, 525_045, 236_785, 154_425, 113_245])
    assert sofint == [Decimal(v) for v in ("50.00", "25.00", "12.75", "5.75", "3.75", "2.75")]
    assert shares([0, 0]) == [None, None]
    assert shares([1, 2], whole=10) == [Decimal("10.00"), Decimal("20.00")]


def test_isodate():
    assert isodate(datetime.date(2018, 3, 23)) == "2018-03-23"
    assert isodate(None) == ""


def test_filters_need_no_load_tag():
    rendered = Template("{{ amount|kr }} {{ day|isodate }}").render(
        Context({"amount": 4118000, "day": datetime.date(2018, 3, 23)})
    )
    assert rendered == f"4{NNBSP}118{NNBSP}000{NNBSP}kr 2018-03-23"


def test_django_date_formats_are_iso_in_swedish():
    from django.utils import formats, translation

    with translation.override("sv"):
        assert formats.date_format(datetime.date(2018, 3, 23)) == "2018-03-23"
        assert formats.date_format(datetime.date(2018, 3, 23), "SHORT_DATE_FORMAT") == "2018-03-23"


def test_file_sizes_read_as_a_download_link_names_them():
    from core.formatting import file_size

    assert file_size(180_400) == "180\u202fkB"
    assert file_size(129_923) == "130\u202fkB"
    assert file_size(12) == "1\u202fkB"
    assert file_size(1_234_567) == "1,2\u202fMB"
    assert file_size(12_000_000) == "12,0\u202fMB"
