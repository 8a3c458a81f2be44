"""A plan's years are years the förbund can mean, and a draft made wrong can be corrected or deleted."""

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from plans.checklist import plan_readiness
from plans.models import MAX_PLAN_YEARS, Plan, Section
from plans.services import PlanNotDraftError, plan_copy_to_next_year, plan_create, plan_delete, plan_send_to_board
from tests.helpers import open_items, send_form
from tests.plans.queueutil import download_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return Plan.objects.get(first_year=2019)


@pytest.mark.parametrize("year", ["0", "20199", "99999", "1999", "2101"])
def test_the_create_form_refuses_a_year_outside_the_range_once_under_the_field(client_for, year):
    before = Plan.objects.count()
    response = client_for("forbundschef").post("/planer/ny/", {"first_year": year, "last_year": ""})
    assert response.status_code == 200
    errors = response.context["form"].errors
    # Said under the first year only (PostgreSQL's smallint adds its own bound for 99999).
    assert list(errors) == ["first_year"] and errors["first_year"][0] == "Året måste ligga mellan 2000 och 2100."
    assert "Året måste ligga mellan 2000 och 2100." in response.content.decode()
    assert Plan.objects.count() == before


@pytest.mark.parametrize(
    ("first", "last", "error"),
    [
        ("2030", "2029", "Sista året kan inte ligga före det första."),
        ("2030", "2034", "En verksamhetsplan gäller högst 4 år: sista året kan vara högst 2033."),
        ("2030", "99999", "Året måste ligga mellan 2000 och 2100."),
        ("2019", "", "Det finns redan en verksamhetsplan som börjar det året."),
    ],
)
def test_the_create_form_refuses_years_that_make_no_plan(client_for, first, last, error):
    before = Plan.objects.count()
    response = client_for("forbundschef").post("/planer/ny/", {"first_year": first, "last_year": last})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert Plan.objects.count() == before


@pytest.mark.parametrize(("first", "last", "title"), [("2030", "", "2030"), ("2030", "2033", "2030–2033")])
def test_the_create_form_takes_one_to_four_years(client_for, first, last, title):
    assert MAX_PLAN_YEARS == 4
    response = client_for("forbundschef").post("/planer/ny/", {"first_year": first, "last_year": last})
    assert response.status_code == 302
    assert Plan.objects.get(first_year=2030).title == f"Verksamhetsplan {title}"


def test_the_service_and_the_admin_refuse_such_years_too(client_for):
    with pytest.raises(ValidationError) as refused:
        plan_create(first_year=20199)
    assert refused.value.message_dict == {
        "first_year": ["Året måste ligga mellan 2000 och 2100."],
        "last_year": ["Året måste ligga mellan 2000 och 2100."],
    }
    # The admin shows plans and writes none (they change in the editor, under its lock).
    admin = client_for("forbundschef")
    before = Plan.objects.count()
    assert admin.get("/admin/plans/plan/add/").status_code == 403
    assert admin.post("/admin/plans/plan/add/", {"first_year": "0", "last_year": "0"}).status_code == 403
    assert Plan.objects.count() == before


@pytest.mark.parametrize("year", [0, 1999, 20199, 32767])  # the column holds no more (smallint)
def test_a_plan_stored_with_an_impossible_year_answers_every_page_in_swedish(client_for, draft, year):
    """Saved before the form refused such years: every page opens, and says what to do."""
    Plan.objects.filter(pk=draft.pk).update(first_year=year, last_year=year)
    draft.refresh_from_db()
    client = client_for("forbundschef")
    problem = f"Planens år ({year}) ligger utanför 2000–2100. Rätta åren eller ta bort planen."
    assert plan_readiness(draft)[0] == problem
    for path in ("/", f"/planer/{draft.pk}/", f"/planer/{draft.pk}/redigera/", f"/planer/{draft.pk}/skicka/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert problem in response.content.decode(), path
    assert "Datablocket visas när planens år är rättade." in client.get(f"/planer/{draft.pk}/").content.decode()
    assert download_draft(client, draft)["Content-Type"] == "application/pdf"
    assert client.get("/planer/").status_code == 200
    # It is not sent to the board …
    response = client.post(f"/planer/{draft.pk}/skicka/", send_form(draft), follow=True)
    assert problem.split(" Rätta")[0] in response.content.decode()
    assert not draft.versions.exists()
    # … and its years can be put right.
    response = client.post(f"/planer/{draft.pk}/ar/", {"first_year": "2025", "last_year": ""})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.first_year, draft.last_year) == (2025, 2025)
    assert plan_readiness(draft)[0] != problem


def test_next_years_copy_of_the_last_possible_year_is_refused():
    plan = plan_create(first_year=2100)
    with pytest.raises(ValidationError) as refused:
        plan_copy_to_next_year(plan=plan)
    assert "Året måste ligga mellan 2000 och 2100." in refused.value.messages
    assert not Plan.objects.filter(first_year=2101).exists()


def test_the_director_corrects_a_drafts_years(client_for, draft):
    client = client_for("forbundschef")
    assert "Ändra åren" in client.get(f"/planer/{draft.pk}/").content.decode()
    refused = client.post(f"/planer/{draft.pk}/ar/", {"first_year": "2018", "last_year": ""})
    assert "Det finns redan en verksamhetsplan som börjar det året." in refused.content.decode()
    refused = client.post(f"/planer/{draft.pk}/ar/", {"first_year": "2019", "last_year": "2025"})
    assert "En verksamhetsplan gäller högst 4 år" in refused.content.decode()
    draft.refresh_from_db()
    assert (draft.first_year, draft.last_year) == (2019, 2019)
    response = client.post(f"/planer/{draft.pk}/ar/", {"first_year": "2019", "last_year": "2021"}, follow=True)
    assert "Åren är ändrade: planen heter nu Verksamhetsplan 2019–2021." in response.content.decode()


def test_the_director_deletes_a_draft_with_its_sections_and_the_trail_says_so(client_for, draft, users):
    client = client_for("forbundschef")
    page = client.get(f"/planer/{draft.pk}/").content.decode()
    assert f'href="/planer/{draft.pk}/radera/"' in page
    sections = draft.sections.count()
    confirm = client.get(f"/planer/{draft.pk}/radera/").content.decode()
    assert f"Utkastet och dess {sections} avsnitt tas bort." in confirm
    assert Plan.objects.filter(pk=draft.pk).exists()  # asking is no deleting

    response = client.post(f"/planer/{draft.pk}/radera/", follow=True)

    assert "Verksamhetsplan 2019 är borttagen." in response.content.decode()
    assert not Plan.objects.filter(pk=draft.pk).exists()
    assert not Section.objects.filter(plan_id=draft.pk).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.PLAN_DELETED)
    assert event.user == users["forbundschef"] and event.username == "forbundschef"
    assert event.summary == f"Verksamhetsplan 2019 (utkast med {sections} avsnitt)"
    assert event.details["first_year"] == 2019


def test_a_sent_or_adopted_plan_is_never_deleted_nor_re_dated(client_for, draft, users):
    plan_send_to_board(plan=draft, acting_user=users["forbundschef"], acknowledged=open_items(draft))
    adopted = Plan.objects.get(first_year=2018)
    client = client_for("forbundschef")
    assert f'href="/planer/{draft.pk}/radera/"' not in client.get(f"/planer/{draft.pk}/").content.decode()
    for plan, refusal in (
        (draft, "Verksamhetsplan 2019 har skickats till styrelsen och kan inte tas bort."),
        (adopted, "Verksamhetsplan 2018 är fastställd och kan inte ändras."),
    ):
        for method in ("get", "post"):
            response = getattr(client, method)(f"/planer/{plan.pk}/radera/", follow=True)
            assert response.redirect_chain[-1][0] == f"/planer/{plan.pk}/"
            assert refusal in response.content.decode()
        response = client.post(f"/planer/{plan.pk}/ar/", {"first_year": "2030"}, follow=True)
        assert response.redirect_chain[-1][0] == f"/planer/{plan.pk}/"
    assert set(Plan.objects.values_list("first_year", flat=True)) >= {2018, 2019}
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PLAN_DELETED).exists()


def test_a_plan_sent_after_its_delete_page_opened_is_refused_under_the_lock(draft, users):
    opened = Plan.objects.get(pk=draft.pk)  # the page's copy, a draft
    plan_send_to_board(plan=draft, acting_user=users["forbundschef"], acknowledged=open_items(draft))
    with pytest.raises(PlanNotDraftError) as refused:
        plan_delete(plan=opened, acting_user=users["forbundschef"])
    assert (
        refused.value.message
        == "Verksamhetsplan 2019 har skickats till styrelsen eller fastställts och kan inte tas bort."
    )
    assert Plan.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("role", ["ekonom", "styrelse", "revisor"])
def test_only_the_director_deletes(client_for, draft, role):
    assert client_for(role).post(f"/planer/{draft.pk}/radera/").status_code == 403
    assert Plan.objects.filter(pk=draft.pk).exists()
