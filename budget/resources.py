"""Member contributions and cost lines as spreadsheets (django-import-export), for the admin.

Export is django-import-export's own, in the Swedish formats of `core.spreadsheets`.
The contribution import is `budget.services.contributions_dataset_import`, the same
one `manage.py import_contributions` runs: `import_data`, which the admin calls for its
preview (a dry run) and for the confirm, hands the file's rows to it. Every rule of the
import (reading the values, the lock, all or nothing, history, audit) lives there.
"""

from django.conf import settings
from import_export import fields, resources, widgets

from core.spreadsheets import SwedishCSV, SwedishXLSX

from . import services
from .figures import MISSING
from .models import Contribution, CostLine


class ContributionCSV(SwedishCSV):
    """A contribution file in CSV, read no further than `settings.BUDGET_IMPORT_MAX_ROWS` rows."""

    @property
    def max_rows(self):
        return settings.BUDGET_IMPORT_MAX_ROWS


class ContributionXLSX(SwedishXLSX):
    """A contribution file in XLSX, read no further than `settings.BUDGET_IMPORT_MAX_ROWS` rows."""

    @property
    def max_rows(self):
        return settings.BUDGET_IMPORT_MAX_ROWS


# The admin's import and export formats for contributions: the Swedish ones, bounded on the way in.
CONTRIBUTION_FORMATS = [ContributionCSV, ContributionXLSX]


class AmountWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        # A number, so that Excel can sum it; the import reads it back. Not given: said, never 0 or a blank.
        return MISSING if value is None else value


class ContributionResource(resources.ModelResource):
    """Member contributions: one row per member and year (`år`, `medlem`, `belopp`)."""

    year = fields.Field(
        attribute="budget__year", column_name="år", widget=widgets.IntegerWidget(coerce_to_string=False)
    )
    member = fields.Field(attribute="member__name", column_name="medlem")
    amount = fields.Field(attribute="amount", column_name="belopp", widget=AmountWidget())

    class Meta:
        model = Contribution
        fields = ("year", "member", "amount")
        export_order = ("year", "member", "amount")

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs):
        """Import through the budget's service, always whole or not at all (the flags for partial imports are moot)."""
        return services.contributions_dataset_import(
            dataset=dataset,
            file_name=kwargs.get("file_name") or "",
            acting_user=kwargs.get("user"),  # django-import-export's name for who imports
            dry_run=dry_run,
        )

    def get_queryset(self):
        return Contribution.objects.select_related("budget", "member").order_by(
            "budget__year", "member__kind", "member__name"
        )


class CostLineResource(resources.ModelResource):
    """Cost lines for export: year, category, text, budget, outcome and forecast."""

    year = fields.Field(
        attribute="budget__year", column_name="år", widget=widgets.IntegerWidget(coerce_to_string=False)
    )
    category = fields.Field(attribute="category__name", column_name="kostnadsslag")
    text = fields.Field(attribute="text", column_name="text")
    amount = fields.Field(attribute="amount", column_name="budget (kr)", widget=AmountWidget())
    outcome = fields.Field(attribute="outcome", column_name="utfall (kr)", widget=AmountWidget())
    forecast = fields.Field(attribute="forecast", column_name="prognos helår (kr)", widget=AmountWidget())

    class Meta:
        model = CostLine
        fields = ("year", "category", "text", "amount", "outcome", "forecast")
        export_order = ("year", "category", "text", "amount", "outcome", "forecast")

    def get_queryset(self):
        return (
            CostLine.objects.in_order()
            .select_related("budget")
            .order_by("budget__year", "category__position", "position", "pk")
        )
