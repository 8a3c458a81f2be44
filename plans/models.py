"""The verksamhetsplan: a tree of sections written in the browser, versions sent to the board."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.domain import DateInRange, YearInRange, year_in_range, year_range
from core.history import tracked
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
    MEETING = "meeting", _("Ett styrelsemöte")
    PREPARATORY_GROUP = "preparatory_group", _("Beredningsgruppen")


# The blocks that show one thing of the app, chosen from a list: the field of SectionBlock
# that points at it, and what the editor asks for when it is missing.
REFERENCES = {
    Block.PROJECT: ("project", _("Välj vilken insats blocket ska visa.")),
    Block.MEETING: ("meeting", _("Välj vilket möte blocket ska visa.")),
}
# A line of its own in a section's text that places its datablock number N there: [[datablock 2]].
BLOCK_MARKER = r"^[ \t]*\[\[[ \t]*datablock[ \t]+(\d{1,3})[ \t]*\]\][ \t\r]*$"


class Plan(models.Model):
    """A verksamhetsplan for one year or a span of years."""

    class Status(models.TextChoices):
        DRAFT = "utkast", _("Utkast")
        SENT = "skickad", _("Skickad till styrelsen")
        ADOPTED = "faststalld", _("Fastställd")

    first_year = models.PositiveSmallIntegerField(_("första år"), unique=True, validators=[YearInRange()])
    last_year = models.PositiveSmallIntegerField(_("sista år"), validators=[YearInRange()])
    given_title = models.CharField(
        _("rubrik"), max_length=200, blank=True,
        help_text=_("Som förbundet skriver den, t.ex. Verksamhets- och budgetplan för verksamhetsåret 2009. "
                    "Tom: Verksamhetsplan och planens år."),
    )  # fmt: skip
    subtitle = models.CharField(
        _("underrubrik"), max_length=300, blank=True,
        help_text=_("T.ex. Verksamhetsplan och budget 2019 för Samordningsförbundet SOFINT."),
    )  # fmt: skip
    document_date = models.DateField(
        _("dokumentets datum"), null=True, blank=True, validators=[DateInRange()],
        help_text=_("Datumet som står på försättsbladet (Datum: 2007-01-11)."),
    )  # fmt: skip
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
    # For a plan adopted at a meeting that is not in sofint (before the förbund used it):
    # the decision as the minutes name it, shown as written.
    adoption_reference = models.CharField(
        _("beslutsreferens"), max_length=200, blank=True,
        help_text=_("När mötet inte finns i sofint, t.ex. Styrelsemöte 2007-01-11 § 3."),
    )  # fmt: skip
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

    history = tracked(verbose_name=_("historik för verksamhetsplan"), excluded_fields=["created_at"])

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
        """Return the plan's own title, or "Verksamhetsplan 2018" when it has none."""
        return self.given_title.strip() or f"Verksamhetsplan {self.years}"

    @property
    def dated_title(self) -> str:
        """Return the title with the document date, as lists and file names name the plan."""
        if self.document_date is None:
            return self.title
        return f"{self.title}, {self.document_date.isoformat()}"

    @property
    def file_stem(self) -> str:
        """Return the name of the plan's PDF files, without .pdf."""
        stem = self.given_title.strip() or f"verksamhetsplan-{self.years}"
        return f"{stem} {self.document_date.isoformat()}" if self.document_date else stem

    @property
    def year_list(self) -> list[int]:
        """Return every year of the plan (one for a one-year plan); only those in range when its years cannot be."""
        if self.years_problem:  # saved before the form refused such years: read no span of them
            return [year for year in (self.first_year, self.last_year) if year_in_range(year)]
        return list(range(self.first_year, self.last_year + 1))

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
    """A numbered section of a plan: title, Markdown body and its live data blocks (SectionBlock).

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
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ändrad av"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip

    history = tracked(verbose_name=_("historik för avsnitt"), excluded_fields=["updated_by"])

    class Meta:
        verbose_name = _("avsnitt")
        verbose_name_plural = _("avsnitt")
        ordering = ["plan", "parent_id", "position", "pk"]

    def __str__(self):
        return self.title

    @classmethod
    def history_page_urls(cls, object_ids) -> dict[str, str]:
        """Return the history page (every saved text) of each section in `object_ids` that still exists."""
        ids = [int(object_id) for object_id in object_ids if str(object_id).isdigit()]
        rows = cls.objects.filter(pk__in=ids).values_list("pk", "plan_id")
        return {str(pk): reverse("plans:section_history", args=[plan_id, pk]) for pk, plan_id in rows}


class SectionBlock(models.Model):
    """A live data block of a section, numbered in order (datablock 1, 2 …).

    The section's text places block N with a line [[datablock N]]; blocks it does not
    place follow the text in order. A block that shows one insats or one meeting points
    at it by key: renaming it keeps the plan right. SET_NULL, not PROTECT: an adopted
    plan is frozen in its versions, so a deleted insats takes nothing from it; a draft's
    block then says what it showed (`reference_label`) and the readiness list asks for
    another. PROTECT would keep everything ever named in an old plan from being deleted.
    The rows are saved with their section (services.section_update), under its revision.
    """

    section = models.ForeignKey(Section, verbose_name=_("avsnitt"), on_delete=models.CASCADE, related_name="blocks")
    position = models.PositiveSmallIntegerField(_("nummer"))
    kind = models.CharField(_("datablock"), max_length=20, choices=Block.choices)
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("insats"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="plan_blocks", help_text=_("För blocket 'En insats'."),
    )  # fmt: skip
    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("möte"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="plan_blocks", help_text=_("För blocket 'Ett styrelsemöte'."),
    )  # fmt: skip
    param = models.CharField(
        _("urval"), max_length=200, blank=True,
        help_text=_("För budgetblocken: utan-diagram visar tabellerna utan diagram."),
    )  # fmt: skip
    # The name of the insats or meeting when it was chosen: what the block says it showed
    # once that is deleted.
    reference_label = models.CharField(_("vald som"), max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = _("datablock")
        verbose_name_plural = _("datablock")
        ordering = ["section", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "position"],
                name="section_block_position_unique",
                violation_error_message=_("Avsnittet har redan ett datablock med det numret."),
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.get_kind_display()}"

    def clean(self):
        reference = REFERENCES.get(self.kind)
        if reference and getattr(self, f"{reference[0]}_id") is None:
            raise ValidationError({reference[0]: reference[1]})

    @property
    def number(self) -> int:
        """Return the number the section's text places the block by ([[datablock N]])."""
        return self.position + 1

    @property
    def block_param(self) -> str:
        """Return `param`, by the name Section had for it (block context functions read it)."""
        return self.param

    @property
    def reference_id(self) -> int | None:
        """Return the key of the insats or meeting the block shows (None: none, or none needed)."""
        reference = REFERENCES.get(self.kind)
        return getattr(self, f"{reference[0]}_id") if reference else None

    @property
    def reference_missing(self) -> bool:
        """Return True when the block needs an insats or a meeting and has none (deleted since)."""
        return self.kind in REFERENCES and self.reference_id is None


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
    # What the checklist named when the version was sent, acknowledged by the sender (plans.checklist).
    known_problems = models.JSONField(_("kända brister när versionen skickades"), default=list, blank=True)

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


class RenderedPdf(models.Model):
    """A draft's PDF as laid out once, found again by the fingerprint of what it shows (plans.pdfcache)."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="+")
    # sha256 of the HTML, the static files it reads and the code and WeasyPrint that lay it out.
    fingerprint = models.CharField(_("fingeravtryck"), max_length=64, unique=True)
    pdf = models.BinaryField(_("PDF"))
    pages = models.PositiveIntegerField(_("antal sidor"))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("sparad PDF av ett utkast")
        verbose_name_plural = _("sparade PDF:er av utkast")

    def __str__(self):
        return f"{self.plan}, {self.fingerprint[:12]}"


class PdfJob(models.Model):
    """A draft PDF waiting in the render queue, or being laid out, or failed (plans.queue).

    One row per fingerprint, so a second request for the same content joins the first one's
    job. When the layout succeeds the PDF is kept in RenderedPdf and this row is deleted.
    """

    QUEUED, RUNNING, FAILED = "queued", "running", "failed"
    STATES = [(QUEUED, _("i kö")), (RUNNING, _("görs")), (FAILED, _("misslyckades"))]

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(_("fingeravtryck"), max_length=64, unique=True)
    # What the worker lays out: the HTML is made in the request, so the PDF is of the very
    # content whose fingerprint it is kept under, whatever is edited meanwhile.
    html = models.TextField(_("HTML"))
    title = models.CharField(_("titel"), max_length=500)
    author = models.CharField(_("författare"), max_length=500)
    state = models.CharField(_("läge"), max_length=10, choices=STATES, default=QUEUED)
    task_id = models.CharField(_("uppgiftens id"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    error = models.TextField(_("fel"), blank=True)
    enqueued_at = models.DateTimeField(_("köad"))
    started_at = models.DateTimeField(_("påbörjad"), null=True, blank=True)

    class Meta:
        verbose_name = _("PDF i kön")
        verbose_name_plural = _("PDF:er i kön")

    def __str__(self):
        return f"{self.plan}, {self.fingerprint[:12]} ({self.state})"
