"""The next term: the board page says when a term ends, the next one is created with the seats vacant."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from governance.models import BoardSeat, MandatePeriod, Member, Organisation
from governance.selectors import TermProblem, term_problems
from governance.services import mandate_period_create
from plans.models import Plan
from plans.selectors import plan_document
from tests.governance.factories import BoardSeatFactory, MemberFactory, PersonFactory
from tests.growth import grow_all
from tests.helpers import STOCKHOLM

pytestmark = pytest.mark.django_db

CREATE = "/styrelse/2018/skapa/"


def _on(year, month, day):
    return time_machine.travel(datetime.datetime(year, month, day, 10, tzinfo=STOCKHOLM), tick=False)


def _seats(period) -> list[tuple[str, str, str | None, str]]:
    return [(seat.member.name, seat.kind, seat.person_id, seat.chair) for seat in period.seats.select_related("member")]


def _board_block(year: int) -> str:
    return _board_block_of(Plan.objects.get(first_year=year))


def _board_block_of(plan) -> str:
    [html] = [section.block_html for section in plan_document(plan).sections if section.title == "Styrelse"]
    return html


# The board page, before and after the term's end


def test_a_term_in_its_first_years_says_nothing_of_its_end(client_for):
    with _on(2016, 6, 1):
        page = client_for("forbundschef").get("/styrelse/").content.decode()
    assert 'id="term-status"' not in page
    assert "Skapa mandatperioden" not in page


def test_a_term_in_its_last_year_says_when_it_ends_and_offers_the_next(client_for):
    with _on(2018, 9, 1):
        page = client_for("forbundschef").get("/styrelse/").content.decode()
    assert "Mandatperioden 2015–2018 löper ut 2018-12-31." in page
    assert "har löpt ut" not in page
    assert f'href="{CREATE}">Skapa mandatperioden 2019–2022</a>' in page


def test_an_ended_term_says_so_plainly_and_offers_the_next(client_for):
    with _on(2019, 2, 1):
        page = client_for("forbundschef").get("/styrelse/").content.decode()
    assert "Mandatperioden 2015–2018 har löpt ut (sista dagen var 2018-12-31)." in page
    assert "Ingen ny mandatperiod är inlagd." in page
    assert f'href="{CREATE}">Skapa mandatperioden 2019–2022</a>' in page


@pytest.mark.parametrize("role", ["styrelse", "ekonom", "revisor"])
def test_only_those_who_change_governance_are_offered_the_next_term(role, client_for):
    with _on(2019, 2, 1):
        client = client_for(role)
        page = client.get("/styrelse/").content.decode()
        assert "Mandatperioden 2015–2018 har löpt ut" in page
        assert "Skapa mandatperioden" not in page
        assert client.get(CREATE).status_code == 403
        assert client.post(CREATE).status_code == 403
    assert not MandatePeriod.objects.filter(election_year=2018).exists()


# Creating the next term


def test_the_confirmation_shows_the_dates_and_the_seats_to_be_created(client_for):
    page = client_for("forbundschef").get(CREATE).content.decode()
    assert "<strong>2019-01-01 – 2022-12-31</strong>, räknat från förbundsordningens startdag den 1 januari" in page
    assert "Styrelsen 2019–2022: 14 platser, alla vakanta" in page
    assert page.count('<span class="vacant d-block">Vakant</span>') == 14
    assert "ordförande och vice ordförande kopieras inte" in page
    assert not MandatePeriod.objects.filter(election_year=2018).exists()  # GET changes nothing


def test_creating_the_next_term_copies_the_seats_vacant_without_chairs(client_for):
    old = MandatePeriod.objects.get(election_year=2014)
    first = old.seats.filter(kind="ordinarie", person__isnull=False).first()
    BoardSeat.objects.filter(pk=first.pk).update(chair=BoardSeat.Chair.CHAIR)
    nora = Member.objects.get(name="Nora kommun")
    BoardSeatFactory(period=old, member=nora, kind="ordinarie", person=PersonFactory())  # Nora: 2 ordinarie
    per_member = {}
    for seat in old.seats.select_related("member"):
        per_member.setdefault(seat.member.name, []).append(seat.kind)

    with _on(2019, 2, 1):
        client = client_for("forbundschef")
        response = client.post(CREATE, follow=True)

    new = MandatePeriod.objects.get(election_year=2018)
    assert (new.starts_on, new.ends_on) == (datetime.date(2019, 1, 1), datetime.date(2022, 12, 31))
    assert response.redirect_chain == [("/styrelse/2018/", 302)]
    page = response.content.decode()
    assert "Mandatperioden 2019–2022 är skapad med 15 vakanta platser. Fyll i vem som har varje plats." in page
    assert "15 platser av 15 är vakanta." in page
    assert f'href="/admin/governance/mandateperiod/{new.pk}/change/">Fyll i de vakanta platserna</a>' in page
    assert "Vakant" in page and "Styrelse 2019–2022" in page
    copied = _seats(new)
    assert all(person is None and chair == "" for _name, _kind, person, chair in copied)
    assert sorted((name, kind) for name, kind, _p, _c in copied) == sorted(
        (name, kind) for name, kinds in per_member.items() for kind in kinds
    )
    assert [kind for name, kind, _p, _c in copied if name == "Nora kommun"].count("ordinarie") == 2
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.TERM_CREATED)
    assert event.username == "forbundschef"
    assert event.details["vacant_seats"] == 15 and event.details["copied_from"] == old.pk
    assert "med 15 vakanta platser efter mandatperioden 2015–2018" in event.summary
    # The old term keeps its people and its chair.
    assert old.seats.filter(chair=BoardSeat.Chair.CHAIR).count() == 1


def test_members_that_have_left_by_the_new_term_get_no_seats(client_for):
    leaving = Member.objects.get(name="Nora kommun")
    leaving.active_to = datetime.date(2018, 12, 31)
    leaving.save()
    page = client_for("forbundschef").get(CREATE).content.decode()
    assert "Får inga platser, eftersom de inte är medlemmar 2019-01-01: Nora kommun." in page

    client_for("forbundschef").post(CREATE)
    new = MandatePeriod.objects.get(election_year=2018)
    names = {name for name, *_rest in _seats(new)}
    assert "Nora kommun" not in names and len(names) == 6
    assert AuditEvent.objects.get(action=AuditEvent.Action.TERM_CREATED).details["members_skipped"] == ["Nora kommun"]


def test_an_existing_term_is_refused_and_nothing_changes(client_for):
    client = client_for("forbundschef")
    client.post(CREATE)
    before = (MandatePeriod.objects.count(), BoardSeat.objects.count(), AuditEvent.objects.count())

    response = client.post(CREATE)

    assert response.status_code == 200
    refusal = "Mandatperioden 2019–2022 (efter valet 2018) finns redan; ingenting har ändrats."
    assert refusal in response.content.decode()
    assert (MandatePeriod.objects.count(), BoardSeat.objects.count(), AuditEvent.objects.count()) == before
    page = client.get("/styrelse/2014/skapa/").content.decode()
    assert "Mandatperioden 2015–2018 (efter valet 2014) finns redan" in page and "<form" not in page.split("<main")[-1]


def test_an_overlapping_term_is_refused_and_nothing_changes(client_for):
    # The 2014 term was entered when the förbund's terms started 1 April; the förbundsordning now says 1 January.
    MandatePeriod.objects.filter(election_year=2014).update(
        starts_on=datetime.date(2015, 4, 1), ends_on=datetime.date(2019, 3, 31)
    )
    before = (MandatePeriod.objects.count(), BoardSeat.objects.count(), AuditEvent.objects.count())
    client = client_for("forbundschef")
    refusal = (
        "Mandatperioden 2019–2022 (2019-01-01–2022-12-31) skulle överlappa mandatperioden 2015–2019, "
        "som varar 2015-04-01–2019-03-31."
    )
    assert refusal in client.get(CREATE).content.decode()

    response = client.post(CREATE)

    assert response.status_code == 200
    assert refusal in response.content.decode() and "Ingenting har ändrats." in response.content.decode()
    assert (MandatePeriod.objects.count(), BoardSeat.objects.count(), AuditEvent.objects.count()) == before


def test_a_year_without_election_is_not_found(client_for):
    assert client_for("forbundschef").get("/styrelse/2019/skapa/").status_code == 404


def test_the_posted_form_needs_its_csrf_token(users):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["forbundschef"])
    assert client.post(CREATE).status_code == 403
    assert not MandatePeriod.objects.filter(election_year=2018).exists()


def test_creating_a_term_after_a_term_without_seats_makes_none(client_for):
    organisation = Organisation.objects.current()
    mandate_period_create(organisation=organisation, election_year=2018, acting_user=None)
    client = client_for("forbundschef")
    response = client.post("/styrelse/2022/skapa/", follow=True)
    assert "Mandatperioden 2023–2026 är skapad, utan styrelseplatser." in response.content.decode()
    assert not MandatePeriod.objects.get(election_year=2022).seats.exists()


# The plan's board block


def test_the_2019_plan_names_what_is_missing_without_the_new_term():
    html = _board_block(2019)
    assert (
        "Ingen mandatperiod omfattar 2019: mandatperioden 2015–2018 löpte ut 2018-12-31. "
        "Skapa mandatperioden 2019–2022 under Styrelse."
    ) in html


def test_the_2019_plan_shows_the_new_term_with_its_vacant_seats(client_for):
    client_for("forbundschef").post(CREATE)
    html = _board_block(2019)
    assert "Styrelsen 2019–2022 – ordinarie ledamöter" in html and "Styrelsen 2019–2022 – ersättare" in html
    assert html.count("<td>Vakant</td>") == 14
    assert "Susanne Karlsson" not in html  # the 2015–2018 board is not the 2019 plan's
    assert "Ingen mandatperiod omfattar" not in html


def test_a_span_plan_names_the_missing_term_once_for_its_years_under_it():
    from plans.services import plan_create, section_add

    plan = plan_create(first_year=2017, last_year=2020)
    section_add(plan=plan, title="Styrelse", block="board")
    html = _board_block_of(plan)
    old_board = html.index("Styrelsen 2015–2018 – ordinarie ledamöter")
    assert html.index("År 2017–2018") < old_board < html.index("År 2019–2020")
    assert "Ingen mandatperiod omfattar 2019–2020: mandatperioden 2015–2018 löpte ut 2018-12-31." in html


def test_the_2019_plan_says_when_its_term_has_no_seats():
    mandate_period_create(organisation=Organisation.objects.current(), election_year=2018, acting_user=None)
    assert "Mandatperioden 2019–2022 har inga styrelseplatser inlagda." in _board_block(2019)


# term_problems, for the plan's year-change checklist


def test_term_problems_names_the_missing_term():
    assert term_problems(year=2019) == [
        TermProblem(
            message="Ingen mandatperiod omfattar 2019: mandatperioden 2015–2018 löpte ut 2018-12-31. "
            "Skapa mandatperioden 2019–2022 under Styrelse.",
            count=1,
            url=CREATE,
        )
    ]


def test_term_problems_counts_the_vacant_seats_and_names_their_members(client_for):
    client_for("forbundschef").post(CREATE)
    period = MandatePeriod.objects.get(election_year=2018)
    # Fill all but Försäkringskassan's and Nora kommun's seats.
    for seat in period.seats.exclude(member__name__in=["Försäkringskassan", "Nora kommun"]):
        seat.person = PersonFactory()
        seat.save()
    [problem] = term_problems(year=2019)
    assert problem.count == 4
    assert problem.message == (
        "I mandatperioden 2019–2022 är 4 platser vakanta: Försäkringskassan (2), Nora kommun (2). "
        "Fyll i dem under Ändra styrelsen."
    )
    assert problem.url == f"/admin/governance/mandateperiod/{period.pk}/change/"
    # The 2018 plan's term has one vacant seat (the demo's Arbetsförmedlingen ersättare).
    [old] = term_problems(year=2018)
    assert old.count == 1 and "1 plats vakant: Arbetsförmedlingen (1). Fyll i den" in old.message


def test_term_problems_is_empty_for_a_full_board_and_names_a_term_without_seats(client_for):
    BoardSeat.objects.filter(period__election_year=2014, person__isnull=True).update(person=PersonFactory())
    assert term_problems(year=2017) == []
    mandate_period_create(organisation=Organisation.objects.current(), election_year=2018, acting_user=None)
    [problem] = term_problems(year=2020)
    assert problem.message == "Mandatperioden 2019–2022 har inga styrelseplatser inlagda." and problem.count == 1


def test_term_problems_without_any_term_before():
    MandatePeriod.objects.filter(election_year=2014).delete()
    [problem] = term_problems(year=2019)
    assert problem.message == "Ingen mandatperiod omfattar 2019. Skapa mandatperioden 2019–2022 under Styrelse."


@pytest.mark.parametrize("create", [False, True], ids=["missing", "vacant"])
def test_term_problems_queries_do_not_grow_with_data(create, client_for, django_assert_max_num_queries):
    if create:
        client_for("forbundschef").post(CREATE)
    with CaptureQueriesContext(connection) as at_1x:
        assert term_problems(year=2019)
    assert len(at_1x) <= 4
    grow_all(factor=20)
    for number in range(20):
        MemberFactory(name=f"Vuxen kommun {number}")
    with django_assert_max_num_queries(len(at_1x)):
        problems = term_problems(year=2019)
    assert problems[0].count == (14 + 19 * 7 if create else 1)  # each copy of the demo adds 7 vacant ersättare


@pytest.mark.parametrize("path", [CREATE, "/styrelse/"])
def test_the_pages_queries_do_not_grow_with_data(path, client_for, django_assert_max_num_queries):
    """The confirmation with seats to copy, and the board page with an ended term and its offer."""
    with _on(2019, 2, 1):
        client = client_for("forbundschef")
        with CaptureQueriesContext(connection) as at_1x:
            assert "Skapa mandatperioden 2019–2022" in client.get(path).content.decode()
        grow_all(factor=20)
        with django_assert_max_num_queries(len(at_1x)):
            assert "Skapa mandatperioden 2019–2022" in client.get(path).content.decode()


def test_the_new_terms_board_page_queries_do_not_grow_with_data(client_for, django_assert_max_num_queries):
    client = client_for("forbundschef")
    client.post(CREATE)
    with CaptureQueriesContext(connection) as at_1x:
        assert "14 platser av 14 är vakanta." in client.get("/styrelse/2018/").content.decode()
    grow_all(factor=20)
    with django_assert_max_num_queries(len(at_1x)):
        assert "Vakant" in client.get("/styrelse/2018/").content.decode()


def test_an_older_term_reads_as_ended_and_a_future_one_as_not_begun(client_for):
    client = client_for("forbundschef")
    with _on(2018, 12, 1):
        client.post(CREATE)
        assert "(efter valet 2018): perioden har inte börjat ännu." in client.get("/styrelse/2018/").content.decode()
    with _on(2019, 3, 1):
        old = client.get("/styrelse/2014/").content.decode()
        assert "(efter valet 2014): perioden har löpt ut." in old and 'id="term-status"' not in old
        assert 'id="term-status"' not in client.get("/styrelse/2018/").content.decode()  # its first year
