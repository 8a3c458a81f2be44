"""Writes of the roof: setting up an empty installation for its förbund."""

import datetime
import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from core.formatting import MONTHS
from core.models import AuditEvent
from core.roles import DIRECTOR
from core.services import audit_record
from governance.models import Organisation, Person

_WORDS = re.compile(r"^(\d{1,2})\.?\s+([a-zåäö]+)$")
_NUMBERS = re.compile(r"^(\d{1,2})-(\d{1,2})$")


@dataclass(frozen=True)
class SetUp:
    organisation: Organisation
    user: object
    person: Person


def term_start_parse(text: str) -> tuple[int, int]:
    """Return (month, day) of a term start day written "1 april" or as MM-DD ("04-01").

    The day must exist every year: 29 February cannot start a term.
    """
    text = (text or "").strip().lower()
    month = day = None
    if match := _WORDS.match(text):
        day = int(match[1])
        name = match[2]
        month = next((number for number, month_name in enumerate(MONTHS, 1) if month_name.startswith(name)), None)
        if len(name) < 3:
            month = None
    elif match := _NUMBERS.match(text):
        month, day = int(match[1]), int(match[2])
    if month is None:
        raise ValidationError(
            _("Skriv mandatperiodens startdag som ”1 januari” eller ”1 april” (eller MM-DD, till exempel 04-01)."),
            code="term_start",
        )
    try:
        # 2021 is not a leap year: the day must exist every year.
        datetime.date(2021, month, day)
    except ValueError:
        raise ValidationError(
            _("Mandatperiodens startdag måste vara en dag som finns varje år."), code="term_start"
        ) from None
    return month, day


def forbund_setup_refusal() -> str:
    """Return why this installation cannot be set up again ("" when it can: no förbund yet)."""
    organisation = Organisation.objects.current()
    if organisation is not None:
        return _("Installationen har redan ett förbund (%(name)s). Ingenting har ändrats.") % {
            "name": organisation.name
        }
    return ""


def director_account_validate(*, username: str, full_name: str, email: str, password: str) -> None:
    """Refuse a first förbundschef's account whose username is taken, e-mail malformed or password weak."""
    user_model = get_user_model()
    errors: dict[str, list] = {}
    username = (username or "").strip()
    if not username:
        errors["username"] = [_("Ange ett användarnamn.")]
    else:
        try:
            user_model._meta.get_field("username").run_validators(username)
        except ValidationError as error:
            errors["username"] = error.messages
        if user_model.objects.filter(username__iexact=username).exists():
            errors["username"] = [_("Användarnamnet %(username)s är upptaget.") % {"username": username}]
    if not (full_name or "").strip():
        errors["full_name"] = [_("Ange förbundschefens namn.")]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Ange en giltig e-postadress.")]
    first_name, last_name = _name_split(full_name or "")
    try:
        password_validation.validate_password(
            password or "",
            user=user_model(username=username, first_name=first_name, last_name=last_name, email=email or ""),
        )
    except ValidationError as error:
        errors["password"] = error.messages
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def forbund_setup(
    *,
    name: str,
    short_name: str,
    org_number: str = "",
    term_start_month: int = 1,
    term_start_day: int = 1,
    username: str,
    full_name: str,
    email: str = "",
    password: str,
) -> SetUp:
    """Create the förbund and its first förbundschef (account, role, person) in an empty installation.

    All or nothing: a refusal (a förbund already there, an invalid input) writes nothing.
    """
    refusal = forbund_setup_refusal()
    if refusal:
        raise ValidationError(refusal, code="exists")
    organisation = Organisation(
        name=(name or "").strip(),
        short_name=(short_name or "").strip(),
        org_number=(org_number or "").strip(),
        term_start_month=term_start_month,
        term_start_day=term_start_day,
    )
    errors = {}
    try:
        organisation.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        director_account_validate(username=username, full_name=full_name, email=email, password=password)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    organisation.save()
    first_name, last_name = _name_split(full_name)
    user = get_user_model().objects.create_user(
        username=username.strip(),
        email=email or "",
        password=password,
        first_name=first_name,
        last_name=last_name,
    )
    # The role is enough to reach the admin (core.admin.RoleAdminSite): no is_staff.
    user.groups.add(Group.objects.get(name=DIRECTOR))
    person = Person.objects.create(name=full_name.strip(), email=email or "", user=user)
    audit_record(
        acting_user=user,
        action=AuditEvent.Action.FORBUND_SET_UP,
        summary=_("%(name)s uppsatt med förbundschef %(user)s") % {"name": organisation.name, "user": user.username},
        details={"organisation": organisation.pk, "user": user.pk, "person": person.pk},
    )
    return SetUp(organisation=organisation, user=user, person=person)


def _name_split(full_name: str) -> tuple[str, str]:
    """Return (first name, last name): the last word is the last name."""
    words = full_name.split()
    if len(words) < 2:
        return full_name.strip(), ""
    return " ".join(words[:-1]), words[-1]
