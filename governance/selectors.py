"""Reads for the governance pages, each in a fixed number of queries."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

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
    vacant = sum(1 for seat in seats if seat.is_vacant)
    if vacant:
        warnings.append(_("%(count)d plats(er) är vakanta.") % {"count": vacant})
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


def term_problems(*, year: int) -> list:
    """Placeholder until the next-term work lands (the lead replaces it on merging)."""
    return []
