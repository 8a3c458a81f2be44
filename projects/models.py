"""Funded activities (insatser), their target groups, measurable goals and follow-up reports.

Only counts are ever stored about participants: never a name or anything else that
could point at a person.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.domain import DateInRange, YearInRange
from core.formatting import format_number, isodate, month_name
from core.history import tracked
from core.revisions import Revisioned
from governance.models import Member, Organisation, Person
from meetings.models import Meeting, MeetingKind

from .targets import Attainment, Comparison, Measure, Target, target_constraints, target_field_errors, target_of

BOARD_MEETINGS = {"kind__code": MeetingKind.BOARD}
# What a förbund can mean, checked where it enters: far above any real insats, far below the columns' limits.
MAX_KRONOR = 1_000_000_000  # a year's grant or outcome, in whole kronor
MAX_PARTICIPANTS = 1_000_000
MAX_AGE = 120
MAX_POSITION = 999


class Precision(models.TextChoices):
    """How exactly a period's day is known: the plans write "2018-01-01", "oktober 2018" or "2019"."""

    DAY = "dag", _("Dag")
    MONTH = "manad", _("Månad")
    YEAR = "ar", _("År")


def period_point_label(day: datetime.date | None, precision: str) -> str:
    """Return a period's first or last day as precisely as it was given: "2018-01-01", "oktober 2018", "2019"."""
    if day is None:
        return ""
    if precision == Precision.YEAR:
        return str(day.year)
    if precision == Precision.MONTH:
        return f"{month_name(day.month)} {day.year}"
    return isodate(day)


class TargetGroup(models.Model):
    """A group the förbund's insatser are meant for: "Unga, i ålder 18-29 år"."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    description = models.TextField(_("beskrivning"), max_length=5000, blank=True)
    age_min = models.PositiveSmallIntegerField(
        _("ålder från"), null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("ålder till"), null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)]
    )

    class Meta:
        verbose_name = _("målgrupp")
        verbose_name_plural = _("målgrupper")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_min__isnull=True) | Q(age_max__isnull=True) | Q(age_max__gte=models.F("age_min")),
                name="targetgroup_age_range_ordered",
                violation_error_message=_("Åldersgränsen uppåt kan inte vara lägre än den nedåt."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def age_label(self) -> str:
        """Return the age range as the plans write it: "18–29 år", "från 19 år"."""
        if self.age_min is not None and self.age_max is not None:
            return f"{self.age_min}–{self.age_max} år"
        if self.age_min is not None:
            return f"från {self.age_min} år"
        if self.age_max is not None:
            return f"till {self.age_max} år"
        return ""

    @property
    def age_note(self) -> str:
        """Return the age range to write after the name, or "" when the name already says it.

        The seeds name groups with their ages ("Unga, i ålder 18-29 år"); writing
        "(18–29 år)" after such a name says the same thing twice.
        """
        ages = [str(age) for age in (self.age_min, self.age_max) if age is not None]
        named = set(re.findall(r"\d+", self.name))
        if not ages or set(ages) <= named:
            return ""
        return self.age_label


class TargetGroupPriority(models.Model):
    """A target group's place in one year's priority order (1 comes first)."""

    year = models.PositiveSmallIntegerField(_("år"), validators=[YearInRange()])
    position = models.PositiveSmallIntegerField(
        _("prioritet"), validators=[MinValueValidator(1), MaxValueValidator(MAX_POSITION)]
    )
    target_group = models.ForeignKey(
        TargetGroup, verbose_name=_("målgrupp"), on_delete=models.CASCADE, related_name="priorities"
    )

    class Meta:
        verbose_name = _("prioriterad målgrupp")
        verbose_name_plural = _("prioriterade målgrupper")
        ordering = ["-year", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "position"],
                name="targetgrouppriority_unique_position",
                violation_error_message=_("Året har redan en målgrupp på den platsen."),
            ),
            models.UniqueConstraint(
                fields=["year", "target_group"],
                name="targetgrouppriority_unique_group",
                violation_error_message=_("Målgruppen är redan prioriterad det året."),
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="targetgrouppriority_position_positive"),
        ]

    def __str__(self):
        return f"{self.year}: {self.position}. {self.target_group}"


class ProjectQuerySet(models.QuerySet):
    def active_in(self, year: int):
        """Return projects whose period touches `year` (an open end runs on)."""
        return self.filter(
            Q(starts_on__isnull=True) | Q(starts_on__year__lte=year),
            Q(ends_on__isnull=True) | Q(ends_on__year__gte=year),
        )

    def running_in(self, year: int):
        """Return projects the förbund pays for in `year`: granted, running or finished, and active then."""
        return self.active_in(year).filter(status__in=Project.FUNDED_STATUSES)

    def with_final_report(self):
        """Annotate `final_report_on`: the day of the first slutrapport, None when there is none.

        The day is the board meeting's the report was presented at, else the day it was
        recorded in sofint. Project.state_on reads it, so a list's states cost no query.
        """
        finals = FollowUpReport.objects.filter(project=OuterRef("pk"), kind=FollowUpReport.Kind.FINAL)
        day = finals.order_by("period_end", "pk").annotate(day=Coalesce("meeting__starts_on", TruncDate("recorded_at")))
        return self.annotate(final_report_on=Subquery(day.values("day")[:1]))

    def ended_without_final_report(self, *, on: datetime.date):
        """Return granted or running projects whose period ended before `on` and that have no slutrapport."""
        return (
            self.with_final_report()
            .filter(status__in=Project.OPEN_STATUSES, ends_on__lt=on, final_report_on__isnull=True)
            .order_by("ends_on", "name", "pk")
        )


@dataclass(frozen=True)
class ProjectState:
    """What the pages show as a project's status (Project.state_on); never stored."""

    code: str  # a Project.Status value, or ENDED_WITHOUT_REPORT
    label: str
    # The period has ended and no slutrapport is recorded: the förbundschef's start page lists it.
    awaits_final_report: bool = False

    ENDED_WITHOUT_REPORT = "period-slut"


class Project(Revisioned):
    """A funded activity (insats): what the förbund pays for, and what it should achieve."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individ", _("Individinriktad")
        STRUCTURAL = "struktur", _("Strukturinriktad")
        BOTH = "bada", _("Individ- och strukturinriktad")

    class Status(models.TextChoices):
        IDEA = "ide", _("Idé")
        APPLIED = "ansokan", _("Ansökan")
        GRANTED = "beviljad", _("Beviljad")
        RUNNING = "pagaende", _("Pågående")
        FINISHED = "avslutad", _("Avslutad")
        REJECTED = "avslagen", _("Avslagen")

    # The moves a project may make; anything else is refused (avslutad → ansökan, …).
    TRANSITIONS = {
        Status.IDEA: (Status.APPLIED, Status.REJECTED),
        Status.APPLIED: (Status.GRANTED, Status.REJECTED),
        Status.GRANTED: (Status.RUNNING,),
        Status.RUNNING: (Status.FINISHED,),
        Status.FINISHED: (),
        Status.REJECTED: (),
    }
    # Granting and rejecting are the board's decisions: they need the meeting that took them.
    BOARD_DECISIONS = (Status.GRANTED, Status.REJECTED)
    FUNDED_STATUSES = (Status.GRANTED, Status.RUNNING, Status.FINISHED)
    # Funded and not yet marked finished: the statuses the calendar and a slutrapport overtake (state_on).
    OPEN_STATUSES = (Status.GRANTED, Status.RUNNING)

    name = models.CharField(_("namn"), max_length=200)
    short_description = models.TextField(
        _("kort beskrivning"), max_length=2000, blank=True, help_text=_("Några meningar. Markdown går att använda.")
    )
    description = models.TextField(
        _("beskrivning"),
        max_length=20000,
        blank=True,
        help_text=_("Den utförliga beskrivningen. Markdown går att använda."),
    )
    kind = models.CharField(_("inriktning"), max_length=10, choices=Kind.choices, default=Kind.INDIVIDUAL)
    owned_by_forbund = models.BooleanField(
        _("ägs av förbundet"),
        default=False,
        help_text=_("Projektet ägs av samordningsförbundet självt, inte av en medlem."),
    )
    participants = models.ManyToManyField(
        Member,
        verbose_name=_("deltagande medlemmar"),
        related_name="participating_projects",
        blank=True,
        help_text=_("En individinriktad insats ska involvera minst två medlemmar, ägare och deltagare tillsammans."),
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("målgrupper"), related_name="projects", blank=True
    )
    # A month or a year given as a period's start is stored as its first day, as an end as its
    # last day, so that every date query (active_in) works; the precision says how to show it.
    starts_on = models.DateField(_("startdatum"), null=True, blank=True, validators=[DateInRange()])
    starts_precision = models.CharField(
        _("start anges som"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    ends_on = models.DateField(_("slutdatum"), null=True, blank=True, validators=[DateInRange()])
    ends_precision = models.CharField(
        _("slut anges som"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    period_note = models.CharField(
        _("period i text"),
        max_length=200,
        blank=True,
        help_text=_("Som planen skriver det när datum saknas: ”beräknas starta under våren 2019”."),
    )
    leader = models.ForeignKey(
        Person,
        verbose_name=_("projektledare"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_projects",
    )
    follow_up_national = models.BooleanField(
        _("Uppföljning Finsam (SUS)"), default=True, help_text=_("Det nationella uppföljningssystemet.")
    )
    follow_up_indicators = models.BooleanField(_("Indikatorer"), default=False)
    follow_up_external = models.BooleanField(_("Extern utvärdering"), default=False)
    follow_up_text = models.TextField(_("uppföljning och utvärdering"), max_length=5000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.IDEA, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    history = tracked(verbose_name=_("historik för insats"))

    class Meta:
        verbose_name = _("insats")
        verbose_name_plural = _("insatser")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="project_period_ordered",
                violation_error_message=_("Slutdatumet kan inte ligga före startdatumet."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"project_id": self.pk})

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {
                    "ends_on": _("Perioden slutar (%(end)s) innan den börjar (%(start)s).")
                    % {"end": self.end_label, "start": self.start_label}
                }
            )

    @property
    def start_label(self) -> str:
        """Return the start as it was given: "2018-01-01", "oktober 2018", "2019"; "" when not given."""
        return period_point_label(self.starts_on, self.starts_precision)

    @property
    def end_label(self) -> str:
        """Return the end as it was given: "2018-12-31", "mars 2020", "2020"; "" when not given."""
        return period_point_label(self.ends_on, self.ends_precision)

    def period_label(self, sep: str = " – ") -> str:
        """Return the period as written: "oktober 2018 – mars 2020", "2016 – …", or the note when no day is given."""
        if not self.starts_on and not self.ends_on:
            return self.period_note
        if self.starts_on and self.start_label == self.end_label:  # "2019", "oktober 2018": one month or year
            text = self.start_label
        else:
            text = f"{self.start_label or '…'}{sep}{self.end_label or '…'}"
        return f"{text} ({self.period_note})" if self.period_note else text

    @property
    def owners_in_order(self) -> list["ProjectOwner"]:
        """Return the owner rows by position (prefetched rows are used as fetched)."""
        return sorted(self.owner_rows.all(), key=lambda row: (row.position, row.pk or 0))

    @property
    def owner_label(self) -> str:
        """Return the owner as the plans write it.

        "Vuxenpsykiatrin, Region Örebro län"; "Region Örebro län och Nora kommun gemensamt";
        "Samordningsförbundet SOFINT" (the förbund's own name); "" when no owner is given.
        """
        if self.owned_by_forbund:
            name = getattr(self, "forbund_name", None)
            if name is None:
                organisation = Organisation.objects.current()
                name = organisation.name if organisation else str(_("förbundet"))
            return name
        labels = [row.label for row in self.owners_in_order]
        if len(labels) <= 1:
            return "".join(labels)
        return _("%(first)s och %(last)s gemensamt") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}

    @property
    def taking_part(self) -> list[Member]:
        """Return the members who take part: the owners' members and the participants, each once, owners first."""
        members = {}
        for row in self.owners_in_order:
            members.setdefault(row.member_id, row.member)
        for member in self.participants.all():
            members.setdefault(member.pk, member)
        return list(members.values())

    @property
    def member_warning(self) -> str:
        """Return why an individinriktad insats falls short of the two-member rule, or "" when it does not.

        The rule (at least two members take part) is a warning, never a refusal: a plan
        that names one owning unit is entered as it is written, and the page says why it
        should be looked at.
        """
        if self.kind not in (Project.Kind.INDIVIDUAL, Project.Kind.BOTH):
            return ""
        members = self.taking_part
        if len(members) >= 2:
            return ""
        if members:
            named = _("bara en medlem (%(member)s)") % {"member": members[0].name}
        else:
            named = _("ingen medlem")
        return _(
            "%(kind)s insats ska enligt lagen om finansiell samordning involvera minst två medlemmar; "
            "insatsen nämner %(named)s. Ange de deltagande medlemmarna när de är kända."
        ) % {"kind": Project.Kind(self.kind).label, "named": named}

    def _final_report_day(self) -> datetime.date | None:
        """Return the day of the first slutrapport (see ProjectQuerySet.with_final_report), None without one."""
        if hasattr(self, "final_report_on"):  # annotated
            return self.final_report_on
        if "reports" in getattr(self, "_prefetched_objects_cache", {}):
            finals = sorted(
                (report for report in self.reports.all() if report.kind == FollowUpReport.Kind.FINAL),
                key=lambda report: (report.period_end, report.pk),
            )
        else:
            finals = self.reports.filter(kind=FollowUpReport.Kind.FINAL).select_related("meeting")
            finals = list(finals.order_by("period_end", "pk"))
        if not finals:
            return None
        first = finals[0]
        return first.meeting.starts_on if first.meeting_id else timezone.localdate(first.recorded_at)

    def state_on(self, today: datetime.date) -> ProjectState:
        """Return the status to show on `today`; the stored status is never changed by it.

        A granted or running project with a slutrapport shows "Avslutad (slutrapport
        2019-02-12)"; one whose period has ended without it "Avslutad (period slut
        2018-12-31)", the end as it was given ("december 2018" for a month). Every other
        status shows as stored. Setting the status to Avslutad stays the förbund's move.
        """
        if self.status in self.OPEN_STATUSES:
            reported_on = self._final_report_day()
            if reported_on is not None and reported_on <= today:  # a document dated before the report: not yet
                label = _("Avslutad (slutrapport %(date)s)") % {"date": isodate(reported_on)}
                return ProjectState(self.Status.FINISHED, label)
            if self.ends_on is not None and self.ends_on < today:
                label = _("Avslutad (period slut %(end)s)") % {"end": self.end_label}
                return ProjectState(ProjectState.ENDED_WITHOUT_REPORT, label, awaits_final_report=True)
        return ProjectState(self.status, str(self.get_status_display()))

    @property
    def state(self) -> ProjectState:
        """Return the status to show today (timezone.localdate(), the förbund's day)."""
        return self.state_on(timezone.localdate())

    @property
    def state_label(self) -> str:
        return self.state.label

    def allowed_moves(self) -> tuple[str, ...]:
        return self.TRANSITIONS[self.Status(self.status)]

    @classmethod
    def later_statuses(cls, status: str) -> set[str]:
        """Return every status a project with `status` can reach, by one move or several."""
        reached, todo = set(), list(cls.TRANSITIONS[cls.Status(status)])
        while todo:
            step = todo.pop()
            if step not in reached:
                reached.add(step)
                todo.extend(cls.TRANSITIONS[cls.Status(step)])
        return reached

    @classmethod
    def earlier_statuses(cls, status: str) -> list[str]:
        """Return the statuses a project can have had before `status`, in the order of the life cycle."""
        return [value for value in cls.Status.values if status in cls.later_statuses(value)]

    @property
    def follow_up_methods(self) -> list[str]:
        """Return the follow-up methods ticked, as labels."""
        ticked = [
            (self.follow_up_national, Project._meta.get_field("follow_up_national").verbose_name),
            (self.follow_up_indicators, Project._meta.get_field("follow_up_indicators").verbose_name),
            (self.follow_up_external, Project._meta.get_field("follow_up_external").verbose_name),
        ]
        return [str(label) for on, label in ticked if on]


class ProjectOwner(models.Model):
    """One owner of a project: a member, or a unit within it ("Vuxenpsykiatrin" within Region Örebro län).

    Several rows mean the members own it jointly; their order is the plan's.
    """

    project = models.ForeignKey(Project, verbose_name=_("insats"), on_delete=models.CASCADE, related_name="owner_rows")
    member = models.ForeignKey(
        Member, verbose_name=_("medlem"), on_delete=models.PROTECT, related_name="project_ownerships"
    )
    unit = models.CharField(
        _("enhet"),
        max_length=200,
        blank=True,
        help_text=_("En enhet inom medlemmen, om planen nämner den: ”Vuxenpsykiatrin”, ”Vårdcentralen i Nora”."),
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=1, validators=[MaxValueValidator(MAX_POSITION)])

    history = tracked(verbose_name=_("historik för insatsens ägare"))

    class Meta:
        verbose_name = _("ägare")
        verbose_name_plural = _("ägare")
        ordering = ["project", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "member", "unit"],
                name="projectowner_unique_owner",
                violation_error_message=_("Samma ägare är angiven två gånger."),
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """Return "Vuxenpsykiatrin, Region Örebro län", or the member's name when no unit is given."""
        return f"{self.unit}, {self.member.name}" if self.unit else self.member.name


class ProjectYear(models.Model):
    """Money granted to a project for one year, with what it spent and the participants it planned for."""

    project = models.ForeignKey(Project, verbose_name=_("insats"), on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("år"), validators=[YearInRange()])
    granted = models.PositiveIntegerField(
        _("beviljat (kr)"), default=0, help_text=_("Hela kronor."), validators=[MaxValueValidator(MAX_KRONOR)]
    )
    spent = models.PositiveIntegerField(
        _("utfall (kr)"),
        null=True,
        blank=True,
        help_text=_("Vad insatsen kostade året, när det är känt."),
        validators=[MaxValueValidator(MAX_KRONOR)],
    )
    planned_women = models.PositiveIntegerField(
        _("planerade deltagare, kvinnor"), null=True, blank=True, validators=[MaxValueValidator(MAX_PARTICIPANTS)]
    )
    planned_men = models.PositiveIntegerField(
        _("planerade deltagare, män"), null=True, blank=True, validators=[MaxValueValidator(MAX_PARTICIPANTS)]
    )
    decided_on = models.DateField(
        _("beslutsdatum"), null=True, blank=True, validators=[DateInRange()], help_text=_("När medlen beviljades.")
    )
    decision_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("beslut vid styrelsemöte"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_grants",
        limit_choices_to=BOARD_MEETINGS,
    )
    decision_reference = models.CharField(
        _("beslutshänvisning"),
        max_length=200,
        blank=True,
        help_text=_("När mötet inte finns i sofint: ”Styrelsebeslut 2017-05-12 § 4”."),
    )

    history = tracked(verbose_name=_("historik för insatsens år"))

    class Meta:
        verbose_name = _("beviljade medel för ett år")
        verbose_name_plural = _("beviljade medel per år")
        ordering = ["project", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year"],
                name="projectyear_unique_year",
                violation_error_message=_("Insatsen har redan en rad för det året."),
            ),
        ]

    def __str__(self):
        return f"{self.project} {self.year}"

    def clean(self):
        errors = {}
        if self.decided_on and self.decided_on > timezone.localdate():
            errors["decided_on"] = _("Beslutsdatumet %(date)s ligger i framtiden.") % {"date": isodate(self.decided_on)}
        if self.decision_meeting_id and self.decision_meeting.kind.code != MeetingKind.BOARD:
            errors["decision_meeting"] = _("Välj ett styrelsemöte: beviljade medel beslutas av styrelsen.")
        if errors:
            raise ValidationError(errors)

    @property
    def decision_label(self) -> str:
        """Return the grant's decision as a line: "beslut 2017-05-12, Styrelsebeslut 2017-05-12 § 4"."""
        return decision_label(self.decided_on, self.decision_meeting, self.decision_reference)


def decision_label(decided_on, meeting, reference) -> str:
    """Return a decision's date and reference as the pages show it; "" when neither is known."""
    parts = []
    if meeting is not None:
        parts.append(_("styrelsemötet %(date)s") % {"date": isodate(meeting.starts_on)})
    if reference:
        parts.append(reference)
    when = isodate(decided_on) if decided_on and (meeting is None or meeting.starts_on != decided_on) else ""
    return ", ".join(([when] if when else []) + parts)


class StatusChange(models.Model):
    """One move of a project's status: who made it, when, and the board meeting that decided."""

    project = models.ForeignKey(
        Project, verbose_name=_("insats"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("från"), max_length=10, choices=Project.Status.choices, blank=True)
    to_status = models.CharField(_("till"), max_length=10, choices=Project.Status.choices)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("styrelsemöte"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_decisions",
        limit_choices_to=BOARD_MEETINGS,
    )
    decision_reference = models.CharField(
        _("beslutshänvisning"),
        max_length=200,
        blank=True,
        help_text=_("När mötet inte finns i sofint: ”Styrelsebeslut 2017-05-12 § 4”."),
    )
    note = models.CharField(_("anteckning"), max_length=300, blank=True)
    # The day the change took effect, as the user gave it (or the meeting's day); changed_at is
    # when it was entered in sofint. A history entered years later keeps both apart.
    decided_on = models.DateField(
        _("datum"), null=True, blank=True, validators=[DateInRange()], help_text=_("Tomt: datum okänt.")
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ändrad av"), on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("registrerad"))

    class Meta:
        verbose_name = _("statusändring")
        verbose_name_plural = _("statusändringar")
        ordering = ["project", "changed_at", "pk"]

    def __str__(self):
        return f"{self.project}: {self.get_from_status_display()} → {self.get_to_status_display()}"

    @property
    def decision_label(self) -> str:
        """Return the meeting or the free-text reference that decided the change; "" when none is given."""
        parts = []
        if self.meeting is not None:
            parts.append(_("beslut vid styrelsemötet %(date)s") % {"date": isodate(self.meeting.starts_on)})
        if self.decision_reference:
            parts.append(self.decision_reference)
        return ", ".join(parts)


def status_history_in_order(changes) -> list[StatusChange]:
    """Return status changes in the life cycle's order, which a valid history's order in time follows.

    A change whose day is unknown (a history entered from a plan that does not date it)
    still has its place: after the statuses before it, before those after it.
    """
    stage = {
        Project.Status.IDEA: 0,
        Project.Status.APPLIED: 1,
        Project.Status.GRANTED: 2,
        Project.Status.REJECTED: 2,
        Project.Status.RUNNING: 3,
        Project.Status.FINISHED: 4,
    }
    return sorted(changes, key=lambda change: (stage[change.to_status], change.changed_at, change.pk or 0))


class Goal(Revisioned):
    """A goal of a project, worded as the plan words it, with an optional measurable target."""

    class Term(models.TextChoices):
        SHORT = "kort", _("Kortsiktigt")
        LONG = "lang", _("Långsiktigt")

    project = models.ForeignKey(Project, verbose_name=_("insats"), on_delete=models.CASCADE, related_name="goals")
    term = models.CharField(_("sikt"), max_length=4, choices=Term.choices, default=Term.SHORT)
    text = models.TextField(_("mål"), max_length=2000, help_text=_("Så som planen formulerar målet."))
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    measure = models.CharField(_("mäts som"), max_length=10, choices=Measure.choices, blank=True)
    comparison = models.CharField(_("jämförelse"), max_length=10, choices=Comparison.choices, blank=True)
    target = models.DecimalField(
        _("målvärde"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    target_max = models.DecimalField(
        _("målvärde, övre gräns"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    per = models.CharField(_("per"), max_length=40, blank=True, help_text=_("Period eller enhet: kalenderår, coach."))
    due_on = models.DateField(
        _("ska vara uppnått"),
        null=True,
        blank=True,
        help_text=_("Lämna tomt för årsmål: då gäller årets slut."),
        validators=[DateInRange()],
    )

    history = tracked(verbose_name=_("historik för insatsens mål"))

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["project", "term", "order", "pk"]
        constraints = [
            *target_constraints("goal"),
        ]

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    def clean(self):
        # The constraints hold these too; here each says so on its field (the admin edits them one by one).
        if errors := target_field_errors(self):
            raise ValidationError(errors)

    @property
    def target_spec(self) -> Target | None:
        """Return the measurable target, or None when the goal is text only."""
        return target_of(self)

    @property
    def is_measurable(self) -> bool:
        return self.target_spec is not None

    def due_date(self, *, period_end: datetime.date) -> datetime.date:
        """Return the day the goal must be met: its own date, else the end of the reported year."""
        return self.due_on or datetime.date(period_end.year, 12, 31)

    def evaluate(self, result: "GoalResult | None") -> Attainment:
        """Return the attainment of this goal given its latest result (see projects.targets)."""
        target = self.target_spec
        if target is None:
            return Attainment.NOT_MEASURABLE
        if result is None or result.value is None:
            return Attainment.NO_DATA
        period_end = result.report.period_end
        return target.evaluate(result.value, due=period_end >= self.due_date(period_end=period_end))


class FollowUpReport(Revisioned):
    """A follow-up report on a project to the board: delrapport, helårsrapport or slutrapport."""

    class Kind(models.TextChoices):
        INTERIM = "del", _("Delrapport")
        ANNUAL = "helar", _("Helårsrapport")
        FINAL = "slut", _("Slutrapport")

    project = models.ForeignKey(Project, verbose_name=_("insats"), on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("typ"), max_length=6, choices=Kind.choices, default=Kind.INTERIM)
    period_start = models.DateField(_("perioden från"), validators=[DateInRange()])
    period_end = models.DateField(_("perioden till"), validators=[DateInRange()])
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("styrelsemöte"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_reports",
        limit_choices_to=BOARD_MEETINGS,
        help_text=_("Mötet där rapporten redovisades."),
    )
    participants_women = models.PositiveIntegerField(
        _("deltagare, kvinnor"), default=0, validators=[MaxValueValidator(MAX_PARTICIPANTS)]
    )
    participants_men = models.PositiveIntegerField(
        _("deltagare, män"), default=0, validators=[MaxValueValidator(MAX_PARTICIPANTS)]
    )
    narrative = models.TextField(
        _("redovisning"), max_length=20000, blank=True, help_text=_("Markdown går att använda.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("registrerad"), auto_now_add=True)

    class Meta:
        verbose_name = _("uppföljningsrapport")
        verbose_name_plural = _("uppföljningsrapporter")
        ordering = ["project", "period_end", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="followupreport_period_ordered",
                violation_error_message=_("Periodens slut kan inte ligga före dess början."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period_start.isoformat()}–{self.period_end.isoformat()}"

    def get_absolute_url(self):
        return reverse("projects:report", kwargs={"report_id": self.pk})

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("Periodens slut kan inte ligga före dess början.")})

    @property
    def participants_total(self) -> int:
        return self.participants_women + self.participants_men


class GoalResult(models.Model):
    """The value a report measured for one goal."""

    report = models.ForeignKey(
        FollowUpReport, verbose_name=_("rapport"), on_delete=models.CASCADE, related_name="results"
    )
    goal = models.ForeignKey(Goal, verbose_name=_("mål"), on_delete=models.CASCADE, related_name="results")
    value = models.DecimalField(_("uppmätt värde"), max_digits=12, decimal_places=2, null=True, blank=True)
    comment = models.CharField(_("kommentar"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("uppmätt värde")
        verbose_name_plural = _("uppmätta värden")
        ordering = ["report", "goal"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "goal"],
                name="goalresult_unique_goal",
                violation_error_message=_("Rapporten har redan ett värde för målet."),
            ),
        ]

    def __str__(self):
        return f"{self.goal}: {self.value_label}"

    @property
    def value_label(self) -> str:
        """Return the value with the goal's unit, the Swedish way: "33,5 %", "9 dagar", "18"."""
        if self.value is None:
            return ""
        value = self.value.normalize()
        text = format_number(value, decimals=max(0, -value.as_tuple().exponent))
        return text + {Measure.SHARE: "\u202f%", Measure.DAYS: " dagar"}.get(self.goal.measure, "")

    def clean(self):
        if self.goal_id and self.report_id and self.goal.project_id != self.report.project_id:
            raise ValidationError(_("Målet hör till en annan insats än rapporten."))
        if self.value is not None and self.value < Decimal(0):
            raise ValidationError({"value": _("Värdet kan inte vara negativt.")})
        if self.value is not None and self.goal_id and self.goal.measure == Measure.SHARE and self.value > 100:
            raise ValidationError({"value": _("En andel kan inte vara mer än 100 %.")})
