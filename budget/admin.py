"""The ekonom's budget work: budgets with their contributions and cost lines, import and export.

Every save goes through `budget.services` (`core.admin.ServiceAdminMixin`, which also
answers a stale save with 409 and both values), and an adopted budget is read-only here
as everywhere: no change, add or delete permission on it or on its rows.
"""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin, ImportExportMixin

from core.admin import HistoryAdmin, RevisionAdminMixin, ServiceAdminMixin, opened_revision
from core.formatting import kr
from core.forms import AmountField, AmountInput
from core.spreadsheets import FORMATS, SpreadsheetError

from . import selectors, services
from .figures import (
    AT_MOST,
    NOT_SPLIT,
    amount_text,
    kr_or_missing,
    overview_costs_partial,
    overview_result,
    year_result,
)
from .forms import BudgetAdminForm, CategoryLineFormSet, ContributionImportForm
from .models import Budget, BudgetFollowUp, Contribution, CostCategory, CostLine, NationalSplit, OverviewYear
from .permissions import budget_is_editable
from .resources import CONTRIBUTION_FORMATS, ContributionResource, CostLineResource


class AmountFieldsMixin:
    """Every amount of the budget's forms (64-bit integer columns) read and shown as `1 855 250`."""

    formfield_overrides = {models.BigIntegerField: {"form_class": AmountField, "widget": AmountInput}}


def _budget_of(obj) -> Budget | None:
    if isinstance(obj, Budget):
        return obj
    return getattr(obj, "budget", None) if obj is not None and obj.budget_id else None


class LockedBudgetMixin:
    """No change or delete on an adopted budget or its rows, for anybody."""

    def has_change_permission(self, request, obj=None):
        return budget_is_editable(_budget_of(obj)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return budget_is_editable(_budget_of(obj)) and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # The bulk delete does not ask about each row's budget; delete from the row's own page.
        actions.pop("delete_selected", None)
        return actions


class LockedInlineMixin:
    """An inline of an adopted budget (`obj` is the budget) is read-only."""

    def has_add_permission(self, request, obj=None):
        return budget_is_editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return budget_is_editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return budget_is_editable(obj) and super().has_delete_permission(request, obj)


class FilteredExportMixin:
    """An export from the list as filtered; a filter the list cannot apply leads back to it, as the list does."""

    def export_action(self, request):
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:  # ?sedan=0 and the like: import-export let it through as a 500
            opts = self.opts
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + "?e=1")


class ContributionInline(AmountFieldsMixin, RevisionAdminMixin, LockedInlineMixin, admin.TabularInline):
    model = Contribution
    fields = ["member", "amount"]
    extra = 0
    verbose_name_plural = _("Medelstilldelning (medlemsbidrag)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member", "budget")


class NationalSplitMixin:
    """The national part of a cost line: chosen, or left to the default, with what it then counts as shown."""

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "national_split":
            kwargs["choices"] = [("", _("standard")), *NationalSplit.choices]
            kwargs["help_text"] = SPLIT_HELP
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    @admin.display(description=_("räknas som"))
    def split_display(self, obj):
        if obj is None or obj.category_id is None:
            return "–"
        return obj.split_text


SPLIT_HELP = _(
    "Den del av den nationella indelningen som raden räknas till. Standard är kostnadsslagets del, men en rad "
    "om revision (revision, revisor) under ett kostnadsslag som räknas som styrelse räknas som revision."
)


class CostLineInline(NationalSplitMixin, AmountFieldsMixin, RevisionAdminMixin, LockedInlineMixin, admin.TabularInline):
    """The cost lines of one category; the budget page shows one such inline per category."""

    model = CostLine
    fields = ["text", "amount", "project", "national_split", "outcome", "forecast", "position"]
    readonly_fields = ["split_display"]
    autocomplete_fields = ["project"]
    extra = 0
    formset = CategoryLineFormSet
    category: CostCategory | None = None

    def get_queryset(self, request):
        return super().get_queryset(request).filter(category=self.category).select_related("category", "budget")

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields  # the choice's "standard: revision" says what the line counts as
        return ["split_display" if field == "national_split" else field for field in fields]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.category = self.category
        return formset


class OverviewYearInline(AmountFieldsMixin, RevisionAdminMixin, LockedInlineMixin, admin.TabularInline):
    model = OverviewYear
    fields = ["year", "contributions", "personnel", "board_and_audit", "office", "activities", "result"]
    readonly_fields = ["result"]
    extra = 0
    max_num = 3
    verbose_name_plural = _("Budgetöversikt för kommande år (nästa års budget och två prognosår)")

    @admin.display(description=_("årets resultat"))
    def result(self, obj):
        if not obj.pk:
            return ""
        return amount_text(overview_result(obj), partial=overview_costs_partial(obj), bound=AT_MOST)


@admin.register(Budget)
class BudgetAdmin(AmountFieldsMixin, ServiceAdminMixin, LockedBudgetMixin, HistoryAdmin):
    form = BudgetAdminForm
    list_display = ["year", "income_display", "costs_display", "result_display", "status", "adopted_on_display"]
    list_display_links = ["year"]
    list_filter = ["status"]
    readonly_fields = ["status", "adopted_on_display", "figures"]

    class Media:
        css = {"all": ["css/budget-admin.css"]}

    def get_fieldsets(self, request, obj=None):
        main = ["year", "followup_on", "overview_opening_surplus"]
        frame = ["income_frame", "income_frame_decision", "income_frame_decided_on"]
        equity = ["opening_equity", "opening_equity_on", "opening_equity_source", "equity_is_preliminary"]
        adoption = ["status", "adopted_on_display"]
        if (obj is None or not obj.is_adopted) and self.has_change_permission(request, obj):
            adoption.append("adopt_on")  # a field of the form only: a read-only page would name it in English
        fieldsets = [
            (None, {"fields": main}),
            (
                _("Budgetram före fördelningen mellan medlemmarna"),
                {
                    "fields": frame,
                    "description": _(
                        "När medlemmarna har beslutat om ramen men inte om fördelningen: fyll i ramen här. "
                        "Medelstilldelningen visas då som ”ej fördelad” tills medlemsbidragen är inlagda."
                    ),
                },
            ),
            (_("Eget kapital"), {"fields": equity}),
            (_("Fastställande"), {"fields": adoption}),
        ]
        if obj is not None:
            fieldsets.insert(3, (_("Beräknat ur raderna (sparade värden)"), {"fields": ["figures"]}))
        return fieldsets

    def get_queryset(self, request):
        return selectors.budget_list()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The rows of the cost categories need the page's whole width (1366 px): no side menu here.
        extra_context = {"is_nav_sidebar_enabled": False, **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_inline_instances(self, request, obj=None):
        inlines = [ContributionInline(self.model, self.admin_site)]
        for category in CostCategory.objects.order_by("position"):
            inline = CostLineInline(self.model, self.admin_site)
            inline.category = category
            inline.verbose_name_plural = _("Kostnader: %(category)s") % {"category": category.name}
            inlines.append(inline)
        inlines.append(OverviewYearInline(self.model, self.admin_site))
        return [
            inline
            for inline in inlines
            if inline.has_view_or_change_permission(request, obj) or inline.has_add_permission(request, obj)
        ]

    @staticmethod
    def _income(obj) -> int | None:
        # Before the split among the members is known, the frame they decided is the income.
        return obj.income_total if obj.income_total is not None else obj.income_frame

    @staticmethod
    def _costs(obj) -> int | None:
        return obj.costs_total if obj.has_lines else 0

    @admin.display(description=_("intäkter"), ordering="income_total")
    def income_display(self, obj):
        text = kr_or_missing(self._income(obj))
        return text if obj.income_total is not None or obj.income_frame is None else f"{text} ({NOT_SPLIT})"

    @admin.display(description=_("kostnader"), ordering="costs_total")
    def costs_display(self, obj):
        return amount_text(self._costs(obj), partial=obj.costs_missing)

    @admin.display(description=_("resultat"))
    def result_display(self, obj):
        result = year_result(income=self._income(obj), costs=self._costs(obj))
        return amount_text(result, partial=obj.costs_missing, bound=AT_MOST)

    @admin.display(description=_("fastställd den"), ordering="adopted_on")
    def adopted_on_display(self, obj):
        return obj.adopted_on.isoformat() if obj.adopted_on else "–"

    @admin.display(description=_("belopp"))
    def figures(self, obj):
        if obj is None or obj.pk is None:
            return _("Beloppen räknas fram när budgeten har sparats.")
        return render_to_string("admin/budget/budget/figures.html", {"summary": selectors.budget_summary(budget=obj)})

    def service_save(self, obj, *, form, change, acting_user):
        services.budget_save(budget=obj, acting_user=acting_user)

    def service_delete(self, obj, *, acting_user, expected_revision=None):
        services.budget_delete(budget=obj, acting_user=acting_user)

    def service_save_inline(self, obj, *, form, formset, acting_user):
        services.budget_row_save(row=obj, acting_user=acting_user, expected_revision=opened_revision(form))

    def service_delete_inline(self, obj, *, form, formset, acting_user):
        services.budget_row_delete(row=obj, acting_user=acting_user, expected_revision=opened_revision(form))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        adopt_on = form.cleaned_data.get("adopt_on")
        if adopt_on:
            try:
                services.budget_adopt(budget=form.instance, adopted_on=adopt_on, acting_user=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("Budgeten för %(year)s är fastställd %(date)s och därmed låst.")
                    % {"year": form.instance.year, "date": adopt_on.isoformat()},
                )


class BudgetRowAdminMixin(AmountFieldsMixin, ServiceAdminMixin, RevisionAdminMixin, LockedBudgetMixin):
    list_select_related = ["budget", "member"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "budget":
            # Rows can only be added to budgets that are still drafts.
            kwargs["queryset"] = Budget.objects.drafts()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def service_save(self, obj, *, form, change, acting_user):
        services.budget_row_save(row=obj, acting_user=acting_user, expected_revision=opened_revision(form))

    def service_delete(self, obj, *, acting_user, expected_revision=None):
        services.budget_row_delete(row=obj, acting_user=acting_user, expected_revision=expected_revision)


@admin.register(Contribution)
class ContributionAdmin(BudgetRowAdminMixin, FilteredExportMixin, ImportExportMixin, HistoryAdmin):
    list_display = ["year", "member", "amount_display"]
    list_filter = ["budget__year", "member__kind"]
    search_fields = ["member__name"]
    fields = ["budget", "member", "amount"]
    resource_classes = [ContributionResource]
    formats = CONTRIBUTION_FORMATS
    import_form_class = ContributionImportForm
    import_template_name = "admin/budget/contribution/import.html"
    skip_admin_log = True

    @admin.display(description=_("år"), ordering="budget__year")
    def year(self, obj):
        return obj.budget.year

    @admin.display(description=_("belopp"), ordering="amount")
    def amount_display(self, obj):
        return kr(obj.amount)

    def has_import_permission(self, request):
        return request.user.has_perm("budget.add_contribution") and request.user.has_perm("budget.change_contribution")

    def has_export_permission(self, request):
        return request.user.has_perm("budget.view_contribution")

    def add_data_read_fail_error_to_form(self, form, e):
        message = str(e) if isinstance(e, SpreadsheetError) else _("Filen går inte att läsa. Välj CSV eller XLSX.")
        form.add_error("import_file", message)

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            self.message_user(
                request, _("Inläsningen avbröts och ingenting sparades: filen innehåller fel."), messages.ERROR
            )
            return HttpResponseRedirect(reverse("admin:budget_contribution_changelist"))
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        totals = result.totals
        self.message_user(
            request,
            _("Inläsningen är klar: %(new)s nya, %(update)s ändrade och %(skip)s oförändrade medlemsbidrag.")
            % {"new": totals.get("new", 0), "update": totals.get("update", 0), "skip": totals.get("skip", 0)},
            messages.SUCCESS,
        )


@admin.register(CostLine)
class CostLineAdmin(NationalSplitMixin, BudgetRowAdminMixin, FilteredExportMixin, ExportMixin, HistoryAdmin):
    list_display = [
        "year",
        "category",
        "text",
        "amount_display",
        "split_display",
        "outcome_display",
        "forecast_display",
    ]
    list_filter = ["budget__year", "category"]
    list_select_related = ["budget", "category"]
    search_fields = ["text"]
    fields = [
        "budget", "category", "text", "amount", "project", "national_split", "split_display", "outcome", "forecast",
        "position",
    ]  # fmt: skip
    readonly_fields = ["split_display"]
    autocomplete_fields = ["project"]
    resource_classes = [CostLineResource]
    formats = FORMATS

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-budget__year", "category__position", "position", "pk")

    @admin.display(description=_("år"), ordering="budget__year")
    def year(self, obj):
        return obj.budget.year

    @admin.display(description=_("budget"), ordering="amount")
    def amount_display(self, obj):
        return kr_or_missing(obj.amount)

    @admin.display(description=_("utfall"))
    def outcome_display(self, obj):
        return kr_or_missing(obj.outcome)

    @admin.display(description=_("prognos"))
    def forecast_display(self, obj):
        return kr_or_missing(obj.forecast)

    def has_export_permission(self, request):
        return request.user.has_perm("budget.view_costline")


@admin.register(CostCategory)
class CostCategoryAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "national_split"]
    list_display_links = ["name"]
    ordering = ["position"]

    def has_delete_permission(self, request, obj=None):
        # Lines keep their category; the fixed order is the budget's structure.
        return False


@admin.register(BudgetFollowUp)
class BudgetFollowUpAdmin(AmountFieldsMixin, ServiceAdminMixin, RevisionAdminMixin, HistoryAdmin):
    """The ekonom's follow-ups of a year's budget (uppföljning), an adopted one too: they tell how the year goes."""

    list_display = ["year", "made_on", "period", "forecast_display"]
    list_filter = ["budget__year"]
    list_select_related = ["budget"]
    fields = [
        "budget",
        "made_on",
        "period_start",
        "period_end",
        "budgeted_costs",
        "outcome_costs",
        "forecast_costs",
        "forecast_income",
        "note",
        "text",
    ]
    readonly_fields = ["text"]

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-budget__year", "-made_on")

    @admin.display(description=_("år"), ordering="budget__year")
    def year(self, obj):
        return obj.budget.year

    @admin.display(description=_("period"))
    def period(self, obj):
        return obj.period_text

    @admin.display(description=_("prognos kostnader helår"))
    def forecast_display(self, obj):
        return kr_or_missing(obj.forecast_costs)

    @admin.display(description=_("jämfört med budgeten"))
    def text(self, obj):
        if obj is None or obj.pk is None:
            return _("Jämförelsen med budgeten visas när uppföljningen har sparats.")
        return selectors.follow_up_figures_of(follow_up=obj).text

    def service_save(self, obj, *, form, change, acting_user):
        services.follow_up_save(follow_up=obj, acting_user=acting_user, expected_revision=opened_revision(form))

    def service_delete(self, obj, *, acting_user, expected_revision=None):
        services.follow_up_delete(follow_up=obj, acting_user=acting_user, expected_revision=expected_revision)
