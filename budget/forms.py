"""Input checks for the budget's admin forms and the contribution import."""

from django import forms
from django.conf import settings
from django.forms.models import BaseInlineFormSet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from import_export.forms import ImportForm

from core.domain import DateInRange

from . import services
from .models import Budget, NationalSplit, line_split


class ContributionImportForm(ImportForm):
    """The admin's import form in Swedish, refusing files over the size limit before they are read."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["import_file"].label = _("Fil att läsa in")
        self.fields["import_file"].help_text = _(
            "CSV (semikolon eller komma; UTF-8 eller Windows-1252) eller Excel (XLSX), högst %(size)s. "
            "Kolumner: år, medlem, belopp."
        ) % {"size": filesizeformat(settings.BUDGET_IMPORT_MAX_BYTES)}
        self.fields["format"].label = _("Filformat")

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        services.contributions_file_check_size(size=upload.size)
        return upload


class BudgetAdminForm(forms.ModelForm):
    """The budget's own fields, and the date the board adopted it, which locks it."""

    adopt_on = forms.DateField(
        label=_("Fastställ budgeten, datum"),
        required=False,
        validators=[DateInRange()],
        help_text=_(
            "Fyll i datumet för styrelsens beslut och spara för att fastställa budgeten. "
            "En fastställd budget är låst och kan inte ändras."
        ),
    )

    class Meta:
        model = Budget
        fields = [
            "year",
            "followup_on",
            "overview_opening_surplus",
            "income_frame",
            "income_frame_decision",
            "income_frame_decided_on",
            "opening_equity",
            "opening_equity_on",
            "opening_equity_source",
            "equity_is_preliminary",
        ]


class CategoryLineFormSet(BaseInlineFormSet):
    """Give new lines the category of the inline they were typed into, and say what "standard" means for each."""

    category = None

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if form.instance.category_id is None and self.category is not None:
            form.instance.category = self.category
        _say_standard(form)
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        if self.category is not None:
            form.instance.category = self.category
            _say_standard(form)
        return form


def _say_standard(form) -> None:
    """Name, in the choice "standard", the part the form's line counts towards when none is chosen."""
    split = form.fields.get("national_split")
    if split is None or form.instance.category_id is None:
        return
    default = line_split(chosen="", category_split=form.instance.category.national_split, text=form.instance.text)
    label = _("standard: %(part)s") % {"part": str(NationalSplit(default).label).lower()}
    split.choices = [("", label), *[choice for choice in split.choices if choice[0]]]


class BudgetCopyForm(forms.Form):
    """Whether the copy of a budget to the next year takes the member contributions too (not unless asked)."""

    with_contributions = forms.BooleanField(
        label=_("Kopiera även medelstilldelningen"),
        required=False,
        initial=False,
        help_text=_(
            "Medlemmarnas bidrag kopieras med samma belopp. Lämna omarkerad om de ska föras in eller läsas in."
        ),
    )
