"""Writes and cross-row rules for governance."""

from collections import Counter
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import formatting
from core.domain import date_range
from core.models import AuditEvent
from core.services import audit_record

from .models import Auditor, BoardSeat, MandatePeriod, Organisation


@transaction.atomic
def mandate_period_create(*, organisation: Organisation, election_year: int, acting_user) -> MandatePeriod:
    """Create and save the board term after `election_year`, dated by the förbund's start day, and audit it."""
    period = MandatePeriod(election_year=election_year)
    period.full_clean(exclude=["starts_on", "ends_on"])
    term = organisation.term_after_election(election_year)
    last_day = date_range()[1]
    if term.ends_on > last_day:
        # The term's last day is a date the pages, the plan and the calendar must be able to show.
        raise ValidationError(
            {
                "election_year": _(
                    "Mandatperioden efter valet %(year)s skulle sluta %(end)s, efter det sista året %(last)s."
                )
                % {"year": election_year, "end": formatting.isodate(term.ends_on), "last": last_day.year}
            }
        )
    period.starts_on, period.ends_on = term.starts_on, term.ends_on
    period.save()
    audit_record(
        acting_user=acting_user,
        action=AuditEvent.Action.TERM_CREATED,
        summary=_("Mandatperiod %(start)s–%(end)s, efter valet %(year)s")
        % {
            "start": formatting.isodate(period.starts_on),
            "end": formatting.isodate(period.ends_on),
            "year": election_year,
        },
        details={
            "period": period.pk,
            "election_year": election_year,
            "starts_on": period.starts_on.isoformat(),
            "ends_on": period.ends_on.isoformat(),
        },
    )
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
