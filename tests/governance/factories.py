"""Factories for the förbund, its members, people, terms, seats, office, audit and beredningsgrupp."""

import factory

from governance.models import (
    Auditor,
    BoardSeat,
    MandatePeriod,
    Member,
    Organisation,
    Person,
    PreparatoryGroupMembership,
    StaffPosition,
)
from governance.terms import term_after_election


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = "Samordningsförbundet Test"
    short_name = "Test"
    org_number = "802400-1235"


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"Testkommun {n}")
    kind = Member.Kind.KOMMUN


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")


class MandatePeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MandatePeriod
        django_get_or_create = ["election_year"]

    election_year = 2018
    starts_on = factory.LazyAttribute(
        lambda o: term_after_election(o.election_year, start_month=1, start_day=1).starts_on
    )
    ends_on = factory.LazyAttribute(lambda o: term_after_election(o.election_year, start_month=1, start_day=1).ends_on)


class BoardSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardSeat

    period = factory.SubFactory(MandatePeriodFactory)
    member = factory.SubFactory(MemberFactory)
    kind = BoardSeat.Kind.ORDINARIE
    person = factory.SubFactory(PersonFactory)


class StaffPositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffPosition

    role = StaffPosition.Role.COORDINATOR
    percent_of_full_time = 50
    employer = factory.SubFactory(MemberFactory)
    person = factory.SubFactory(PersonFactory)


class AuditorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Auditor

    period = factory.SubFactory(MandatePeriodFactory)
    kind = Auditor.Kind.LAY
    appointed_by = factory.SubFactory(MemberFactory)
    person = factory.SubFactory(PersonFactory)


class PreparatoryGroupMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PreparatoryGroupMembership

    person = factory.SubFactory(PersonFactory)
    member = factory.SubFactory(MemberFactory)
    title = "Enhetschef"


def grow_governance(*, factor: int) -> None:
    """Add (factor - 1) times the demo's governance data, so pages hold `factor` times as much.

    Every copy hangs on the demo's periods, so the board and office pages show it all.
    """
    periods = list(MandatePeriod.objects.all())
    for copy in range(1, factor):
        for _ in range(7):
            member = MemberFactory(name=f"Kopia {copy} kommun {_}")
            for period in periods:
                BoardSeatFactory(period=period, member=member, kind=BoardSeat.Kind.ORDINARIE)
                BoardSeatFactory(period=period, member=member, kind=BoardSeat.Kind.ERSATTARE, person=None)
                AuditorFactory(period=period, appointed_by=member)
            PreparatoryGroupMembershipFactory(member=member)
        StaffPositionFactory(percent_of_full_time=10)
        StaffPositionFactory(percent_of_full_time=20)
