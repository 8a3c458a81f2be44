"""The förbund, its members and the people who govern and run it."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.domain import DateInRange, YearInRange, year_in_range
from core.history import tracked

from .terms import Term, is_election_year, term_after_election, term_for_date
from .validators import normalize_org_number, validate_org_number


class OrganisationNumberField(models.CharField):
    """A Swedish organisationsnummer, stored as NNNNNN-NNNN and checked for its check digit."""

    default_validators = [validate_org_number]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 11)
        kwargs.setdefault("verbose_name", _("organisationsnummer"))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_org_number(value) if value else value


class OrganisationQuerySet(models.QuerySet):
    def current(self):
        """Return the förbund this installation serves, or None before it is set up."""
        return self.order_by("pk").first()


class Organisation(models.Model):
    """The samordningsförbund itself; an installation serves one."""

    name = models.CharField(_("namn"), max_length=200)
    short_name = models.CharField(_("kortnamn"), max_length=50)
    # Optional: a förbund is set up before its number is at hand; pages say "saknas" until then.
    org_number = OrganisationNumberField(
        blank=True, help_text=_("Lämna tomt tills numret är känt: sidorna och planen visar då ”saknas”.")
    )
    founded_on = models.DateField(_("bildat"), null=True, blank=True, validators=[DateInRange()])
    term_start_month = models.PositiveSmallIntegerField(
        _("mandatperioden börjar, månad"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Enligt förbundsordningen: 1 för januari (som SOFINT), 4 för april (nationell vägledning)."),
    )
    term_start_day = models.PositiveSmallIntegerField(
        _("mandatperioden börjar, dag"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    equity_cap_percent = models.DecimalField(
        _("tak för eget kapital (%)"),
        max_digits=5,
        decimal_places=2,
        default=20,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Högsta eget kapital i procent av årets medelstilldelning (Nationella rådets trappa)."),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("förbund")
        verbose_name_plural = _("förbund")
        constraints = [
            models.UniqueConstraint(
                fields=["org_number"],
                condition=~Q(org_number=""),
                name="organisation_org_number_unique",
                violation_error_message=_("Det finns redan ett förbund med det organisationsnumret."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        try:
            # 2021 is not a leap year: 29 February cannot start a term every year.
            datetime.date(2021, self.term_start_month, self.term_start_day)
        except (TypeError, ValueError, OverflowError):  # OverflowError: a month of 999999999999
            raise ValidationError(
                {"term_start_day": _("Mandatperiodens startdag måste vara en dag som finns varje år.")}
            ) from None

    @property
    def term_start_label(self) -> str:
        """Return the term start day as Swedish text: "1 januari"."""
        return date_format(datetime.date(2021, self.term_start_month, self.term_start_day), "j F")

    def term_for_date(self, day: datetime.date) -> Term:
        """Return the board term that `day` falls in, by this förbund's start day."""
        return term_for_date(day, start_month=self.term_start_month, start_day=self.term_start_day)

    def term_after_election(self, election_year: int) -> Term:
        """Return the board term that follows the election in `election_year`."""
        return term_after_election(election_year, start_month=self.term_start_month, start_day=self.term_start_day)


class MemberQuerySet(models.QuerySet):
    def active(self, *, starts_on: datetime.date, ends_on: datetime.date | None = None):
        """Return members that were members at some point from `starts_on` to `ends_on`."""
        ends_on = ends_on or starts_on
        return self.filter(
            Q(active_from__isnull=True) | Q(active_from__lte=ends_on),
            Q(active_to__isnull=True) | Q(active_to__gte=starts_on),
        )


class Member(models.Model):
    """A member (medlem) of the förbund: the state agencies, a region, municipalities."""

    class Kind(models.IntegerChoices):
        # The order is the order members are listed in: the state first.
        FORSAKRINGSKASSAN = 1, _("Försäkringskassan")
        ARBETSFORMEDLINGEN = 2, _("Arbetsförmedlingen")
        REGION = 3, _("Region")
        KOMMUN = 4, _("Kommun")

    name = models.CharField(_("namn"), max_length=200, unique=True)
    kind = models.PositiveSmallIntegerField(_("typ"), choices=Kind.choices)
    org_number = OrganisationNumberField(blank=True)
    active_from = models.DateField(_("medlem från"), null=True, blank=True, validators=[DateInRange()])
    active_to = models.DateField(_("medlem till"), null=True, blank=True, validators=[DateInRange()])

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlem")
        verbose_name_plural = _("medlemmar")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["org_number"],
                condition=~Q(org_number=""),
                name="member_org_number_unique",
                violation_error_message=_("Det finns redan en medlem med det organisationsnumret."),
            ),
            models.CheckConstraint(
                condition=Q(active_to__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_to__gte=models.F("active_from")),
                name="member_active_period_ordered",
                violation_error_message=_("Medlemskapets slutdatum kan inte ligga före startdatumet."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_state(self) -> bool:
        return self.kind in (self.Kind.FORSAKRINGSKASSAN, self.Kind.ARBETSFORMEDLINGEN)


class Person(models.Model):
    """A person who holds a seat, a post or an assignment; contact details only."""

    name = models.CharField(_("namn"), max_length=200)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användarkonto"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["name"]

    def __str__(self):
        return self.name


class MandatePeriod(models.Model):
    """A board term (mandatperiod): four years after a general election.

    The first and last day are computed from the förbund's term start day when the
    period is created and kept: a later change of the förbundsordning does not move
    a term that has already been served.
    """

    election_year = models.PositiveSmallIntegerField(
        _("valår"),
        unique=True,
        validators=[YearInRange()],
        help_text=_("Året för de allmänna valen, till exempel 2018."),
    )
    starts_on = models.DateField(_("från och med"), editable=False)
    ends_on = models.DateField(_("till och med"), editable=False)

    history = tracked(verbose_name=_("historik för mandatperiod"))

    class Meta:
        verbose_name = _("mandatperiod")
        verbose_name_plural = _("mandatperioder")
        ordering = ["-election_year"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="period_ends_after_start"),
        ]

    def __str__(self):
        if self.starts_on and self.ends_on:
            return f"{self.starts_on.year}–{self.ends_on.year}"
        return str(self.election_year)

    def clean(self):
        # Django runs clean() after a field error too: a year outside the förbund's has had its message.
        if self.election_year is None or not year_in_range(self.election_year):
            return
        if not is_election_year(self.election_year):
            raise ValidationError(
                {
                    "election_year": _(
                        "%(year)s är inget valår; allmänna val hålls vart fjärde år (2018, 2022, 2026 …)."
                    )
                    % {"year": self.election_year}
                }
            )

    @property
    def term(self) -> Term:
        return Term(self.election_year, self.starts_on, self.ends_on)


class BoardSeat(models.Model):
    """A seat on the board (styrelse) for one term: ordinarie or ersättare, possibly vacant."""

    class Kind(models.TextChoices):
        ORDINARIE = "ordinarie", _("Ordinarie ledamot")
        ERSATTARE = "ersattare", _("Ersättare")

    class Chair(models.TextChoices):
        NONE = "", _("—")
        CHAIR = "ordforande", _("Ordförande")
        VICE_CHAIR = "vice_ordforande", _("Vice ordförande")

    period = models.ForeignKey(
        MandatePeriod, verbose_name=_("mandatperiod"), on_delete=models.CASCADE, related_name="seats"
    )
    member = models.ForeignKey(Member, verbose_name=_("medlem"), on_delete=models.PROTECT, related_name="seats")
    kind = models.CharField(_("uppdrag"), max_length=10, choices=Kind.choices)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seats",
        help_text=_("Lämna tomt för en vakant plats."),
    )
    chair = models.CharField(_("ordförandeskap"), max_length=20, choices=Chair.choices, blank=True, default="")

    history = tracked(verbose_name=_("historik för styrelseplats"))

    class Meta:
        verbose_name = _("styrelseplats")
        verbose_name_plural = _("styrelseplatser")
        # "ordinarie" sorts after "ersattare": descending puts the ordinary member first.
        ordering = ["period", "member__kind", "member__name", "-kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "person"],
                condition=Q(person__isnull=False),
                name="seat_one_per_person_and_period",
                violation_error_message=_("En person kan bara ha en plats i styrelsen per mandatperiod."),
            ),
            models.UniqueConstraint(
                fields=["period"],
                condition=Q(chair="ordforande"),
                name="seat_one_chair_per_period",
                violation_error_message=_("Styrelsen kan bara ha en ordförande per mandatperiod."),
            ),
            models.CheckConstraint(
                condition=Q(chair="") | (Q(kind="ordinarie") & Q(person__isnull=False)),
                name="seat_chair_is_ordinary_member",
                violation_error_message=_(
                    "Ordförande och vice ordförande måste vara ordinarie ledamöter (inte vakanta)."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.member}: {self.holder_name}"

    @property
    def is_vacant(self) -> bool:
        return self.person_id is None

    @property
    def holder_name(self) -> str:
        return str(self.person) if self.person_id else str(_("Vakant"))


class StaffPosition(models.Model):
    """A post in the office (kansli), financed by the förbund and employed by a member."""

    class Role(models.TextChoices):
        DIRECTOR = "forbundschef", _("Förbundschef")
        FINANCE = "ekonom", _("Ekonom")
        COORDINATOR = "samordnare", _("Samordnare")
        DEVELOPER = "utvecklingsledare", _("Utvecklingsledare")
        ADMINISTRATOR = "administrator", _("Administratör")
        OTHER = "ovrig", _("Övrig")

    role = models.CharField(_("befattning"), max_length=20, choices=Role.choices)
    title = models.CharField(_("titel"), max_length=200, blank=True, help_text=_("Om befattningen behöver förklaras."))
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, null=True, blank=True, related_name="positions"
    )
    percent_of_full_time = models.DecimalField(
        _("omfattning (%)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    employer = models.ForeignKey(
        Member, verbose_name=_("anställd av"), on_delete=models.PROTECT, related_name="staff_positions"
    )
    active_from = models.DateField(_("från"), null=True, blank=True, validators=[DateInRange()])
    active_to = models.DateField(_("till"), null=True, blank=True, validators=[DateInRange()])

    class Meta:
        verbose_name = _("tjänst i kansliet")
        verbose_name_plural = _("kansli")
        ordering = ["-percent_of_full_time", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_of_full_time__gt=0) & Q(percent_of_full_time__lte=100),
                name="staff_percent_in_range",
                violation_error_message=_("Omfattningen ska vara mellan 1 och 100 procent."),
            ),
        ]

    def __str__(self):
        return self.title or self.get_role_display()


class Auditor(models.Model):
    """An auditor (revisor) for a term, appointed by a member or by the state agencies jointly."""

    class Kind(models.TextChoices):
        LAY = "lekmannarevisor", _("Lekmannarevisor")
        CERTIFIED = "certifierad", _("Certifierad revisor")
        ASSISTANT = "revisionsbitrade", _("Revisionsbiträde")

    period = models.ForeignKey(
        MandatePeriod, verbose_name=_("mandatperiod"), on_delete=models.CASCADE, related_name="auditors"
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_assignments",
        help_text=_("Lämna tomt om namnet inte är känt ännu."),
    )
    appointed_by = models.ForeignKey(
        Member,
        verbose_name=_("utsedd av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="auditors",
    )
    appointed_by_state_jointly = models.BooleanField(_("utsedd av de statliga myndigheterna gemensamt"), default=False)
    note = models.CharField(_("anmärkning"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("revisor")
        verbose_name_plural = _("revision")
        ordering = ["period", "kind", "appointed_by__kind", "appointed_by__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~(Q(appointed_by__isnull=False) & Q(appointed_by_state_jointly=True)),
                name="auditor_single_appointing_body",
                violation_error_message=_(
                    "En revisor utses antingen av en medlem eller av staten gemensamt, inte båda."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.person or _('ej namngiven')}"

    def clean(self):
        if self.kind == self.Kind.LAY and not (self.appointed_by_id or self.appointed_by_state_jointly):
            raise ValidationError(_("Ange vem som utser lekmannarevisorn: en medlem eller staten gemensamt."))
        if self.appointed_by_id and self.appointed_by.is_state and self.kind == self.Kind.LAY:
            raise ValidationError(
                {"appointed_by": _("De statliga myndigheterna utser en gemensam revisor: markera ”staten gemensamt”.")}
            )

    @property
    def appointing_body(self) -> str:
        if self.appointed_by_state_jointly:
            return str(_("Försäkringskassan och Arbetsförmedlingen gemensamt"))
        if self.appointed_by_id:
            return str(self.appointed_by)
        return str(_("Förbundet"))


class PreparatoryGroupMembership(models.Model):
    """A manager from a member in the beredningsgrupp, which prepares board meetings."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="preparatory_group_memberships"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("medlem"), on_delete=models.PROTECT, related_name="preparatory_group_memberships"
    )
    title = models.CharField(_("befattning"), max_length=200, blank=True)
    active_from = models.DateField(_("från"), null=True, blank=True, validators=[DateInRange()])
    active_to = models.DateField(_("till"), null=True, blank=True, validators=[DateInRange()])

    class Meta:
        verbose_name = _("ledamot i beredningsgruppen")
        verbose_name_plural = _("beredningsgrupp")
        ordering = ["member__kind", "member__name", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "member"],
                condition=Q(active_to__isnull=True),
                name="prep_group_one_active_membership",
                violation_error_message=_("Personen är redan med i beredningsgruppen för den medlemmen."),
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.member})"
