"""Input checks for the budget's admin forms and the contribution import."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from import_export.forms import ImportForm

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
