"""Writes and cross-row rules for governance."""

from collections import Counter
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import formatting
from core.domain import date_range
from core.history import bulk_create_with_changes
from core.models import AuditEvent
from core.services import audit_record

from . import selectors
from .models import Auditor, BoardSeat, MandatePeriod, Organisation


def mandate_period_create_refusal(*, organisation: Organisation, election_year: int) -> str | None:
    """Return why the term after `election_year`'s election may not be created, or None when it may.

    `election_year` must be an election year. A term is refused when it exists, when it
    would end after the last year the app can show, and when its dates, from the förbund's
    start day, overlap a term already entered (the start day was changed in between).
    """
    term = organisation.term_after_election(election_year)
    existing = MandatePeriod.objects.filter(election_year=election_year).first()
    if existing is not None:
        return _("Mandatperioden %(period)s (efter valet %(year)s) finns redan; ingenting har ändrats.") % {
            "period": existing,
            "year": election_year,
        }
    last_day = date_range()[1]
    if term.ends_on > last_day:
        # The term's last day is a date the pages, the plan and the calendar must be able to show.
        return _("Mandatperioden efter valet %(year)s skulle sluta %(end)s, efter det sista året %(last)s.") % {
            "year": election_year,
            "end": formatting.isodate(term.ends_on),
            "last": last_day.year,
        }
    overlapping = MandatePeriod.objects.filter(starts_on__lte=term.ends_on, ends_on__gte=term.starts_on).first()
    if overlapping is not None:
        return _(
            "Mandatperioden %(term)s (%(start)s–%(end)s) skulle överlappa mandatperioden %(other)s, "
            "som varar %(other_start)s–%(other_end)s. Förbundets startdag för mandatperioden stämmer inte "
            "med den inlagda perioden: rätta startdagen under Förbundet först. Ingenting har ändrats."
        ) % {
            "term": term,
            "start": formatting.isodate(term.starts_on),
            "end": formatting.isodate(term.ends_on),
            "other": overlapping,
            "other_start": formatting.isodate(overlapping.starts_on),
            "other_end": formatting.isodate(overlapping.ends_on),
        }
    return None


@transaction.atomic
def mandate_period_create(
    *, organisation: Organisation, election_year: int, acting_user, copy_seats: bool = False
) -> MandatePeriod:
    """Create and save the board term after `election_year`, dated by the förbund's start day, and audit it.

    With `copy_seats`, the term gets the seats of the last term before it, member by member,
    all vacant and without chairs (selectors.next_term_plan says which); members that are no
    longer members on the term's first day get none.
    """
    # One term created at a time: two at once must not both pass the overlap check.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    period = MandatePeriod(election_year=election_year)
    period.full_clean(exclude=["starts_on", "ends_on"], validate_unique=False)
    refusal = mandate_period_create_refusal(organisation=organisation, election_year=election_year)
    if refusal:
        raise ValidationError({"election_year": refusal})
    term = organisation.term_after_election(election_year)
    period.starts_on, period.ends_on = term.starts_on, term.ends_on
    period.save()
    summary = _("Mandatperiod %(start)s–%(end)s, efter valet %(year)s") % {
        "start": formatting.isodate(period.starts_on),
        "end": formatting.isodate(period.ends_on),
        "year": election_year,
    }
    details = {
        "period": period.pk,
        "election_year": election_year,
        "starts_on": period.starts_on.isoformat(),
        "ends_on": period.ends_on.isoformat(),
    }
    if copy_seats:
        plan = selectors.next_term_plan(organisation=organisation, election_year=election_year)
        seats = [
            BoardSeat(period=period, member=row.member, kind=kind)
            for row in plan.rows
            for kind, count in ((BoardSeat.Kind.ORDINARIE, row.ordinary), (BoardSeat.Kind.ERSATTARE, row.deputies))
            for _seat in range(count)
        ]
        bulk_create_with_changes(seats, BoardSeat, acting_user=acting_user)
        if plan.previous is not None:
            summary += ngettext(
                ", med %(count)d vakant plats efter mandatperioden %(previous)s",
                ", med %(count)d vakanta platser efter mandatperioden %(previous)s",
                len(seats),
            ) % {
                "count": len(seats),
                "previous": plan.previous,
            }
        details.update(
            copied_from=plan.previous.pk if plan.previous else None,
            vacant_seats=len(seats),
            members_skipped=[member.name for member in plan.skipped],
        )
    audit_record(acting_user=acting_user, action=AuditEvent.Action.TERM_CREATED, summary=summary, details=details)
    return period


def board_seats_validate(seats: Iterable[BoardSeat]) -> None:
    """Refuse a board whose seats break the rules across seats of one term.

    One chair, at most two vice chairs, and a person in at most one seat. The
    database enforces the first and last too; checking here gives one clear message
    for a whole board instead of an error on save.
    """
    seats = list(seats)
    errors = []
    chairs = Counter(seat.chair for seat in seats if seat.chair)
    if chairs[BoardSeat.Chair.CHAIR] > 1:
        errors.append(_("Styrelsen kan bara ha en ordförande per mandatperiod."))
    if chairs[BoardSeat.Chair.VICE_CHAIR] > 2:
        errors.append(_("Styrelsen kan ha högst två vice ordförande."))
    people = Counter(seat.person_id for seat in seats if seat.person_id)
    doubles = sorted(str(seat.person) for seat in seats if seat.person_id and people[seat.person_id] > 1)
    if doubles:
        errors.append(
            _("En person kan bara ha en plats i styrelsen per mandatperiod: %(names)s.")
            % {"names": ", ".join(sorted(set(doubles)))}
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def board_seats_save(
    *,
    period: MandatePeriod,
    seats: Iterable[BoardSeat],
    removed: Iterable[BoardSeat] = (),
    acting_user=None,
) -> list[BoardSeat]:
    """Save and delete seats of one term at once, refusing a board that breaks the rules across seats.

    The rules are checked on the board as it will be: the stored seats of the term,
    with `seats` saved over them and `removed` taken away.
    """
    # Lock the term: two boards saved at once must not both pass the check.
    period = MandatePeriod.objects.select_for_update().get(pk=period.pk)
    seats, removed = list(seats), list(removed)
    for seat in seats:
        if seat.period_id != period.pk:
            raise ValueError(f"{seat!r} belongs to another term than {period!r}")
    gone = {seat.pk for seat in removed}
    sent = {seat.pk: seat for seat in seats if seat.pk is not None}
    stored = [sent.pop(seat.pk, seat) for seat in period.seats.select_related("person") if seat.pk not in gone]
    board_seats_validate([*stored, *sent.values(), *(seat for seat in seats if seat.pk is None)])
    for seat in removed:
        seat.delete()
    # Seats without a chair first, so that handing the chair from one seat to another never
    # holds two chairs at once (the database allows one).
    for seat in sorted(seats, key=lambda seat: seat.chair != BoardSeat.Chair.NONE):
        seat.full_clean()
        seat.save()
    return seats


def board_seat_save(*, seat: BoardSeat, acting_user=None) -> BoardSeat:
    """Save one seat, refusing it when it breaks the rules across the seats of its term."""
    board_seats_save(period=seat.period, seats=[seat], acting_user=acting_user)
    return seat


def mandate_period_delete_refusal(period: MandatePeriod) -> str | None:
    """Return why `period` may not be deleted (seats or auditors hang on it), or None when it may."""
    if BoardSeat.objects.filter(period=period).exists() or Auditor.objects.filter(period=period).exists():
        return _(
            "Mandatperioden %(period)s har styrelseplatser eller revisorer och kan inte tas bort. "
            "Ändra eller ta bort dem först."
        ) % {"period": period}
    return None


@transaction.atomic
def mandate_period_delete(*, period: MandatePeriod, acting_user) -> None:
    """Delete a term entered by mistake, and audit it; refused once seats or auditors hang on it.

    A term with its board filled in is the record of who governed: it is corrected seat by
    seat, never removed with its seats.
    """
    period = MandatePeriod.objects.select_for_update().filter(pk=period.pk).first()
    if period is None:
        return
    refusal = mandate_period_delete_refusal(period)
    if refusal:
        raise ValidationError(refusal, code="protected")
    summary = _("Mandatperiod %(period)s (valet %(year)s) borttagen") % {
        "period": period,
        "year": period.election_year,
    }
    details = {"period": period.pk, "election_year": period.election_year}
    period.delete()
    audit_record(acting_user=acting_user, action=AuditEvent.Action.TERM_DELETED, summary=summary, details=details)
