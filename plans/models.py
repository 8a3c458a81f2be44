"""The verksamhetsplan: a tree of sections written in the browser, versions sent to the board."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.domain import DateInRange, YearInRange, year_in_range, year_range
from core.revisions import Revisioned

MAX_DEPTH = 3
# A verksamhetsplan covers one to three years as a rule; four is allowed so that a plan can
# follow the board's four-year mandate period. Anything longer is a typing mistake.
MAX_PLAN_YEARS = 4


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
    FORBUND_GOALS = "forbund_goals", _("Förbundets mål")
    BUDGET_INCOME = "budget_income", _("Budget: intäkter och medelstilldelning")
    BUDGET_COSTS = "budget_costs", _("Budget: kostnader")
    BUDGET_OVERVIEW = "budget_overview", _("Budgetöversikt för kommande år")
    BUDGET_FOLLOW_UP = "budget_follow_up", _("Budget: uppföljning av föregående år")


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
    # The adoption meeting as it was when the board adopted the plan: the adopted plan's page
    # shows these, so moving or renaming the meeting later changes nothing in the plan.
    adopted_at_date = models.DateField(
        _("mötets datum vid fastställandet"), null=True, blank=True, editable=False, validators=[DateInRange()]
    )
    adopted_at_title = models.CharField(
        _("mötets rubrik vid fastställandet"), max_length=200, blank=True, editable=False
    )
    adopted_at_kind = models.CharField(_("mötets typ vid fastställandet"), max_length=100, blank=True, editable=False)
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

    def clean(self):
        # Field validators run first and may have refused a year already (then it may be
        # None, 0 or 20199): compare only two years that are in range.
        first, last = self.first_year, self.last_year
        if first is None or last is None or not (year_in_range(first) and year_in_range(last)):
            return
        if last < first:
            raise ValidationError({"last_year": _("Sista året kan inte ligga före det första.")})
        if last - first + 1 > MAX_PLAN_YEARS:
            raise ValidationError(
                {
                    "last_year": _("En verksamhetsplan gäller högst %(count)d år: sista året kan vara högst %(year)d.")
                    % {"count": MAX_PLAN_YEARS, "year": first + MAX_PLAN_YEARS - 1}
                }
            )

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

    @property
    def is_draft(self) -> bool:
        """Return True for the förbundschef's working copy that was never sent nor adopted: it may still be deleted."""
        return self.status == self.Status.DRAFT

    @property
    def years_problem(self) -> str:
        """Say what is wrong with the stored years (empty when nothing is).

        The form refuses such years; a plan saved before it did still has them, and its
        pages say so instead of reading data for a year that cannot be.
        """
        first, last = self.first_year, self.last_year
        if not (year_in_range(first) and year_in_range(last)):
            low, high = year_range()
            return _("Planens år (%(years)s) ligger utanför %(low)d–%(high)d.") % {
                "years": self.years, "low": low, "high": high,
            }  # fmt: skip
        if last < first:
            return _("Planens sista år ligger före det första (%(years)s).") % {"years": self.years}
        if last - first + 1 > MAX_PLAN_YEARS:
            return _("Planen gäller fler än %(count)d år (%(years)s).") % {"count": MAX_PLAN_YEARS, "years": self.years}
        return ""


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
    # The meeting as it was when the version was sent (for the adopted version: at the
    # adoption), shown on the adopted plan's page instead of the meeting's current date.
    meeting_on = models.DateField(_("mötets datum då"), null=True, blank=True, editable=False)
    meeting_title = models.CharField(_("mötets rubrik då"), max_length=200, blank=True, editable=False)
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
