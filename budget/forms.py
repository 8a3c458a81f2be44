"""Input checks for the budget's admin forms and the contribution import."""

from django import forms
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.template.defaultfilters import filesizeformat
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export.forms import ImportForm

from core.formatting import kr

from . import services
from .models import Budget

DEFAULT_IMPORT_MAX_BYTES = 2 * 1024 * 1024


def import_max_bytes() -> int:
    return getattr(settings, "BUDGET_IMPORT_MAX_BYTES", DEFAULT_IMPORT_MAX_BYTES)


class ContributionImportForm(ImportForm):
    """The admin's import form in Swedish, refusing files over the size limit before they are read."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["import_file"].label = _("Fil att läsa in")
        self.fields["import_file"].help_text = _(
            "CSV (semikolon eller komma; UTF-8 eller Windows-1252) eller Excel (XLSX), högst %(size)s. "
            "Kolumner: år, medlem, belopp."
        ) % {"size": filesizeformat(import_max_bytes())}
        self.fields["format"].label = _("Filformat")

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > import_max_bytes():
            raise forms.ValidationError(
                _("Filen är %(size)s; största tillåtna storlek är %(limit)s. Ingenting har lästs in.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(import_max_bytes())}
            )
        return upload


class BudgetAdminForm(forms.ModelForm):
    """The budget's own fields, and the date the board adopted it, which locks it."""

    adopt_on = forms.DateField(
        label=_("Fastställ budgeten, datum"),
        required=False,
        help_text=_(
            "Fyll i datumet för styrelsens beslut och spara för att fastställa budgeten. "
            "En fastställd budget är låst och kan inte ändras."
        ),
    )

    class Meta:
        model = Budget
        fields = ["year", "opening_equity", "equity_is_preliminary", "followup_on", "overview_opening_surplus"]


# --- Budget rows: no lost update ----------------------------------------------------------------


def _shown(field: models.Field, value) -> str:
    if value is None or value == "":
        return "–"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BigIntegerField):  # every amount of the budget, in whole kronor
        return kr(value)
    if isinstance(field, models.CharField):
        return f"”{value}”"
    return str(value)


def conflict_message(*, form: forms.ModelForm, conflict: services.BudgetRowConflictError, deleting: bool) -> str:
    """Say that the row changed under the user, with the saved value next to the one they sent."""
    current = conflict.current
    if current is None:
        return str(_("Raden togs bort av någon annan medan du redigerade. Ladda om sidan och gör om din ändring."))
    differences = []
    for name, sent in form.cleaned_data.items():
        if name == "revision":  # the counter itself says nothing to the user
            continue
        try:
            field = current._meta.get_field(name)
        except FieldDoesNotExist:  # the formset's own fields, such as DELETE
            continue
        saved = getattr(current, name)
        if field.primary_key or getattr(saved, "pk", saved) == getattr(sent, "pk", sent):
            continue
        differences.append(
            _("%(field)s: sparat %(saved)s, du skickade %(sent)s")
            % {"field": capfirst(field.verbose_name), "saved": _shown(field, saved), "sent": _shown(field, sent)}
        )
    if deleting:
        lead = _("Raden ”%(row)s” ändrades av någon annan medan du redigerade och togs inte bort") % {"row": current}
    else:
        lead = _("Raden ändrades av någon annan medan du redigerade")
    detail = f" ({'; '.join(str(d) for d in differences)})" if differences else ""
    return (
        str(lead)
        + detail
        + ". "
        + str(_("Ladda om sidan och gör om din ändring. Ingenting av det du skickade har sparats."))
    )


class BudgetRowForm(forms.ModelForm):
    """A budget row's form, carrying the revision it was opened at so that a stale save is refused."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # The stored revision: a form posted with another one has changed, and is checked.
            self.initial["revision"] = self.instance.revision

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None and self.has_changed() and not cleaned_data.get("DELETE"):
            self.ensure_current(deleting=False)
        return cleaned_data

    def ensure_current(self, *, deleting: bool) -> None:
        """Refuse the row when it changed since the form was opened (the lock lasts the transaction)."""
        opened = self.cleaned_data.get("revision")
        if opened is None:
            raise ValidationError(
                _("Sidan är för gammal för att spara raden. Ladda om sidan och gör om din ändring."), code="conflict"
            )
        try:
            services.budget_row_ensure_current(row=self.instance, expected_revision=opened)
        except services.BudgetRowConflictError as conflict:
            raise ValidationError(
                conflict_message(form=self, conflict=conflict, deleting=deleting), code="conflict"
            ) from None


class BudgetRowFormSet(BaseInlineFormSet):
    """A budget's rows; a row marked for deletion is checked too (a formset ignores its form's errors)."""

    def clean(self):
        super().clean()
        errors = []
        for form in self.deleted_forms:
            if form.instance.pk is None or not hasattr(form, "cleaned_data"):
                continue
            try:
                form.ensure_current(deleting=True)
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
