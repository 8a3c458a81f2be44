"""What the whole app shares: the audit trail of governance actions."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One governance action: who did what, when, to what. Written by services, never edited."""

    class Action(models.TextChoices):
        PLAN_SENT = "plan_sent", _("Plan skickad till styrelsen")
        PLAN_ADOPTED = "plan_adopted", _("Plan fastställd")
        PLAN_DELETED = "plan_deleted", _("Utkast till plan borttaget")
        BUDGET_ADOPTED = "budget_adopted", _("Budget fastställd")
        BUDGET_COPIED = "budget_copied", _("Budget kopierad till nästa år")
        IMPORT = "import", _("Import av fil")
        ROLE_CHANGED = "role_changed", _("Roller ändrade")
        CALENDAR_ADOPTED = "calendar_adopted", _("Kalendarium fastställt")
        TERM_CREATED = "term_created", _("Mandatperiod skapad")
        PROJECT_STATUS_CHANGED = "project_status_changed", _("Insatsens status ändrad")
        GRANT_CHANGED = "grant_changed", _("Beviljade medel ändrade")
        MEETING_DELETED = "meeting_deleted", _("Möte borttaget")
        TERM_DELETED = "term_deleted", _("Mandatperiod borttagen")
        PROJECT_DELETED = "project_deleted", _("Insats borttagen")
        GOAL_DELETED = "goal_deleted", _("Mål borttaget")
        FORBUND_GOAL_CHANGED = "forbund_goal_changed", _("Förbundets mål ändrade")
        FORBUND_GOAL_FOLLOWED_UP = "forbund_goal_followed_up", _("Förbundets mål följda upp")
        FORBUND_SET_UP = "forbund_set_up", _("Förbundet uppsatt")
        PROJECT_CARRIED_OVER = "project_carried_over", _("Insats förd vidare till nästa år")
        TARGET_GROUPS_COPIED = "target_groups_copied", _("Målgruppernas prioritering kopierad")

    at = models.DateTimeField(_("tidpunkt"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(_("användarnamn"), max_length=150, blank=True)
    action = models.CharField(_("händelse"), max_length=30, choices=Action.choices)
    summary = models.CharField(_("vad"), max_length=500)
    details = models.JSONField(_("detaljer"), default=dict, blank=True)

    class Meta:
        verbose_name = _("händelse")
        verbose_name_plural = _("händelselogg")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}: {self.summary}"
