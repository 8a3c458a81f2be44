"""Ändringshistorik: the auditor finds who changed what, field by field, in Swedish."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget.models import Budget, Contribution, CostLine
from budget.services import budget_row_save
from core.history import word_diff
from core.models import FieldChange
from plans.models import Plan
from plans.services import section_update
from tests.helpers import STOCKHOLM, kr

pytestmark = pytest.mark.django_db

URL = "/andringshistorik/"
# After the demo's own records (loaded at the real time when the test session began), so that
# "last week" for the auditor reading it a week later is the newest change.
LAST_WEEK = (datetime.datetime.now(tz=STOCKHOLM) + datetime.timedelta(days=1)).replace(
    hour=14, minute=3, second=0, microsecond=0
)
SEEN = LAST_WEEK.strftime("%Y-%m-%d %H:%M")
DAY = LAST_WEEK.date().isoformat()
# What simple-history and Django's admin say in English when nothing translates them.
ENGLISH = re.compile(r"\b(Changed|None|History|View|Created|Deleted|Changes)\b")


def _text(response) -> str:
    return re.sub(r"[ \t\r\n]+", " ", response.content.decode())


@pytest.fixture
def named(users):
    """The demo's ekonom and förbundschef with the names an auditor knows them by."""
    users["ekonom"].first_name, users["ekonom"].last_name = "Eva", "Ekholm"
    users["forbundschef"].first_name, users["forbundschef"].last_name = "Frida", "Falk"
    for user in users.values():
        user.save()
    return users


def _draft_budget() -> Budget:
    budget = Budget.objects.create(year=2027)
    source = Budget.objects.get(year=2018)
    member = source.contributions.order_by("pk").first().member
    Contribution.objects.create(budget=budget, member=member, amount=45_000)
    line = source.cost_lines.order_by("pk").first()
    CostLine.objects.create(budget=budget, category=line.category, text="Revision", amount=45_000)
    return budget


def _changes_last_week(users):
    budget = _draft_budget()
    with time_machine.travel(LAST_WEEK, tick=False):
        contribution = budget.contributions.get()
        contribution.amount = 50_000
        budget_row_save(row=contribution, acting_user=users["ekonom"])
        line = budget.cost_lines.get()
        line.amount = 50_000
        budget_row_save(row=line, acting_user=users["ekonom"])
        section = Plan.objects.get(first_year=2019).sections.exclude(body="").order_by("pk").first()
        body = section.body + "\n\nStyrelsen beslutar om en ny insats för unga."
        section_update(
            section=section, title=section.title, body=body, expected_revision=None, acting_user=users["forbundschef"]
        )
    return contribution, line, section


def test_the_auditor_finds_who_changed_a_cost_line_a_contribution_and_a_section(named, client_for):
    contribution, line, section = _changes_last_week(named)
    with time_machine.travel(LAST_WEEK + datetime.timedelta(days=7)):
        page = _text(client_for("revisor").get(URL, {"fran": DAY}))
    assert "Ändringshistorik" in page
    assert "Eva Ekholm" in page and "Frida Falk" in page
    assert kr("45 000") + " → " + kr("50 000") in page
    assert "Belopp (kr):" in page and "Budget (kr):" in page
    assert SEEN in page
    assert "Kostnadsrad: " in page and "Medlemsbidrag: " in page
    assert f"Avsnitt: {section.title}" in page
    assert "<ins>" in page and "ny insats för unga" in page
    assert not ENGLISH.search(page.split("<main", 1)[-1]), ENGLISH.search(page.split("<main", 1)[-1])


def test_newest_first_with_creations_shown_as_such(named, client_for):
    _changes_last_week(named)
    page = _text(client_for("revisor").get(URL))
    # The demo's load is one entry, and the rows created for the test are "Skapad".
    assert "Skapad" in page
    first, second = FieldChange.objects.order_by("-at", "-pk")[:2]
    assert first.at >= second.at


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"fran": "2026-13-01"}, "Skriv datumet som ÅÅÅÅ-MM-DD"),
        ({"till": "igår"}, "Skriv datumet som ÅÅÅÅ-MM-DD"),
        ({"fran": "2026-12-05", "till": "2026-12-01"}, "Slutdatumet ligger före startdatumet."),
        ({"typ": "auth.user"}, "Välj en typ av uppgift i listan."),
        ({"person": "abc"}, "Välj en person i listan."),
        ({"person": "99999999999999999999999"}, "Välj en person i listan."),
    ],
)
def test_bad_filters_get_a_swedish_message(query, message, client_for):
    response = client_for("revisor").get(URL, query)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_filters_by_type_person_and_dates(named, client_for):
    _changes_last_week(named)
    client = client_for("revisor")
    by_type = _text(client.get(URL, {"typ": "budget.costline"}))
    assert "Kostnadsrad" in by_type and "Medlemsbidrag: " not in by_type
    assert "ny insats för unga" not in by_type
    by_person = _text(client.get(URL, {"person": named["forbundschef"].pk}))
    assert "ny insats för unga" in by_person and kr("45 000") not in by_person
    in_week = _text(client.get(URL, {"fran": DAY, "till": DAY}))
    assert "ny insats för unga" in in_week and "Demodata för SOFINT 2018" not in in_week
    day_before = (LAST_WEEK.date() - datetime.timedelta(days=1)).isoformat()
    before = _text(client.get(URL, {"till": day_before, "typ": "plans.section"}))
    assert "ny insats för unga" not in before


def test_pagination_newest_first(named, client_for):
    budget = _draft_budget()
    line = budget.cost_lines.get()
    for amount in range(1, 61):
        line.amount = amount * 1000
        budget_row_save(row=line, acting_user=named["ekonom"])
    client = client_for("revisor")
    first = _text(client.get(URL, {"typ": "budget.costline"}))
    assert kr("59 000") + " → " + kr("60 000") in first
    assert "Sida 1 av 2" in first and "Äldre" in first
    second = _text(client.get(URL, {"typ": "budget.costline", "sida": 2}))
    assert kr("1 000") in second and "typ=budget.costline" in second


@pytest.mark.parametrize("role", ["styrelse", "ekonom", "utan_roll"])
def test_only_the_auditor_and_the_director_see_it(role, client_for):
    assert client_for(role).get(URL).status_code == 403


def test_the_director_sees_it_and_the_menu_links_it(client_for):
    response = client_for("forbundschef").get(URL)
    assert response.status_code == 200
    assert 'href="/andringshistorik/"' in client_for("revisor").get("/").content.decode()
    assert 'href="/andringshistorik/"' not in client_for("styrelse").get("/").content.decode()


def _grow_changes(users, factor: int):
    budget = Budget.objects.filter(year=2027).first() or _draft_budget()
    line = budget.cost_lines.get()
    for step in range(factor):
        line.amount = 1000 + step
        budget_row_save(row=line, acting_user=users["ekonom"])


def test_query_count_is_constant(named, client_for, django_assert_max_num_queries):
    client = client_for("revisor")
    filtered = {"typ": "budget.costline", "person": named["ekonom"].pk, "fran": "2026-01-01"}
    _grow_changes(named, 1)
    with CaptureQueriesContext(connection) as at_1x:
        assert client.get(URL).status_code == 200
    with CaptureQueriesContext(connection) as filtered_1x:
        assert client.get(URL, filtered).status_code == 200
    _grow_changes(named, 20)
    with django_assert_max_num_queries(len(at_1x)):
        assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(len(filtered_1x)):
        assert client.get(URL, filtered).status_code == 200


def test_the_audit_log_shows_names(named, client_for, django_assert_max_num_queries):
    from budget.services import budget_adopt

    budget_adopt(budget=_draft_budget(), adopted_on=datetime.date(2026, 12, 1), acting_user=named["ekonom"])
    page = _text(client_for("revisor").get("/handelselogg/"))
    assert "Eva Ekholm" in page


def test_a_bulk_import_leaves_field_history(named):
    from budget.services import bulk_update_with_changes

    budget = _draft_budget()
    contribution = budget.contributions.get()
    contribution.amount = 60_000
    bulk_update_with_changes([contribution], Contribution, ["amount"], acting_user=named["ekonom"])
    change = FieldChange.objects.filter(field="amount").latest("pk")
    assert (change.before, change.after, change.user) == (kr("45 000"), kr("60 000"), named["ekonom"])


def test_word_diff_keeps_little_context():
    before = " ".join(f"ord{n}" for n in range(100))
    after = before.replace("ord50", "nytt")
    pieces = word_diff(before, after)
    assert ("delete", "ord50") in pieces and ("insert", "nytt") in pieces
    assert ("skip", "…") in pieces
    assert len("".join(text for _op, text in pieces)) < len(before) / 2


def test_a_sections_history_shows_every_saved_text(named, client_for):
    _contribution, _line, section = _changes_last_week(named)
    url = f"/planer/{section.plan_id}/avsnitt/{section.pk}/historik/"
    page = _text(client_for("revisor").get(url))
    assert "Frida Falk" in page and SEEN in page
    assert "<ins>" in page and "ny insats för unga" in page
    assert not ENGLISH.search(page.split("<main", 1)[-1])
    assert url in client_for("forbundschef").get(f"/planer/{section.plan_id}/avsnitt/{section.pk}/").content.decode()
    assert client_for("styrelse").get(url).status_code == 403
    assert client_for("ekonom").get(url).status_code == 403


# What simple-history's admin pages say in English when nothing translates them.
ADMIN_ENGLISH = ("History", "Changed", "None", "View", "Date/time", "Comment", "Action", "Object", "Change reason")


def test_the_admin_history_of_a_cost_line_says_who_when_and_what_in_swedish(named, client_for):
    contribution, line, _section = _changes_last_week(named)
    client = client_for("revisor")
    response = client.get(f"/admin/budget/costline/{line.pk}/history/")
    assert response.status_code == 200
    page = _text(response)
    # A cost line's amount is its "Budget (kr)"; a contribution's is its "Belopp (kr)".
    assert f"Budget (kr):</strong> {kr('45 000')} → {kr('50 000')}" in page
    contribution_page = _text(client.get(f"/admin/budget/contribution/{contribution.pk}/history/"))
    assert f"Belopp (kr):</strong> {kr('45 000')} → {kr('50 000')}" in contribution_page
    assert "Eva Ekholm" in page and SEEN in page
    assert "Ändrad" in page and "Skapad" in page
    assert "Historik för Revision" in page
    content = page.split('id="content"', 1)[-1]
    for english in ADMIN_ENGLISH:
        assert english not in content, english
    # One earlier version, read-only, as Swedish.
    version = line.history.order_by("history_id").first()
    version_page = _text(client.get(f"/admin/budget/costline/{line.pk}/history/{version.history_id}/"))
    assert "Tidigare version" in version_page and "Tillbaka till historiken" in version_page
    # Every field to read, none to fill in (and so none to send back).
    assert 'name="amount"' not in version_page and re.search(r"45[\s\u202f\u00a0]?000", version_page)
    for english in ("History", "Revert", "Close", "View"):
        assert english not in version_page.split('id="content"', 1)[-1], english


@pytest.mark.parametrize(
    ("path", "model"),
    [
        ("projects/project", "projects.Project"),
        ("governance/boardseat", "governance.BoardSeat"),
        ("meetings/meeting", "meetings.Meeting"),
        ("goals/forbundgoal", "goals.ForbundGoal"),
        ("plans/plan", "plans.Plan"),
    ],
)
def test_the_auditor_reads_the_admin_history_of_every_followed_object(path, model, named, client_for):
    from django.apps import apps

    obj = apps.get_model(model).objects.order_by("pk").first()
    obj.save()  # a second version, compared with the demo's base one
    response = client_for("revisor").get(f"/admin/{path}/{obj.pk}/history/")
    assert response.status_code == 200
    content = _text(response).split('id="content"', 1)[-1]
    assert "Historik för" in content and "Tidpunkt" in content
    for english in ADMIN_ENGLISH:
        assert english not in content, english


def test_the_admin_history_reads_its_changes_in_one_query(named, client_for):
    budget = _draft_budget()
    line = budget.cost_lines.get()
    client = client_for("revisor")
    url = f"/admin/budget/costline/{line.pk}/history/"

    def count(steps):
        for step in range(steps):
            line.amount = 2000 + step
            budget_row_save(row=line, acting_user=named["ekonom"])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert count(1) == count(20)


def test_each_change_links_the_objects_whole_history(named, client_for):
    _contribution, line, section = _changes_last_week(named)
    page = client_for("revisor").get(URL, {"fran": DAY}).content.decode()
    assert f'href="/planer/{section.plan_id}/avsnitt/{section.pk}/historik/"' in page
    assert f'href="/admin/budget/costline/{line.pk}/history/"' in page
    assert "Hela historiken" in page
