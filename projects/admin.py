from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin import (
    EditOnlyFieldsMixin,
    GuardedDeleteAdminMixin,
    HistoryAdmin,
    RevisionAdminForm,
    RevisionAdminMixin,
    RowAutocompleteMixin,
    ServiceAdminMixin,
    opened_revision,
)
from core.formatting import isodate, kr

from . import services
from .forms import TARGET_HELP, GoalReadingMixin, RowChoiceMultipleField
from .models import (
    FollowUpReport,
    Goal,
    GoalResult,
    Project,
    ProjectOwner,
    ProjectYear,
    StatusChange,
    TargetGroup,
    TargetGroupPriority,
)


class TargetGroupPriorityInline(admin.TabularInline):
    model = TargetGroupPriority
    extra = 0


@admin.register(TargetGroup)
class TargetGroupAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["name", "age_label"]
    search_fields = ["name"]
    inlines = [TargetGroupPriorityInline]

    @admin.display(description=_("ålder"))
    def age_label(self, obj):
        return obj.age_label


@admin.register(TargetGroupPriority)
class TargetGroupPriorityAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["year", "position", "target_group"]
    list_filter = ["year"]
    list_select_related = ["target_group"]


class ProjectYearInline(admin.TabularInline):
    model = ProjectYear
    extra = 0
    fields = [
        "year", "granted", "spent", "planned_women", "planned_men",
        "decided_on", "decision_meeting", "decision_reference",
    ]  # fmt: skip


class ProjectOwnerForm(forms.ModelForm):
    """An owner row; a unit without its member is refused with a message saying so."""

    class Meta:
        model = ProjectOwner
        fields = ["member", "unit", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("member"):
            unit = cleaned.get("unit") or ""
            if unit:
                self.add_error("member", _("Ange vilken medlem enheten ”%(unit)s” hör till.") % {"unit": unit})
            elif not cleaned.get("DELETE"):
                self.add_error("member", _("Välj medlemmen som äger insatsen."))
        return cleaned


class ProjectOwnerInline(admin.TabularInline):
    model = ProjectOwner
    form = ProjectOwnerForm
    extra = 0
    fields = ["member", "unit", "position"]
    verbose_name = _("ägare (medlem eller enhet inom en medlem)")
    verbose_name_plural = _("ägare – flera rader betyder att medlemmarna äger insatsen gemensamt")


class GoalAdminForm(GoalReadingMixin, RevisionAdminForm):
    """A goal in the admin: the target fields, or a wording to read them from, shown before it is saved."""

    target_text = forms.CharField(label=_("Mätbart mål i text"), required=False, help_text=TARGET_HELP, max_length=200)
    reading_of = forms.CharField(
        label=_("Texten målet lästes ur"), required=False, widget=forms.HiddenInput, max_length=2000
    )

    class Meta:
        model = Goal
        fields = ["term", "order", "text", "target_text", "measure", "comparison", "target", "target_max", "per",
                  "due_on", "reading_of"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.target_spec is not None:
            self.initial.setdefault("reading_of", self.instance.text)

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            self._read_target(cleaned)
        if self.reading is not None:
            raise ValidationError(
                _("Läst som: %(reading)s. Fälten är ifyllda; kontrollera dem och spara igen (töm dem för ett mål "
                  "utan tal).") % {"reading": self.reading_label},
                code="reading",
            )  # fmt: skip
        return cleaned


class GoalInline(EditOnlyFieldsMixin, RevisionAdminMixin, admin.StackedInline):
    model = Goal
    form = GoalAdminForm
    extra = 0
    edit_only_fields = ("target_text", "reading_of")
    fields = [
        "term", "order", "text", "target_text", ("measure", "comparison", "target", "target_max", "per"),
        "due_on", "reading_of",
    ]  # fmt: skip


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["decided_on", "from_status", "to_status", "meeting", "decision_reference", "changed_by", "changed_at",
              "note"]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        # Status moves go through the project page, which records who and when.
        return False


@admin.register(Project)
class ProjectAdmin(GuardedDeleteAdminMixin, ServiceAdminMixin, RevisionAdminMixin, HistoryAdmin):
    delete_refusal = services.project_delete_refusal
    list_display = ["name", "kind", "state_display", "owner_display", "starts_on_display", "ends_on_display", "leader"]
    list_filter = ["status", "kind", "owned_by_forbund", "owner_rows__member"]
    list_select_related = ["leader"]
    search_fields = ["name", "short_description"]
    filter_horizontal = ["participants", "target_groups"]
    readonly_fields = ["status"]
    inlines = [ProjectOwnerInline, ProjectYearInline, GoalInline, StatusChangeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_final_report().prefetch_related("owner_rows__member")

    @admin.display(description=_("status"), ordering="status")
    def state_display(self, obj):
        # "Avslutad (period slut 2018-12-31)" follows the calendar; the filter beside the list is the stored status.
        return obj.state_label

    @admin.display(description=_("ägare"))
    def owner_display(self, obj):
        return obj.owner_label or "—"

    @admin.display(description=_("start"), ordering="starts_on")
    def starts_on_display(self, obj):
        return obj.start_label

    @admin.display(description=_("slut"), ordering="ends_on")
    def ends_on_display(self, obj):
        return obj.end_label

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(db_field, request, form_class=RowChoiceMultipleField, **kwargs)

    def service_save(self, obj, *, form, change, acting_user):
        # The owners are the inline's rows, set by project_owners_set in save_related.
        services.project_save(
            project=obj,
            owners=None,
            participants=form.cleaned_data["participants"],
            target_groups=form.cleaned_data["target_groups"],
            acting_user=acting_user,
            expected_revision=opened_revision(form),
        )

    def service_delete(self, obj, *, acting_user, expected_revision=None):
        services.project_delete(project=obj, acting_user=acting_user, expected_revision=expected_revision)

    def save_related(self, request, form, formsets, change):
        # The members and target groups were saved with the project by project_save; the owners, in
        # the inline's order, by project_owners_set (which refuses what does not hold together).
        for formset in formsets:
            if formset.model is ProjectOwner:
                rows = [
                    row_form.cleaned_data
                    for row_form in formset.forms
                    if row_form.cleaned_data.get("member") and not row_form.cleaned_data.get("DELETE")
                ]
                rows.sort(key=lambda row: row.get("position") or 0)
                services.project_owners_set(
                    project=form.instance,
                    owners=[(row["member"], row.get("unit", "")) for row in rows],
                    acting_user=request.user,
                )
                # The admin's change message reads what a formset's save() would have set.
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            else:
                self.save_formset(request, form, formset, change=change)

    def service_save_inline(self, obj, *, form, formset, acting_user):
        if isinstance(obj, ProjectYear):
            services.project_year_save(row=obj, acting_user=acting_user)
        elif isinstance(obj, Goal):
            services.goal_save(goal=obj, acting_user=acting_user, expected_revision=opened_revision(form))
        else:
            super().service_save_inline(obj, form=form, formset=formset, acting_user=acting_user)

    def service_delete_inline(self, obj, *, form, formset, acting_user):
        if isinstance(obj, ProjectYear):
            services.project_year_delete(row=obj, acting_user=acting_user)
        elif isinstance(obj, Goal):
            services.goal_delete(goal=obj, acting_user=acting_user, expected_revision=opened_revision(form))
        else:
            super().service_delete_inline(obj, form=form, formset=formset, acting_user=acting_user)


@admin.register(ProjectYear)
class ProjectYearAdmin(ServiceAdminMixin, HistoryAdmin):
    list_display = ["project", "year", "granted_display", "spent_display", "planned_women", "planned_men"]
    list_filter = ["year"]
    list_select_related = ["project"]

    @admin.display(description=_("beviljat"), ordering="granted")
    def granted_display(self, obj):
        return kr(obj.granted)

    @admin.display(description=_("utfall"), ordering="spent")
    def spent_display(self, obj):
        return kr(obj.spent)

    def service_save(self, obj, *, form, change, acting_user):
        services.project_year_save(row=obj, acting_user=acting_user)

    def service_delete(self, obj, *, acting_user, expected_revision=None):
        services.project_year_delete(row=obj, acting_user=acting_user)


@admin.register(Goal)
class GoalAdmin(GuardedDeleteAdminMixin, EditOnlyFieldsMixin, ServiceAdminMixin, RevisionAdminMixin, HistoryAdmin):
    form = GoalAdminForm
    edit_only_fields = ("target_text", "reading_of")
    delete_refusal = services.goal_delete_refusal
    list_display = ["__str__", "project", "term", "target_display"]
    list_filter = ["term", "measure", "project"]
    list_select_related = ["project"]
    search_fields = ["text"]

    @admin.display(description=_("målvärde"))
    def target_display(self, obj):
        return str(obj.target_spec) if obj.target_spec else _("Ej mätbart")

    def service_save(self, obj, *, form, change, acting_user):
        services.goal_save(goal=obj, acting_user=acting_user, expected_revision=opened_revision(form))

    def service_delete(self, obj, *, acting_user, expected_revision=None):
        services.goal_delete(goal=obj, acting_user=acting_user, expected_revision=expected_revision)


class GoalResultInline(RowAutocompleteMixin, admin.TabularInline):
    model = GoalResult
    extra = 0
    autocomplete_fields = ["goal"]


@admin.register(FollowUpReport)
class FollowUpReportAdmin(ServiceAdminMixin, RevisionAdminMixin, admin.ModelAdmin):
    list_display = ["project", "kind", "period_start_display", "period_end_display", "meeting", "participants_total"]
    list_filter = ["kind", "project"]
    list_select_related = ["project", "meeting"]
    readonly_fields = ["recorded_by", "recorded_at"]
    inlines = [GoalResultInline]

    @admin.display(description=_("perioden från"), ordering="period_start")
    def period_start_display(self, obj):
        return isodate(obj.period_start)

    @admin.display(description=_("perioden till"), ordering="period_end")
    def period_end_display(self, obj):
        return isodate(obj.period_end)

    @admin.display(description=_("deltagare"))
    def participants_total(self, obj):
        return obj.participants_total

    def service_save(self, obj, *, form, change, acting_user):
        # The measured values are the inline's rows, saved one by one below.
        services.report_save(report=obj, values={}, acting_user=acting_user, expected_revision=opened_revision(form))

    def service_save_inline(self, obj, *, form, formset, acting_user):
        services.goal_result_save(result=obj, acting_user=acting_user)

    def service_delete_inline(self, obj, *, form, formset, acting_user):
        services.goal_result_delete(result=obj, acting_user=acting_user)


@admin.register(StatusChange)
class StatusChangeAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Read-only: the history of status moves is written by the service only."""

    list_display = [
        "project", "decided_on_display", "from_status", "to_status", "meeting", "decision_reference", "changed_by",
        "changed_at_display",
    ]  # fmt: skip
    list_filter = ["to_status"]
    list_select_related = ["project", "meeting", "changed_by"]

    @admin.display(description=_("datum"), ordering="decided_on")
    def decided_on_display(self, obj):
        return isodate(obj.decided_on)

    @admin.display(description=_("registrerad"), ordering="changed_at")
    def changed_at_display(self, obj):
        return isodate(obj.changed_at)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GoalResult)
class GoalResultAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["goal", "report", "value_label"]
    list_filter = ["report__kind", "goal__project"]
    list_select_related = ["goal", "goal__project", "report", "report__project"]
    autocomplete_fields = ["goal"]

    @admin.display(description=_("uppmätt värde"), ordering="value")
    def value_label(self, obj):
        return obj.value_label

    def service_save(self, obj, *, form, change, acting_user):
        services.goal_result_save(result=obj, acting_user=acting_user)

    def service_delete(self, obj, *, acting_user, expected_revision=None):
        services.goal_result_delete(result=obj, acting_user=acting_user)
