"""The governance pages as a board member reads them."""

import pytest

from core.models import AuditEvent
from governance.models import BoardSeat, MandatePeriod, Member
from tests.governance.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_organisation_page_lists_the_seven_members(client_for):
    page = client_for("styrelse").get("/forbundet/").content.decode()
    assert "Samordningsförbundet SOFINT" in page
    assert "222000-1818" in page
    assert "den 1 januari året efter de allmänna valen" in page
    for member in Member.objects.all():
        assert member.name in page
    assert "Ändra medlemmar" not in page  # board members only read


def test_director_gets_a_link_to_edit(client_for):
    assert "Ändra medlemmar" in client_for("forbundschef").get("/forbundet/").content.decode()


def test_board_page_shows_ordinary_and_deputies_per_member(client_for):
    response = client_for("styrelse").get("/styrelse/")
    board = response.context["board"]
    assert str(board.period) == "2015–2018"
    assert [seat.holder_name for seat in board.ordinary] == [
        "Lisa Örneus",
        "Liisa Ejdenwik",
        "Zaki Habib",
        "Maria Jansson Andersson",
        "Susanne Karlsson",
        "Ulla Kalander Karlsson",
        "Jonas Åkerman",
    ]
    page = response.content.decode()
    assert "Vakant" in page
    assert "1 plats av 14 är vakant." in page


def test_board_page_for_a_chosen_term_and_chair(client_for):
    period = MandatePeriod.objects.create(election_year=2018, starts_on="2019-01-01", ends_on="2022-12-31")
    member = Member.objects.get(name="Nora kommun")
    BoardSeat.objects.create(
        period=period, member=member, kind="ordinarie", person=PersonFactory(name="Ny Ordförande"), chair="ordforande"
    )
    client = client_for("styrelse")
    page = client.get("/styrelse/2018/").content.decode()
    assert "Styrelse 2019–2022" in page
    assert "Ordförande: <strong>Ny Ordförande</strong> (Nora kommun)" in page
    assert "Arbetsförmedlingen har ingen ordinarie ledamot." in page
    assert client.get("/styrelse/2010/").status_code == 404


def test_office_page(client_for):
    page = client_for("revisor").get("/kansli-och-revision/").content.decode()
    assert "Förbundschef" in page and "100\u202f%" in page and "Arbetsförmedlingen" in page
    assert "Ekonom" in page and "10\u202f%" in page and "Lindesbergs kommun" in page
    assert "Försäkringskassan och Arbetsförmedlingen gemensamt" in page
    assert "Revisionsbiträde" in page


def test_director_adds_a_term_in_the_admin_and_dates_follow_the_organisation(client_for):
    client = client_for("forbundschef")
    response = client.post(
        "/admin/governance/mandateperiod/add/",
        {
            "election_year": "2022",
            "seats-TOTAL_FORMS": "0",
            "seats-INITIAL_FORMS": "0",
            "auditors-TOTAL_FORMS": "0",
            "auditors-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()
    period = MandatePeriod.objects.get(election_year=2022)
    assert (period.starts_on.isoformat(), period.ends_on.isoformat()) == ("2023-01-01", "2026-12-31")
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.TERM_CREATED)
    assert (event.username, event.details["period"]) == ("forbundschef", period.pk)


def test_admin_refuses_two_chairs_with_a_swedish_message(client_for):
    client = client_for("forbundschef")
    period = MandatePeriod.objects.get(election_year=2014)
    seats = list(period.seats.filter(kind="ordinarie"))[:2]
    data = {
        "seats-TOTAL_FORMS": "2",
        "seats-INITIAL_FORMS": "2",
        "auditors-TOTAL_FORMS": "0",
        "auditors-INITIAL_FORMS": "0",
    }
    for index, seat in enumerate(seats):
        data.update(
            {
                f"seats-{index}-id": seat.pk,
                f"seats-{index}-period": period.pk,
                f"seats-{index}-member": seat.member_id,
                f"seats-{index}-kind": seat.kind,
                f"seats-{index}-person": seat.person_id,
                f"seats-{index}-chair": "ordforande",
            }
        )
    response = client.post(f"/admin/governance/mandateperiod/{period.pk}/change/", data)
    assert response.status_code == 200
    assert "Styrelsen kan bara ha en ordförande per mandatperiod." in response.content.decode()
    assert not BoardSeat.objects.exclude(chair="").exists()


def test_admin_is_swedish(client_for):
    page = client_for("ekonom").get("/admin/").content.decode()
    assert "Förbund och styrning" in page and "Medlemmar" in page
    assert "Logga ut" in page


def test_a_seat_edited_on_its_own_keeps_the_rules_of_the_whole_board(client_for):
    # The seat's own admin page used to save a third vice chair: the rule was only on the term's page.
    client = client_for("forbundschef")
    period = MandatePeriod.objects.get(election_year=2014)
    first, second, third = period.seats.filter(kind="ordinarie")[:3]
    BoardSeat.objects.filter(pk__in=[first.pk, second.pk]).update(chair=BoardSeat.Chair.VICE_CHAIR)
    data = {"period": period.pk, "member": third.member_id, "kind": third.kind, "person": third.person_id}
    response = client.post(f"/admin/governance/boardseat/{third.pk}/change/", {**data, "chair": "vice_ordforande"})
    assert response.status_code == 200
    assert "Styrelsen kan ha högst två vice ordförande." in response.content.decode()
    third.refresh_from_db()
    assert third.chair == ""

    response = client.post(f"/admin/governance/boardseat/{third.pk}/change/", {**data, "chair": "ordforande"})
    assert response.status_code == 302
    third.refresh_from_db()
    assert third.chair == BoardSeat.Chair.CHAIR


def test_the_terms_page_saves_its_board_through_the_service(client_for):
    client = client_for("forbundschef")
    period = MandatePeriod.objects.get(election_year=2014)
    seat = period.seats.filter(kind="ordinarie").first()
    data = {
        "seats-TOTAL_FORMS": "1",
        "seats-INITIAL_FORMS": "1",
        "auditors-TOTAL_FORMS": "0",
        "auditors-INITIAL_FORMS": "0",
        "seats-0-id": seat.pk,
        "seats-0-period": period.pk,
        "seats-0-member": seat.member_id,
        "seats-0-kind": seat.kind,
        "seats-0-person": seat.person_id,
        "seats-0-chair": "ordforande",
    }
    response = client.post(f"/admin/governance/mandateperiod/{period.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    seat.refresh_from_db()
    assert seat.chair == BoardSeat.Chair.CHAIR


def test_the_terms_page_adds_an_auditor_as_a_row_of_its_own(client_for):
    client = client_for("forbundschef")
    period = MandatePeriod.objects.get(election_year=2014)
    person = PersonFactory(name="Ny Revisor")
    data = {
        "seats-TOTAL_FORMS": "0",
        "seats-INITIAL_FORMS": "0",
        "auditors-TOTAL_FORMS": "1",
        "auditors-INITIAL_FORMS": "0",
        "auditors-0-period": period.pk,
        "auditors-0-kind": "lekmannarevisor",
        "auditors-0-person": person.pk,
        "auditors-0-appointed_by": Member.objects.get(name="Nora kommun").pk,
        "auditors-0-note": "",
    }
    response = client.post(f"/admin/governance/mandateperiod/{period.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert period.auditors.filter(person=person).exists()
    assert MandatePeriod.objects.count() == 1
