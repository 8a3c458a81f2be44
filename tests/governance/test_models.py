"""Rules about seats, terms, members and auditors, as the database and clean() enforce them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from governance.models import Auditor, BoardSeat, MandatePeriod, Member, Organisation
from governance.selectors import board_get
from governance.services import board_seats_validate, mandate_period_create
from tests.governance.factories import (
    AuditorFactory,
    BoardSeatFactory,
    MandatePeriodFactory,
    MemberFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def test_a_person_holds_one_seat_per_period():
    seat = BoardSeatFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        BoardSeatFactory(period=seat.period, person=seat.person, kind=BoardSeat.Kind.ERSATTARE)
    # … but may sit again in the next term.
    BoardSeatFactory(period=MandatePeriodFactory(election_year=2022), person=seat.person)


def test_one_chair_per_period():
    first = BoardSeatFactory(chair=BoardSeat.Chair.CHAIR)
    with pytest.raises(IntegrityError), transaction.atomic():
        BoardSeatFactory(period=first.period, chair=BoardSeat.Chair.CHAIR)


def test_vacant_seats_are_many_and_allowed():
    period = MandatePeriodFactory()
    member = MemberFactory()
    BoardSeatFactory(period=period, member=member, person=None, kind=BoardSeat.Kind.ERSATTARE)
    BoardSeatFactory(period=period, member=MemberFactory(), person=None, kind=BoardSeat.Kind.ERSATTARE)
    vacant = BoardSeat.objects.filter(period=period, person__isnull=True)
    assert vacant.count() == 2
    assert vacant.first().holder_name == "Vakant"


def test_chair_must_be_an_ordinary_member_not_vacant():
    seat = BoardSeat(
        period=MandatePeriodFactory(),
        member=MemberFactory(),
        kind=BoardSeat.Kind.ERSATTARE,
        person=PersonFactory(),
        chair=BoardSeat.Chair.VICE_CHAIR,
    )
    with pytest.raises(ValidationError) as error:
        seat.full_clean()
    assert "måste vara ordinarie ledamöter" in str(error.value)


def test_board_rules_across_seats():
    period = MandatePeriodFactory()
    person = PersonFactory(name="Anna Andersson")
    seats = [
        BoardSeat(period=period, member=MemberFactory(), person=PersonFactory(), chair=BoardSeat.Chair.VICE_CHAIR)
        for _ in range(3)
    ] + [
        BoardSeat(period=period, member=MemberFactory(), person=person),
        BoardSeat(period=period, member=MemberFactory(), person=person),
    ]
    with pytest.raises(ValidationError) as error:
        board_seats_validate(seats)
    assert error.value.messages == [
        "Styrelsen kan ha högst två vice ordförande.",
        "En person kan bara ha en plats i styrelsen per mandatperiod: Anna Andersson.",
    ]
    board_seats_validate(seats[1:4])  # two vice chairs and distinct people are fine


def test_board_warns_when_a_member_lacks_seats(demo):
    period = MandatePeriod.objects.get(election_year=2014)
    board = board_get(period=period)
    assert [row.member.name for row in board.rows][:3] == [
        "Försäkringskassan",
        "Arbetsförmedlingen",
        "Region Örebro län",
    ]
    assert len(board.ordinary) == 7 and len(board.deputies) == 7
    assert board.vacant_count == 1 and len(board.seats) == 14
    assert "Ingen ordförande är utsedd." in board.warnings

    BoardSeat.objects.filter(member__name="Nora kommun", kind=BoardSeat.Kind.ERSATTARE).delete()
    BoardSeat.objects.filter(member__name="Hällefors kommun").delete()
    warnings = board_get(period=period).warnings
    assert "Nora kommun har 1 ordinarie men 0 ersättare; antalet ska vara lika." in warnings
    assert "Hällefors kommun har ingen ordinarie ledamot." in warnings


def test_members_who_left_are_not_on_a_later_board(demo):
    Member.objects.filter(name="Nora kommun").update(active_to=datetime.date(2010, 12, 31))
    BoardSeat.objects.filter(member__name="Nora kommun").delete()
    board = board_get(period=MandatePeriod.objects.get(election_year=2014))
    assert "Nora kommun" not in [row.member.name for row in board.rows]


def test_mandate_period_dates_come_from_the_organisation():
    organisation = OrganisationFactory(term_start_month=4, term_start_day=1)
    period = mandate_period_create(organisation=organisation, election_year=2022, acting_user=None)
    assert (period.starts_on, period.ends_on) == (datetime.date(2023, 4, 1), datetime.date(2027, 3, 31))
    assert str(period) == "2023–2027"


def test_mandate_period_needs_an_election_year():
    with pytest.raises(ValidationError) as error:
        mandate_period_create(organisation=OrganisationFactory(), election_year=2021, acting_user=None)
    assert "2021 är inget valår" in str(error.value)
    assert not MandatePeriod.objects.filter(election_year=2021).exists()


def test_term_start_day_must_exist_every_year():
    organisation = Organisation(
        name="X", short_name="X", org_number="222000-1818", term_start_month=2, term_start_day=29
    )
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "finns varje år" in str(error.value)


def test_lay_auditor_needs_an_appointing_body():
    auditor = Auditor(period=MandatePeriodFactory(), kind=Auditor.Kind.LAY)
    with pytest.raises(ValidationError):
        auditor.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditorFactory(appointed_by_state_jointly=True)


def test_demo_governance_is_the_seed(demo):
    assert Member.objects.count() == 7
    assert Organisation.objects.current().org_number == "222000-1818"
    period = MandatePeriod.objects.get(election_year=2014)
    assert period.seats.filter(kind="ordinarie", person__isnull=False).count() == 7
    assert period.seats.filter(kind="ersattare", person__isnull=False).count() == 6
    assert period.seats.get(kind="ersattare", person__isnull=True).member.name == "Arbetsförmedlingen"
    assert period.auditors.filter(kind=Auditor.Kind.LAY).count() == 6
    assert period.auditors.filter(appointed_by_state_jointly=True).count() == 1


def test_the_organisation_number_may_wait_but_is_unique_when_given(demo):
    from django.core.exceptions import ValidationError

    from governance.models import Organisation

    Organisation(name="Utan nummer", short_name="UN", org_number="").full_clean()  # may wait
    taken = Organisation.objects.current().org_number
    with pytest.raises(ValidationError) as refused:
        Organisation(name="Samma nummer", short_name="SN", org_number=taken).full_clean()
    assert "Det finns redan ett förbund med det organisationsnumret." in str(refused.value)
