from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import GuardedDeleteAdminMixin, HistoryAdmin, RevisionAdminMixin, ServiceAdminMixin, opened_revision

from . import services
from .models import ForbundGoal, GoalFollowUp, GoalIntroduction


class GoalFollowUpInline(RevisionAdminMixin, admin.StackedInline):
    model = GoalFollowUp
    extra = 0
    fields = [("followed_up_on", "period"), ("value", "judgement"), "assessment", "source"]


@admin.register(ForbundGoal)
class ForbundGoalAdmin(GuardedDeleteAdminMixin, ServiceAdminMixin, RevisionAdminMixin, HistoryAdmin):
    delete_refusal = services.forbund_goal_delete_refusal
    list_display = ["__str__", "kind", "years_display", "target_display", "order"]
    list_filter = ["kind", "first_year"]
    search_fields = ["text"]
    fields = [
        "kind",
        ("first_year", "last_year", "order"),
        "text",
        ("measure", "comparison", "target", "target_max", "per"),
        ("measured_by", "measured_when"),
    ]
    inlines = [GoalFollowUpInline]

    @admin.display(description=_("år"), ordering="first_year")
    def years_display(self, obj):
        return obj.years

    @admin.display(description=_("målvärde"))
    def target_display(self, obj):
        return str(obj.target_spec) if obj.target_spec else _("Ej mätbart")

    def service_save(self, obj, *, form, change, acting_user):
        services.forbund_goal_save(goal=obj, acting_user=acting_user, expected_revision=opened_revision(form))

    def service_delete(self, obj, *, acting_user, expected_revision=None):
        services.forbund_goal_delete(goal=obj, acting_user=acting_user, expected_revision=expected_revision)

    def service_save_inline(self, obj, *, form, formset, acting_user):
        services.goal_follow_up_save(follow_up=obj, acting_user=acting_user, expected_revision=opened_revision(form))

    def service_delete_inline(self, obj, *, form, formset, acting_user):
        services.goal_follow_up_delete(follow_up=obj, acting_user=acting_user, expected_revision=opened_revision(form))


@admin.register(GoalFollowUp)
class GoalFollowUpAdmin(ServiceAdminMixin, RevisionAdminMixin, HistoryAdmin):
    list_display = ["goal", "followed_up_on", "period", "attainment_display", "source"]
    list_filter = ["judgement"]
    list_select_related = ["goal"]
    autocomplete_fields = ["goal"]
    readonly_fields = ["recorded_by", "recorded_at"]
    fields = ["goal", ("followed_up_on", "period"), ("value", "judgement"), "assessment", "source", *readonly_fields]

    @admin.display(description=_("måluppfyllelse"))
    def attainment_display(self, obj):
        attainment = obj.attainment
        return f"{attainment.label} ({str(attainment.colour_label).lower()})"

    def service_save(self, obj, *, form, change, acting_user):
        services.goal_follow_up_save(follow_up=obj, acting_user=acting_user, expected_revision=opened_revision(form))

    def service_delete(self, obj, *, acting_user, expected_revision=None):
        services.goal_follow_up_delete(follow_up=obj, acting_user=acting_user, expected_revision=expected_revision)


@admin.register(GoalIntroduction)
class GoalIntroductionAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "year", "kind"]
    list_filter = ["kind", "year"]

    def service_save(self, obj, *, form, change, acting_user):
        services.goal_introduction_save(introduction=obj, acting_user=acting_user)

    def service_delete(self, obj, *, acting_user, expected_revision=None):
        services.goal_introduction_delete(introduction=obj, acting_user=acting_user)
