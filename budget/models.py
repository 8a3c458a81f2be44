"""The yearly budget: member contributions, cost lines by category, equity and the overview years.

Every figure a reader sees (totals, shares, result, equity, deviations) is computed
from these rows by `budget.figures`; nothing here stores a sum.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.domain import DateInRange, YearInRange
from core.formatting import kr
from core.revisions import Revisioned
from governance.models import Member

# Every amount is at most this many kronor (a förbund's whole budget is a few million), so that
# every sum of amounts fits the database's 64-bit integers (SQLite's SUM fails past them).
AMOUNT_MAX = 10**12 - 1
AMOUNT_TOO_LARGE = format_lazy(_("Beloppet är för stort: högst {max}."), max=kr(AMOUNT_MAX))
AMOUNT_TOO_SMALL = format_lazy(_("Beloppet är för litet: lägst {min}."), min=kr(-AMOUNT_MAX))
AMOUNT = [MaxValueValidator(AMOUNT_MAX, message=AMOUNT_TOO_LARGE)]
SIGNED_AMOUNT = [*AMOUNT, MinValueValidator(-AMOUNT_MAX, message=AMOUNT_TOO_SMALL)]


class NationalSplit(models.TextChoices):
    """The national guidance's four cost groups (Nationella rådet)."""

    STYRELSE = "styrelse", _("Styrelse")
    ADMINISTRATION = "administration", _("Administration")
    REVISION = "revision", _("Revision")
    INSATSER = "insatser", _("Insatser")


# A line's name that says it is the audit: "Revision", "Revisionsarvode", "Lekmannarevisorer".
_NAMES_AUDIT = re.compile(r"revision|revisor", re.IGNORECASE)


def line_split(*, chosen: str, category_split: str, text: str) -> str:
    """Return the national part a cost line counts towards: the one chosen for it, else the default.

    The default is the category's part, except that a line named for the audit in a category
    counted as styrelse ("Styrelse och revision" holds both) counts as revision: the national
    split keeps the audit apart, and "Revision" counted as styrelse would be wrong unnoticed.
    """
    if chosen:
        return chosen
    if category_split == NationalSplit.STYRELSE and _NAMES_AUDIT.search(text or ""):
        return NationalSplit.REVISION
    return category_split


def line_split_reason(*, chosen: str, category_split: str, text: str) -> str:
    """Return why a line counts towards its part: chosen for the line, read from its name, or its category's."""
    if chosen:
        return str(_("vald för raden"))
    if line_split(chosen=chosen, category_split=category_split, text=text) != category_split:
        return str(_("efter radens namn"))
    return str(_("enligt kostnadsslaget"))


class BudgetQuerySet(models.QuerySet):
    def adopted(self):
        return self.filter(status=Budget.Status.ADOPTED)

    def drafts(self):
        return self.filter(status=Budget.Status.DRAFT)


class Budget(models.Model):
    """The förbund's budget for one calendar year."""

    class Status(models.TextChoices):
        DRAFT = "utkast", _("Utkast")
        ADOPTED = "faststalld", _("Fastställd")

    year = models.PositiveSmallIntegerField(_("år"), unique=True, validators=[YearInRange()])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False)
    adopted_on = models.DateField(_("fastställd den"), null=True, blank=True, editable=False)
    # Null: not given ("uppgift saknas"), never taken for 0 kr.
    opening_equity = models.BigIntegerField(
        _("eget kapital vid årets början"),
        null=True,
        blank=True,
        validators=SIGNED_AMOUNT,
        help_text=_("Hela kronor. Föregående års utgående eget kapital. Lämna tomt när det inte är känt."),
    )
    opening_equity_on = models.DateField(
        _("eget kapital per"),
        null=True,
        blank=True,
        validators=[DateInRange()],
        help_text=_("Dagen beloppet gäller, t.ex. 2017-12-31."),
    )
    opening_equity_source = models.CharField(
        _("källa för eget kapital"),
        max_length=200,
        blank=True,
        help_text=_("Var beloppet kommer ifrån, t.ex. ”årsredovisningen 2017”."),
    )
    # The members may decide the year's total (the frame) before its split among them is known.
    income_frame = models.PositiveBigIntegerField(
        _("budgetram (kr)"),
        null=True,
        blank=True,
        validators=AMOUNT,
        help_text=_(
            "Medlemmarnas samlade bidrag när fördelningen mellan dem ännu inte är känd. "
            "Lämna tomt när medlemsbidragen är inlagda var för sig."
        ),
    )
    income_frame_decision = models.CharField(
        _("beslut om budgetramen"),
        max_length=300,
        blank=True,
        help_text=_("T.ex. ”beslutad av medlemmarna” eller ”Styrelsebeslut 2018-11-20 § 5”."),
    )
    income_frame_decided_on = models.DateField(
        _("budgetramen beslutad den"), null=True, blank=True, validators=[DateInRange()]
    )
    equity_is_preliminary = models.BooleanField(
        _("preliminärt beräknat eget kapital"),
        default=False,
        help_text=_("Markera när bokslutet för föregående år inte är klart."),
    )
    followup_on = models.DateField(
        _("utfall till och med"),
        null=True,
        blank=True,
        help_text=_("Dagen som kostnadsradernas utfall gäller till och med."),
        validators=[DateInRange()],
    )
    overview_opening_surplus = models.BigIntegerField(
        _("överskott från tidigare år (flerårsöversikt)"),
        null=True,
        blank=True,
        validators=SIGNED_AMOUNT,
        help_text=_("Lämna tomt för att utgå från budgetårets utgående eget kapital."),
    )
    # What the budget's page showed when the board adopted it (budget.snapshots): the page of an
    # adopted budget is drawn from it, whatever members and categories become later.
    adopted_snapshot = models.JSONField(_("fastställd lydelse"), null=True, blank=True, editable=False)

    objects = BudgetQuerySet.as_manager()
    # The snapshot is written once, at adoption; the history need not copy it.
    history = HistoricalRecords(verbose_name=_("historik för budget"), excluded_fields=["adopted_snapshot"])

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgetar")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="utkast", adopted_on__isnull=True)
                | Q(status="faststalld", adopted_on__isnull=False),
                name="budget_adopted_has_date",
                violation_error_message=_("En fastställd budget måste ha ett datum för fastställandet."),
            ),
        ]

    def __str__(self):
        return _("Budget %(year)s") % {"year": self.year}

    def get_absolute_url(self):
        return reverse("budget:year", kwargs={"year": self.year})

    def clean(self):
        errors = {}
        if self.income_frame is None and (self.income_frame_decision or self.income_frame_decided_on):
            errors["income_frame"] = _("Ange budgetramens belopp, eller ta bort beslutet om den.")
        if self.opening_equity is None and (self.opening_equity_on or self.opening_equity_source):
            errors["opening_equity"] = _("Ange det egna kapitalets belopp, eller ta bort dag och källa.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_adopted(self) -> bool:
        """Tell whether the board has adopted the budget, which locks it (see budget.services)."""
        return self.status == self.Status.ADOPTED


class CostCategoryManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class CostCategory(models.Model):
    """A cost category (kostnadsslag) in the budget's fixed order, mapped to the national split."""

    code = models.SlugField(_("kod"), max_length=40, unique=True)
    name = models.CharField(_("namn"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("ordning"), unique=True)
    national_split = models.CharField(
        _("nationell indelning"),
        max_length=20,
        choices=NationalSplit.choices,
        help_text=_("Styrelse, administration, revision eller insatser enligt den nationella vägledningen."),
    )

    objects = CostCategoryManager()

    class Meta:
        verbose_name = _("kostnadsslag")
        verbose_name_plural = _("kostnadsslag")
        ordering = ["position"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class Contribution(Revisioned):
    """One member's contribution (medelstilldelning) to one year's budget, in whole kronor."""

    budget = models.ForeignKey(Budget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="contributions")
    member = models.ForeignKey(Member, verbose_name=_("medlem"), on_delete=models.PROTECT, related_name="contributions")
    amount = models.PositiveBigIntegerField(_("belopp (kr)"), validators=AMOUNT)

    history = HistoricalRecords(verbose_name=_("historik för medlemsbidrag"))

    class Meta:
        verbose_name = _("medlemsbidrag")
        verbose_name_plural = _("medlemsbidrag")
        ordering = ["budget__year", "member__kind", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "member"],
                name="contribution_one_per_member_and_year",
                violation_error_message=_("Medlemmen har redan ett bidrag för det året."),
            ),
        ]

    def __str__(self):
        return f"{self.member} {self.budget.year}" if self.budget_id and self.member_id else str(self.amount)


class CostLineQuerySet(models.QuerySet):
    def in_order(self):
        return self.select_related("category").order_by("category__position", "position", "pk")


class CostLine(Revisioned):
    """A line of the budget's costs: what, how much, and how the year is going."""

    budget = models.ForeignKey(Budget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="cost_lines")
    category = models.ForeignKey(
        CostCategory, verbose_name=_("kostnadsslag"), on_delete=models.PROTECT, related_name="lines"
    )
    text = models.CharField(_("text"), max_length=200)
    # Null: not known yet ("uppgift saknas"); the totals over it say so.
    amount = models.PositiveBigIntegerField(
        _("budget (kr)"),
        null=True,
        blank=True,
        validators=AMOUNT,
        help_text=_("Lämna tomt när beloppet inte är känt; det visas som ”uppgift saknas”."),
    )
    national_split = models.CharField(
        _("nationell indelning"),
        max_length=20,
        choices=NationalSplit.choices,
        blank=True,
        help_text=_("Lämna tomt för kostnadsslagets indelning."),
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("insats"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cost_lines",
        help_text=_("Den finansierade insats som raden avser, om någon."),
    )
    outcome = models.BigIntegerField(_("utfall (kr)"), null=True, blank=True, validators=SIGNED_AMOUNT)
    forecast = models.BigIntegerField(
        _("prognos helår (kr)"),
        null=True,
        blank=True,
        help_text=_("Lämna tomt om prognosen följer budgeten."),
        validators=SIGNED_AMOUNT,
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    objects = CostLineQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historik för kostnadsrad"))

    class Meta:
        verbose_name = _("kostnadsrad")
        verbose_name_plural = _("kostnadsrader")
        ordering = ["category__position", "position", "pk"]

    def __str__(self):
        return self.text

    @property
    def split(self) -> str:
        """Return the national split this line counts towards (`line_split`)."""
        return line_split(chosen=self.national_split, category_split=self.category.national_split, text=self.text)

    @property
    def split_text(self) -> str:
        """Return the part and why: "Revision (efter radens namn)"."""
        reason = line_split_reason(
            chosen=self.national_split, category_split=self.category.national_split, text=self.text
        )
        return f"{NationalSplit(self.split).label} ({reason})"


class OverviewYear(Revisioned):
    """One column of the multi-year overview (budgetöversikt för kommande år), as the ekonom enters it."""

    budget = models.ForeignKey(Budget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="overview")
    year = models.PositiveSmallIntegerField(_("år"), validators=[YearInRange()])
    contributions = models.PositiveBigIntegerField(_("medlemsbidrag"), null=True, blank=True, validators=AMOUNT)
    personnel = models.PositiveBigIntegerField(_("personal"), null=True, blank=True, validators=AMOUNT)
    board_and_audit = models.PositiveBigIntegerField(
        _("styrelse och revision"), null=True, blank=True, validators=AMOUNT
    )
    office = models.PositiveBigIntegerField(_("kansli"), null=True, blank=True, validators=AMOUNT)
    activities = models.PositiveBigIntegerField(_("aktiviteter, projekt"), null=True, blank=True, validators=AMOUNT)

    # Null: not given ("uppgift saknas"), never 0 kr.
    history = HistoricalRecords(verbose_name=_("historik för flerårsöversikt"))

    class Meta:
        verbose_name = _("år i flerårsöversikten")
        verbose_name_plural = _("flerårsöversikt")
        ordering = ["budget", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "year"],
                name="overview_one_per_year",
                violation_error_message=_("Året finns redan i översikten."),
            ),
        ]

    def __str__(self):
        return str(self.year)

    def clean(self):
        if self.budget_id and self.year and self.year <= self.budget.year:
            raise ValidationError(
                {"year": _("Översikten gäller åren efter budgetåret %(year)s.") % {"year": self.budget.year}}
            )


class Month(models.IntegerChoices):
    JANUARY = 1, _("januari")
    FEBRUARY = 2, _("februari")
    MARCH = 3, _("mars")
    APRIL = 4, _("april")
    MAY = 5, _("maj")
    JUNE = 6, _("juni")
    JULY = 7, _("juli")
    AUGUST = 8, _("augusti")
    SEPTEMBER = 9, _("september")
    OCTOBER = 10, _("oktober")
    NOVEMBER = 11, _("november")
    DECEMBER = 12, _("december")


class BudgetFollowUp(Revisioned):
    """A follow-up (uppföljning) of a year's budget: the forecast for the year as of a date, over the months it covers.

    Entered during the year, after the budget was adopted: the adoption does not lock it.
    """

    budget = models.ForeignKey(Budget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="follow_ups")
    made_on = models.DateField(
        _("uppföljning per"), validators=[DateInRange()], help_text=_("Dagen uppföljningen gäller, t.ex. 2018-08-31.")
    )
    period_start = models.PositiveSmallIntegerField(_("perioden från och med"), choices=Month.choices, default=1)
    period_end = models.PositiveSmallIntegerField(_("perioden till och med"), choices=Month.choices)
    budgeted_costs = models.PositiveBigIntegerField(
        _("budgeterade kostnader helår (kr)"),
        null=True,
        blank=True,
        validators=AMOUNT,
        help_text=_("Lämna tomt för att jämföra med budgetens egna kostnadsrader."),
    )
    forecast_costs = models.PositiveBigIntegerField(
        _("prognos kostnader helår (kr)"),
        null=True,
        blank=True,
        validators=AMOUNT,
        help_text=_("Lämna tomt när prognosen inte är känd; det visas som ”uppgift saknas”."),
    )
    outcome_costs = models.BigIntegerField(
        _("utfall kostnader för perioden (kr)"), null=True, blank=True, validators=SIGNED_AMOUNT
    )
    forecast_income = models.PositiveBigIntegerField(
        _("prognos intäkter helår (kr)"), null=True, blank=True, validators=AMOUNT
    )
    note = models.TextField(_("kommentar"), blank=True, max_length=2000)

    history = HistoricalRecords(verbose_name=_("historik för budgetuppföljning"))

    class Meta:
        verbose_name = _("budgetuppföljning")
        verbose_name_plural = _("budgetuppföljningar")
        ordering = ["budget__year", "made_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "made_on"],
                name="follow_up_one_per_budget_and_day",
                violation_error_message=_("Budgeten har redan en uppföljning per den dagen."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")),
                name="follow_up_period_in_order",
                violation_error_message=_("Perioden kan inte sluta före den börjar."),
            ),
        ]

    def __str__(self):
        if not self.budget_id or not self.made_on:
            return str(_("budgetuppföljning"))
        return _("Uppföljning av budget %(year)s per %(date)s") % {
            "year": self.budget.year,
            "date": self.made_on.isoformat(),
        }

    def clean(self):
        errors = {}
        if self.budget_id and self.made_on and self.made_on.year != self.budget.year:
            errors["made_on"] = _("En uppföljning av budgeten för %(year)s gäller en dag under %(year)s.") % {
                "year": self.budget.year
            }
        elif self.made_on and self.period_end and self.period_end > self.made_on.month:
            errors["period_end"] = _("Perioden kan inte sluta efter dagen uppföljningen gäller.")
        if self.period_start and self.period_end and self.period_start > self.period_end:
            errors["period_end"] = _("Perioden kan inte sluta före den börjar.")
        if errors:
            raise ValidationError(errors)

    @property
    def period_text(self) -> str:
        """Return the months covered as the ekonom writes them: `januari–augusti`, or `augusti`."""
        start, end = Month(self.period_start).label, Month(self.period_end).label
        return str(start) if self.period_start == self.period_end else f"{start}\u2013{end}"
