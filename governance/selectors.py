"""Reads for the governance pages, each in a fixed number of queries."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.domain import date_range
from core.formatting import isodate, percent

from .models import Auditor, BoardSeat, MandatePeriod, Member, Organisation, PreparatoryGroupMembership, StaffPosition
from .terms import Term


@dataclass
class BoardRow:
    """One member's seats on the board: its ordinarie and its ersättare."""

    member: Member
    ordinary: list[BoardSeat] = field(default_factory=list)
    deputies: list[BoardSeat] = field(default_factory=list)


@dataclass
class Board:
    """The board for one term, member by member, with what breaks the rules."""

    period: MandatePeriod
    rows: list[BoardRow]
    chair: BoardSeat | None
    vice_chairs: list[BoardSeat]
    warnings: list[str]

    @property
    def ordinary(self) -> list[BoardSeat]:
        return [seat for row in self.rows for seat in row.ordinary]

    @property
    def deputies(self) -> list[BoardSeat]:
        return [seat for row in self.rows for seat in row.deputies]

    @property
    def seats(self) -> list[BoardSeat]:
        return [*self.ordinary, *self.deputies]

    @property
    def vacant_count(self) -> int:
        return sum(1 for seat in self.seats if seat.is_vacant)


def organisation_get() -> Organisation | None:
    return Organisation.objects.current()


def member_list(*, on: datetime.date | None = None) -> list[Member]:
    """Return the members, all of them or those that were members on `on`."""
    members = Member.objects.all()
    if on is not None:
        members = members.active(starts_on=on)
    return list(members)


def period_list() -> list[MandatePeriod]:
    return list(MandatePeriod.objects.all())


def period_for_date(day: datetime.date) -> MandatePeriod | None:
    """Return the stored term that `day` falls in, if it has been entered."""
    return MandatePeriod.objects.filter(starts_on__lte=day, ends_on__gte=day).first()


def period_default(*, today: datetime.date, having: str) -> MandatePeriod | None:
    """Return the current term if it has `having` ("seats", "auditors") entered, else the latest that has."""
    entered = MandatePeriod.objects.filter(**{f"{having}__isnull": False}).distinct()
    return entered.filter(starts_on__lte=today, ends_on__gte=today).first() or entered.first()


def board_get(*, period: MandatePeriod) -> Board:
    """Return the board of `period` with a row per member and warnings for broken rules."""
    seats = list(period.seats.select_related("member", "person"))
    members = Member.objects.active(starts_on=period.starts_on, ends_on=period.ends_on)
    rows = {member.pk: BoardRow(member) for member in members}
    for seat in seats:
        row = rows.setdefault(seat.member_id, BoardRow(seat.member))
        (row.ordinary if seat.kind == BoardSeat.Kind.ORDINARIE else row.deputies).append(seat)
    ordered = sorted(rows.values(), key=lambda row: (row.member.kind, row.member.name))

    warnings = []
    for row in ordered:
        if not row.ordinary:
            warnings.append(_("%(member)s har ingen ordinarie ledamot.") % {"member": row.member})
        if len(row.deputies) != len(row.ordinary):
            warnings.append(
                _("%(member)s har %(ordinary)d ordinarie men %(deputies)d ersättare; antalet ska vara lika.")
                % {"member": row.member, "ordinary": len(row.ordinary), "deputies": len(row.deputies)}
            )
    # Vacant seats are counted on the page of their own (Board.vacant_count), with where to fill them.
    chairs = [seat for seat in seats if seat.chair == BoardSeat.Chair.CHAIR]
    if not chairs and seats:
        warnings.append(_("Ingen ordförande är utsedd."))
    vice_chairs = [seat for seat in seats if seat.chair == BoardSeat.Chair.VICE_CHAIR]
    return Board(period, ordered, chairs[0] if chairs else None, vice_chairs, warnings)


def staff_list(*, on: datetime.date) -> list[StaffPosition]:
    """Return the office's posts that are filled on `on`."""
    return list(
        StaffPosition.objects.select_related("person", "employer").exclude(active_to__lt=on).exclude(active_from__gt=on)
    )


@dataclass(frozen=True)
class OfficeContact:
    """Whom the public may write to or call about the service: the office, through one of its posts."""

    position: StaffPosition
    email: str
    phone: str


def office_contact(*, on: datetime.date) -> OfficeContact | None:
    """Return the office's contact on `on`: the förbundschef's post, else the first post with an e-mail or phone.

    The accessibility statement names it (lagen 2018:1937 asks for a way to report
    shortcomings); None when no filled post has either.
    """
    posts = [post for post in staff_list(on=on) if post.person and (post.person.email or post.person.phone)]
    posts.sort(key=lambda post: (post.role != StaffPosition.Role.DIRECTOR, post.pk))
    if not posts:
        return None
    person = posts[0].person
    return OfficeContact(position=posts[0], email=person.email, phone=person.phone)


def auditor_list(*, period: MandatePeriod) -> list[Auditor]:
    return list(period.auditors.select_related("person", "appointed_by"))


def preparatory_group_list(*, on: datetime.date) -> list[PreparatoryGroupMembership]:
    return list(
        PreparatoryGroupMembership.objects.select_related("person", "member")
        .exclude(active_to__lt=on)
        .exclude(active_from__gt=on)
    )


@dataclass(frozen=True)
class YearTerm:
    """The board term that governs a year, as the verksamhetsplan for that year names it.

    `day` is the förbund's term start day in the year (1 January for SOFINT, 1 April by
    the national guidance); the term is the one running on that day, and `period` is that
    term as entered (None until it is).
    """

    organisation: Organisation | None
    day: datetime.date
    term: Term
    period: MandatePeriod | None


def term_of_year(*, year: int) -> YearTerm:
    """Return the board term that governs `year`: the one running on the förbund's term start day in it."""
    organisation = organisation_get()
    rules = organisation or Organisation()  # before the förbund is set up: the defaults, 1 January
    day = datetime.date(year, rules.term_start_month, rules.term_start_day)
    term = rules.term_for_date(day)
    period = MandatePeriod.objects.filter(election_year=term.election_year).first()
    return YearTerm(organisation=organisation, day=day, term=term, period=period)


def _overlapping_year(queryset, *, year: int):
    """Return the rows of `queryset` (with active_from/active_to) that are active some day of `year`."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return queryset.exclude(active_to__lt=first).exclude(active_from__gt=last)


@dataclass
class StaffRow:
    """One post in the office during a year: the same person in the same post, with its dated changes.

    `positions` are the post's successive rows (StaffPosition) that overlap the year, in
    date order: "80 % till och med 2019-06-30, därefter 60 %" is two rows.
    """

    positions: list[StaffPosition]
    year: int

    @property
    def position(self) -> StaffPosition:
        return self.positions[-1]

    @property
    def extent_label(self) -> str:
        """Return the post's extent in the year, as a plan writes it ("80 % till och med 2019-06-30, därefter 60 %")."""
        first, last = datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)
        parts = []
        for index, row in enumerate(self.positions):
            text = percent(row.percent_of_full_time)
            if index == 0 and row.active_from and row.active_from > first:
                text = _("%(extent)s från %(date)s") % {"extent": text, "date": isodate(row.active_from)}
            elif index > 0:
                previous = self.positions[index - 1].active_to
                follows = previous is not None and row.active_from == previous + datetime.timedelta(days=1)
                if follows or row.active_from is None:
                    text = _("därefter %(extent)s") % {"extent": text}
                else:
                    text = _("från %(date)s %(extent)s") % {"extent": text, "date": isodate(row.active_from)}
            if row.active_to and row.active_to < last:
                text = _("%(extent)s till och med %(date)s") % {"extent": text, "date": isodate(row.active_to)}
            parts.append(text)
        return ", ".join(parts)


def staff_for_year(*, year: int) -> list[StaffRow]:
    """Return every post in the office some day of `year`: one row per person and post, with its dated changes."""
    positions = _overlapping_year(StaffPosition.objects.select_related("person", "employer"), year=year)
    posts: dict[tuple, list[StaffRow]] = {}
    for position in sorted(positions, key=lambda p: (p.active_from or datetime.date.min, p.pk)):
        # The same person (or the same unnamed post) in the same post: a row that starts after the
        # last one ended is its change; one that overlaps it is a second post of its own.
        rows = posts.setdefault((position.role, position.title, position.person_id, position.employer_id), [])
        last = rows[-1].positions[-1] if rows else None
        follows = last is not None and last.active_to is not None and position.active_from is not None
        if follows and position.active_from > last.active_to:
            rows[-1].positions.append(position)
        else:
            rows.append(StaffRow([position], year))
    rows = [row for rows in posts.values() for row in rows]
    return sorted(rows, key=lambda row: (-max(p.percent_of_full_time for p in row.positions), row.position.pk))


def preparatory_group_for_year(*, year: int) -> list[PreparatoryGroupMembership]:
    """Return the members of the beredningsgrupp some day of `year`, member by member (one query)."""
    return list(_overlapping_year(PreparatoryGroupMembership.objects.select_related("person", "member"), year=year))


@dataclass(frozen=True)
class TermStatus:
    """How the latest entered term stands on `today`, and the term after it that can be created."""

    latest: MandatePeriod
    today: datetime.date
    next_term: Term | None  # None when it would end after the last year the app can show

    @property
    def has_ended(self) -> bool:
        return self.today > self.latest.ends_on

    @property
    def is_ending(self) -> bool:
        """Return True in the term's last year: the förbund prepares the next board before the new year."""
        start = self.latest.starts_on
        last_year_starts = datetime.date(start.year + 3, start.month, start.day)
        return not self.has_ended and self.today >= last_year_starts

    @property
    def message(self) -> str:
        values = {"period": self.latest, "end": isodate(self.latest.ends_on)}
        if self.has_ended:
            return _("Mandatperioden %(period)s har löpt ut (sista dagen var %(end)s).") % values
        if self.is_ending:
            return _("Mandatperioden %(period)s löper ut %(end)s.") % values
        return ""


def term_status(*, today: datetime.date, periods: list[MandatePeriod]) -> TermStatus | None:
    """Return how the latest of `periods` (newest first, as period_list gives them) stands on `today`."""
    if not periods:
        return None
    latest = periods[0]
    rules = organisation_get() or Organisation()
    next_term = rules.term_after_election(latest.election_year + 4)
    if next_term.ends_on > date_range()[1]:
        next_term = None
    return TermStatus(latest=latest, today=today, next_term=next_term)


@dataclass(frozen=True)
class SeatPlanRow:
    """A member's seats in a term about to be created: as many as in the last term, all vacant."""

    member: Member
    ordinary: int
    deputies: int

    @property
    def ordinary_seats(self) -> range:
        return range(self.ordinary)

    @property
    def deputy_seats(self) -> range:
        return range(self.deputies)


@dataclass(frozen=True)
class NextTermPlan:
    """What creating the term after `election_year`'s election makes: its dates and its vacant seats.

    The seats are the last entered term's, member by member, with nobody in them and no chair:
    the members appoint their people anew and the board elects its chair. Members no longer
    members on the new term's first day get none (`skipped`).
    """

    term: Term
    previous: MandatePeriod | None
    rows: list[SeatPlanRow]
    skipped: list[Member]

    @property
    def seat_count(self) -> int:
        return sum(row.ordinary + row.deputies for row in self.rows)


def _period_before(*, election_year: int) -> MandatePeriod | None:
    """Return the last term entered before the one after `election_year`'s election."""
    return MandatePeriod.objects.filter(election_year__lt=election_year).order_by("-election_year").first()


def next_term_plan(*, organisation: Organisation, election_year: int) -> NextTermPlan:
    """Return the term after `election_year`'s election and the vacant seats it would get (three queries)."""
    term = organisation.term_after_election(election_year)
    previous = _period_before(election_year=election_year)
    if previous is None:
        return NextTermPlan(term=term, previous=None, rows=[], skipped=[])
    active = set(Member.objects.active(starts_on=term.starts_on).values_list("pk", flat=True))
    counts: dict[int, list] = {}
    for seat in previous.seats.select_related("member"):
        row = counts.setdefault(seat.member_id, [seat.member, 0, 0])
        row[1 if seat.kind == BoardSeat.Kind.ORDINARIE else 2] += 1
    ordered = sorted(counts.values(), key=lambda row: (row[0].kind, row[0].name))
    return NextTermPlan(
        term=term,
        previous=previous,
        rows=[SeatPlanRow(member, ordinary, deputies) for member, ordinary, deputies in ordered if member.pk in active],
        skipped=[member for member, _ordinary, _deputies in ordered if member.pk not in active],
    )


def term_missing(*, year_term: YearTerm, years: Iterable[int] = ()) -> str:
    """Say which term is missing for a plan and what the last entered one did (one query).

    "Ingen mandatperiod omfattar 2019: mandatperioden 2015–2018 löpte ut 2018-12-31.
    Skapa mandatperioden 2019–2022 under Styrelse." The years named are those of `years`
    (a plan's years) that the missing term governs, so that a plan of several years under
    one term says it once; without `years`, the year of `year_term`.
    """
    rules = year_term.organisation or Organisation()
    governed = [
        year
        for year in years
        if rules.term_for_date(datetime.date(year, rules.term_start_month, rules.term_start_day)) == year_term.term
    ] or [year_term.day.year]
    label = str(governed[0]) if len(governed) == 1 else f"{governed[0]}–{governed[-1]}"
    previous = _period_before(election_year=year_term.term.election_year)
    text = _("Ingen mandatperiod omfattar %(years)s") % {"years": label}
    if previous is not None and previous.ends_on < year_term.day:
        text += _(": mandatperioden %(period)s löpte ut %(end)s.") % {
            "period": previous,
            "end": isodate(previous.ends_on),
        }
    else:
        text += "."
    return text + " " + _("Skapa mandatperioden %(term)s under Styrelse.") % {"term": year_term.term}


@dataclass(frozen=True)
class TermProblem:
    """Something missing in the board for a plan year: what, how many, and the page where it is fixed."""

    message: str
    count: int
    url: str


def term_problems(*, year: int) -> list[TermProblem]:
    """Return what keeps the plan for `year` from naming its board: no term covering it, vacant seats.

    Four queries at most, whatever the size of the board.
    """
    year_term = term_of_year(year=year)
    period = year_term.period
    if period is None:
        url = reverse("governance:term_create", kwargs={"election_year": year_term.term.election_year})
        return [TermProblem(message=term_missing(year_term=year_term), count=1, url=url)]
    url = reverse("admin:governance_mandateperiod_change", args=[period.pk])
    seats = list(period.seats.select_related("member"))
    if not seats:
        message = _("Mandatperioden %(period)s har inga styrelseplatser inlagda.") % {"period": period}
        return [TermProblem(message=message, count=1, url=url)]
    vacant = [seat for seat in seats if seat.is_vacant]
    if not vacant:
        return []
    per_member: dict[int, list] = {}
    for seat in vacant:
        per_member.setdefault(seat.member_id, [seat.member, 0])[1] += 1
    members = sorted(per_member.values(), key=lambda row: (row[0].kind, row[0].name))
    message = ngettext(
        "I mandatperioden %(period)s är %(count)d plats vakant: %(members)s. Fyll i den under Ändra styrelsen.",
        "I mandatperioden %(period)s är %(count)d platser vakanta: %(members)s. Fyll i dem under Ändra styrelsen.",
        len(vacant),
    ) % {
        "period": period,
        "count": len(vacant),
        "members": ", ".join(f"{member} ({count})" for member, count in members),
    }
    return [TermProblem(message=message, count=len(vacant), url=url)]
