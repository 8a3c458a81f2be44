"""Validators for Swedish identifiers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ORG_NUMBER_RE = re.compile(r"^(\d{6})-?(\d{4})$")


def luhn_checksum_ok(digits: str) -> bool:
    """Return True when the last digit of `digits` is the Luhn check digit of the others."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalize_org_number(value: str) -> str:
    """Return `value` as NNNNNN-NNNN when it has the shape of an organisationsnummer."""
    compact = re.sub(r"[\s\u00a0\u202f]", "", value or "")
    match = _ORG_NUMBER_RE.match(compact)
    if not match:
        return value
    return f"{match.group(1)}-{match.group(2)}"


def validate_org_number(value: str) -> None:
    """Refuse anything but a valid Swedish organisationsnummer (NNNNNN-NNNN, check digit)."""
    match = _ORG_NUMBER_RE.match(normalize_org_number(value))
    if not match:
        raise ValidationError(
            _("Ange organisationsnumret som tio siffror, till exempel 222000-1818."),
            code="format",
        )
    digits = match.group(1) + match.group(2)
    # Legal persons have 20 or more in the "month" position; that is what tells
    # an organisationsnummer from a personnummer.
    if int(digits[2:4]) < 20:
        raise ValidationError(
            _("%(value)s är inte ett organisationsnummer (tredje och fjärde siffran ska vara minst 20)."),
            code="not_organisation",
            params={"value": value},
        )
    if not luhn_checksum_ok(digits):
        raise ValidationError(
            _("Organisationsnumret %(value)s är ogiltigt: kontrollsiffran stämmer inte."),
            code="checksum",
            params={"value": value},
        )
