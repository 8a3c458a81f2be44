"""Writes and cross-row rules for governance."""

from collections import Counter
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import BoardSeat, MandatePeriod, Organisation


@transaction.atomic
def mandate_period_create(*, organisation: Organisation, election_year: int) -> MandatePeriod:
    """Create and save the board term after `election_year`, dated by the förbund's start day."""
    period = MandatePeriod(election_year=election_year)
    period.full_clean(exclude=["starts_on", "ends_on"])
    term = organisation.term_after_election(election_year)
    period.starts_on, period.ends_on = term.starts_on, term.ends_on
    period.save()
    return period


def board_seats_validate(seats: Iterable[BoardSeat]) -> None:
    """Refuse a board whose seats break the rules across seats of one term.

    One chair, at most two vice chairs, and a person in at most one seat. The
    database enforces the first and last too; checking here gives one clear message
    for a whole form instead of an error on save.
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
