import pytest
from django.core.exceptions import ValidationError

from governance.models import Member
from governance.validators import luhn_checksum_ok, normalize_org_number, validate_org_number


@pytest.mark.parametrize(
    "number",
    ["222000-1818", "2220001818", "202100-5521", "202100-2114", "232100-0164", "556036-0793"],
)
def test_valid_organisation_numbers(number):
    assert validate_org_number(number) is None  # it raises for an invalid number
    assert normalize_org_number(number) == f"{number.replace('-', '')[:6]}-{number.replace('-', '')[6:]}"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("222000-1819", "kontrollsiffran stämmer inte"),
        ("202100-5522", "kontrollsiffran stämmer inte"),
        ("22200-1818", "tio siffror"),
        ("abc", "tio siffror"),
        ("", "tio siffror"),
        ("811218-9876", "inte ett organisationsnummer"),  # a personnummer shape
    ],
)
def test_invalid_organisation_numbers_get_a_swedish_message(number, message):
    with pytest.raises(ValidationError) as error:
        validate_org_number(number)
    assert message in str(error.value.messages[0] % (error.value.params or {}))


def test_luhn():
    assert luhn_checksum_ok("2220001818")
    assert not luhn_checksum_ok("2220001810")


def test_normalize_keeps_one_spelling():
    assert normalize_org_number("222000 1818") == "222000-1818"
    assert normalize_org_number("2220001818") == "222000-1818"
    assert normalize_org_number("nonsense") == "nonsense"


@pytest.mark.django_db
def test_member_form_field_stores_normalized_number():
    member = Member(name="Ny kommun", kind=Member.Kind.KOMMUN, org_number="8024001235")
    member.full_clean()
    assert member.org_number == "802400-1235"
