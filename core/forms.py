import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from . import formatting

# Far above any pass phrase; a longer one is refused before it is hashed.
PASSWORD_MAX_LENGTH = 4096


class LoginForm(AuthenticationForm):
    """Django's login form, refusing an over-long user name or password before anything reads it.

    Django's form only writes the user name's length into the widget; a longer one reached
    authentication, where django-axes stores it for the throttle and PostgreSQL refused it
    (a 500). Refused here, authentication and the throttle never see it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user_model = get_user_model()
        username_max_length = user_model._meta.get_field(user_model.USERNAME_FIELD).max_length or 254
        username = self.fields["username"]
        username.label = _("Användarnamn")
        username.validators.append(
            MaxLengthValidator(
                username_max_length,
                message=_(
                    "Användarnamnet får vara högst %(limit_value)d tecken långt (det du skrev har %(show_value)d)."
                ),
            )
        )
        password = self.fields["password"]
        password.max_length = PASSWORD_MAX_LENGTH
        password.widget.attrs["maxlength"] = str(PASSWORD_MAX_LENGTH)
        password.validators.append(
            MaxLengthValidator(
                PASSWORD_MAX_LENGTH,
                message=_("Lösenordet får vara högst %(limit_value)d tecken långt."),
            )
        )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Logga in")))


def add_service_errors(form, error, *, aliases: dict[str, str | None] | None = None) -> None:
    """Put a service's ValidationError on `form`: on the field it names when the form shows that field
    (under its alias there, if the form calls it otherwise), else at the top of the form."""
    aliases = aliases or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        name = aliases.get(name, name)
        shown = name in form.fields and not form.fields[name].disabled
        form.add_error(name if shown else None, errors)


# --- Amounts in whole kronor, as people write them ---------------------------------------------

# Every kind of space a number may be grouped with: ordinary, no-break (U+00A0), narrow no-break
# (U+202F, what sofint itself writes), figure and thin spaces.
_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009\u200a]+")
_KRONOR_TEXT = re.compile(r"(?P<sign>[-\u2212\u2013]?) ?(?P<digits>\d{1,3}(?: \d{3})+|\d+)(?:,(?:00|-))?")
_KRONOR_UNIT = re.compile(r"\s*(?:kr\.?|kronor|sek|:-)$", re.IGNORECASE)


class AmountInput(forms.TextInput):
    """A text box showing an amount as sofint writes it: `1 855 250` (narrow no-break spaces)."""

    def __init__(self, attrs=None):
        super().__init__({"size": 12, "class": "amount", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return formatting.number(value)
        return super().format_value(value)


class AmountField(forms.IntegerField):
    """Whole kronor as people write them: 1855250, "1 855 250", "1 855 250 kr", "1 855 250,00".

    Any space groups thousands (ordinary, no-break, narrow no-break); a minus sign is read
    where the model field takes negative amounts (its `min_value` says so). Anything else,
    öre included, is refused with a Swedish message.
    """

    widget = AmountInput
    default_error_messages = {
        "invalid": _("Skriv beloppet i hela kronor, till exempel 1 855 250 eller 1 855 250 kr."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = _KRONOR_UNIT.sub("", _SPACES.sub(" ", str(value)).strip()).strip()
        if not text:
            return None
        match = _KRONOR_TEXT.fullmatch(text) if len(text) <= 40 else None
        if match is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        number = int(match["digits"].replace(" ", ""))
        return -number if match["sign"] else number

    def widget_attrs(self, widget):
        # Not IntegerField's: no min, max or step on a text box.
        return forms.Field.widget_attrs(self, widget)


def _iso_date_field(label, *, example):
    """An optional date written ÅÅÅÅ-MM-DD (the browser's date picker sends that form)."""
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. %(example)s.") % {"example": example}},
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ChangeHistoryFilterForm(forms.Form):
    """What the auditor narrows the change history to: a kind of object, a person, a span of dates."""

    typ = forms.ChoiceField(label=_("Typ av uppgift"), required=False)
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=None,
        required=False,
        empty_label=_("Alla"),
        error_messages={"invalid_choice": _("Välj en person i listan.")},
    )
    fran = _iso_date_field(_("Från och med"), example="2026-12-01")
    till = _iso_date_field(_("Till och med"), example="2026-12-31")

    def __init__(self, *args, types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["typ"].choices = [("", _("Alla")), *types]
        self.fields["typ"].error_messages["invalid_choice"] = _("Välj en typ av uppgift i listan.")
        self.fields["person"].queryset = get_user_model().objects.order_by("first_name", "last_name", "username")
        self.fields["person"].label_from_instance = lambda user: user.get_full_name().strip() or user.username

    def clean(self):
        data = super().clean()
        since, until = data.get("fran"), data.get("till")
        if since and until and until < since:
            self.add_error("till", _("Slutdatumet ligger före startdatumet."))
        return data
