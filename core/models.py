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
        PUBLISHED = "published", _("Publicerat på den öppna webbplatsen")
        PUBLICATION_WITHDRAWN = "publication_withdrawn", _("Publicering borttagen")

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


class FieldChange(models.Model):
    """One changed field of one followed object, or its creation or deletion: a row of "Ändringshistorik".

    Written from django-simple-history's records by `core.history` (which explains why a
    table of its own): values are stored as they are shown, so the page reads one table.
    """

    class Kind(models.TextChoices):
        CREATED = "skapad", _("Skapad")
        CHANGED = "andrad", _("Ändrad")
        DELETED = "borttagen", _("Borttagen")
        LOADED = "inlast", _("Inläst")

    at = models.DateTimeField(_("tidpunkt"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept when the account is removed later.
    username = models.CharField(_("användarnamn"), max_length=150, blank=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("typ av uppgift"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.CharField(_("uppgiftens id"), max_length=64, blank=True)
    object_label = models.CharField(_("uppgift"), max_length=300)
    object_url = models.CharField(_("uppgiftens sida"), max_length=300, blank=True)
    kind = models.CharField(_("ändring"), max_length=10, choices=Kind.choices)
    field = models.CharField(_("fält"), max_length=100, blank=True)
    before = models.TextField(_("före"), blank=True)
    after = models.TextField(_("efter"), blank=True)
    # The simple-history record this row was read from (in the table of its content type).
    history_id = models.PositiveBigIntegerField(_("historikpost"), null=True, blank=True)

    class Meta:
        verbose_name = _("ändring")
        verbose_name_plural = _("ändringshistorik")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "-at"], name="fieldchange_type_at"),
            models.Index(fields=["user", "-at"], name="fieldchange_user_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}: {self.object_label}"
