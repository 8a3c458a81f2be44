"""The verksamhetsplan: a tree of sections written in the browser, versions sent to the board."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.domain import DateInRange, YearInRange
from core.revisions import Revisioned

MAX_DEPTH = 3


class Block(models.TextChoices):
    """The live data a section can embed; the plan never retypes what the app knows."""

    ORGANISATION = "organisation", _("Förbundet och medlemmarna")
    BOARD = "board", _("Styrelsen för planåret")
    OFFICE = "office", _("Kansli")
    AUDIT = "audit", _("Revision")
    CALENDAR = "calendar", _("Årets kalendarium")
    TARGET_GROUPS = "target_groups", _("Målgrupper i prioritetsordning")
    PROJECTS = "projects", _("Finansierade insatser: översikt")
    PROJECT = "project", _("En insats med mål och uppföljning")
    GOAL_ATTAINMENT = "goal_attainment", _("Måluppfyllelse")
    BUDGET_INCOME = "budget_income", _("Budget: intäkter och medelstilldelning")
    BUDGET_COSTS = "budget_costs", _("Budget: kostnader")
    BUDGET_OVERVIEW = "budget_overview", _("Budgetöversikt för kommande år")


class Plan(models.Model):
    """A verksamhetsplan for one year or a span of years."""

    class Status(models.TextChoices):
        DRAFT = "utkast", _("Utkast")
        SENT = "skickad", _("Skickad till styrelsen")
        ADOPTED = "faststalld", _("Fastställd")

    first_year = models.PositiveSmallIntegerField(_("första år"), unique=True, validators=[YearInRange()])
    last_year = models.PositiveSmallIntegerField(_("sista år"), validators=[YearInRange()])
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    adopted_on = models.DateField(_("fastställd den"), null=True, blank=True, validators=[DateInRange()])
    adopted_at = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("fastställd vid"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_plans",
    )
    copied_from = models.ForeignKey(
        "self", verbose_name=_("kopierad från"), on_delete=models.SET_NULL, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("verksamhetsplan")
        verbose_name_plural = _("verksamhetsplaner")
        ordering = ["-first_year"]
        constraints = [
            models.CheckConstraint(condition=Q(last_year__gte=models.F("first_year")), name="plan_years_ordered"),
            models.CheckConstraint(
                condition=~Q(status="faststalld") | Q(adopted_on__isnull=False),
                name="plan_adopted_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:detail", args=[self.pk])

    @property
    def years(self) -> str:
        if self.last_year == self.first_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"

    @property
    def title(self) -> str:
        return f"Verksamhetsplan {self.years}"

    @property
    def is_adopted(self) -> bool:
        """Return True when the board has adopted the plan: then it is locked (see services.plan_ensure_editable)."""
        return self.status == self.Status.ADOPTED


class Section(Revisioned):
    """A numbered section of a plan: title, Markdown body and optionally one live data block.

    Two people may edit a section at once: every save raises its `revision` (core.revisions),
    and a save based on an older one is refused.
    """

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", verbose_name=_("överordnat avsnitt"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="children",
    )  # fmt: skip
    position = models.PositiveIntegerField(_("ordning"), default=0)
    title = models.CharField(_("rubrik"), max_length=200)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown: **fet**, *kursiv*, listor med - eller 1."))
    block = models.CharField(_("datablock"), max_length=20, choices=Block.choices, blank=True)
    # The PROJECT block's insats. SET_NULL, not PROTECT: an adopted plan is frozen in its
    # versions (text, rendered blocks and PDF), so a deleted insats takes nothing from it; a
    # draft's block then says no insats is chosen and the readiness list asks for one.
    # PROTECT would keep every insats ever named in an old plan from being deleted.
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("insats"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_sections",
        help_text=_("För blocket 'En insats'."),
    )
    block_param = models.CharField(
        _("datablockets urval"),
        max_length=200,
        blank=True,
        help_text=_("För budgetblocken: utan-diagram visar tabellerna utan diagram."),
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ändrad av"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("avsnitt")
        verbose_name_plural = _("avsnitt")
        ordering = ["plan", "parent_id", "position", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.block == Block.PROJECT and self.project_id is None:
            raise ValidationError({"project": _("Välj vilken insats blocket ska visa.")})


class PlanVersion(models.Model):
    """A numbered version sent to the board: its text, data and PDF frozen as they were."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    sent_at = models.DateTimeField(_("skickad"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("skickad av"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("styrelsemöte"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_versions",
    )
    is_adoption = models.BooleanField(_("fastställd version"), default=False)
    document = models.JSONField(_("innehåll"))
    pdf = models.BinaryField(_("PDF"))
    pdf_pages = models.PositiveIntegerField(_("antal sidor"), default=0)

    class Meta:
        verbose_name = _("planversion")
        verbose_name_plural = _("planversioner")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique"),
            models.UniqueConstraint(fields=["plan"], condition=Q(is_adoption=True), name="plan_one_adopted_version"),
        ]

    def __str__(self):
        return f"{self.plan}, version {self.number}"
