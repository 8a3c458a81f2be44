"""The values a förbund can mean, checked where they enter.

Years and dates lie within ``SOFINT_YEAR_MIN``–``SOFINT_YEAR_MAX`` (default 2000–2100).
Model fields carry the validators (so forms and the admin refuse with a Swedish field
error), and the URL converters ``year`` and ``id`` turn anything outside into a 404 before
a view or the database sees it.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# The largest id the URL accepts: 18 digits always fit a 64-bit integer column.
MAX_ID_DIGITS = 18


def year_range() -> tuple[int, int]:
    return settings.SOFINT_YEAR_MIN, settings.SOFINT_YEAR_MAX


def year_in_range(year: int) -> bool:
    first, last = year_range()
    return first <= year <= last


def date_range() -> tuple[datetime.date, datetime.date]:
    first, last = year_range()
    return datetime.date(first, 1, 1), datetime.date(last, 12, 31)


@deconstructible
class YearInRange:
    """A year the förbund can mean. Reads the setting at call time (tests may narrow it)."""

    def __call__(self, value):
        if value is None:
            return
        first, last = year_range()
        if not first <= value <= last:
            raise ValidationError(
                _("Året måste ligga mellan %(first)s och %(last)s."),
                code="year_out_of_range",
                params={"first": first, "last": last},
            )

    def __eq__(self, other):
        return isinstance(other, YearInRange)


@deconstructible
class DateInRange:
    """A date within the years the förbund can mean."""

    def __call__(self, value):
        if value is None:
            return
        first, last = year_range()
        if not first <= value.year <= last:
            raise ValidationError(
                _("Datumet måste ligga mellan %(first)s-01-01 och %(last)s-12-31."),
                code="date_out_of_range",
                params={"first": first, "last": last},
            )

    def __eq__(self, other):
        return isinstance(other, DateInRange)


class YearConverter:
    """``<year:year>``: four digits within the setting's range, otherwise 404."""

    regex = "[0-9]{4}"

    def to_python(self, value):
        year = int(value)
        if not year_in_range(year):
            raise ValueError(value)
        return year

    def to_url(self, value):
        return str(int(value))


class IdConverter:
    """``<id:pk>``: a positive row id that fits the database's integer column, otherwise 404."""

    regex = f"[0-9]{{1,{MAX_ID_DIGITS}}}"

    def to_python(self, value):
        number = int(value)
        if number < 1:
            raise ValueError(value)
        return number

    def to_url(self, value):
        return str(int(value))
