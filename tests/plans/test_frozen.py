"""An adopted plan's page shows what was true at its adoption, whatever changes around it later."""

import datetime
import importlib
import re

import pytest
from django.apps import apps
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils.html import escape

from budget.models import Contribution, CostCategory, CostLine
from governance.models import Member, Organisation, Person
from meetings.models import Meeting, MeetingKind
from plans.forms import board_meetings
from plans.models import Plan, PlanVersion
from projects.models import Project

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]+">')


def main_content(response) -> str:
    """The page's <main>, without the CSRF token (it is masked afresh on every response)."""
    assert response.status_code == 200
    page = response.content.decode()
    return CSRF.sub("", page[page.index('<main id="main"') : page.index("</main>")])


def list_row(client, plan) -> str:
    """The row of `plan` on the plan list."""
    page = client.get("/planer/").content.decode()
    (row,) = [row.split("</tr>")[0] for row in page.split("<tr>") if f'href="/planer/{plan.pk}/"' in row]
    return row


def change_everything_around(plan: Plan) -> None:
    """Edit, past every lock (as a database fix would), what the plan's page once showed."""
    meetings = Meeting.objects.filter(pk__in=[plan.adopted_at_id, *plan.versions.values_list("meeting", flat=True)])
    meetings.update(starts_on=F("starts_on") + datetime.timedelta(days=4), title=Concat(F("title"), Value(" FLYTTAT")))
    MeetingKind.objects.filter(code=MeetingKind.BOARD).update(name="Styrelsens sammanträde")
    Organisation.objects.update(name="Samordningsförbundet med nytt namn")
    Person.objects.update(name=Concat(F("name"), Value(" (nytt namn)")))
    Member.objects.update(name=Concat(F("name"), Value(" (ny)")))
    Project.objects.update(name=Concat(F("name"), Value(" (omdöpt)")))
    CostCategory.objects.update(name=Concat(F("name"), Value(" (ny)")))
    CostLine.objects.update(amount=F("amount") + 1000)
    Contribution.objects.update(amount=F("amount") + 1000)


@pytest.mark.parametrize("role", ["styrelse", "forbundschef"])
def test_the_demo_plans_adopted_page_stays_byte_identical(client_for, role):
    plan = Plan.objects.get(first_year=2018)
    client = client_for(role)
    before = main_content(client.get(f"/planer/{plan.pk}/"))
    row = list_row(client, plan)
    assert "Fastställd 2018-03-23" in row
    assert "(vid styrelsemöte 2018-03-23, ÅRSREDOVISNING)" in before
    assert "2018-03-23 ÅRSREDOVISNING" in before  # the versions' meeting

    change_everything_around(plan)

    after = main_content(client.get(f"/planer/{plan.pk}/"))
    assert after == before
    assert "FLYTTAT" not in after and "(nytt namn)" not in after and "(omdöpt)" not in after
    assert list_row(client, plan) == row


def test_a_plan_adopted_through_the_page_keeps_its_page_when_everything_around_it_changes(client_for):
    plan = Plan.objects.get(first_year=2019)
    meeting = board_meetings(plan.first_year).last()
    director = client_for("forbundschef")
    response = director.post(
        f"/planer/{plan.pk}/faststall/", {"adopted_on": meeting.starts_on.isoformat(), "meeting": meeting.pk}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.adopted_at_date, plan.adopted_at_title, plan.adopted_at_kind) == (
        meeting.starts_on,
        meeting.title,
        "Styrelsemöte",
    )
    adopted = plan.versions.get(is_adoption=True)
    assert (adopted.meeting_on, adopted.meeting_title) == (meeting.starts_on, meeting.title)
    board = client_for("styrelse")
    before = main_content(board.get(f"/planer/{plan.pk}/"))
    assert escape(f"(vid styrelsemöte {meeting.starts_on.isoformat()}, {meeting.title})") in before
    assert 'data-block="budget_income"' in before and 'data-block="board"' in before  # live blocks, frozen

    change_everything_around(plan)

    after = main_content(board.get(f"/planer/{plan.pk}/"))
    assert after == before
    moved = Meeting.objects.get(pk=meeting.pk)
    assert moved.starts_on != meeting.starts_on and moved.starts_on.isoformat() not in after


def test_a_version_sent_before_the_adoption_shows_its_meeting_as_it_was_when_sent(client_for, users):
    from plans.services import plan_adopt, plan_send_to_board
    from tests.helpers import open_items

    plan = Plan.objects.get(first_year=2019)
    first, second = board_meetings(plan.first_year)[:2]
    plan_send_to_board(plan=plan, acting_user=users["forbundschef"], meeting=first, acknowledged=open_items(plan))
    client = client_for("styrelse")
    # Until the adoption, a moved meeting is news: the page shows where it is now.
    Meeting.objects.filter(pk=first.pk).update(starts_on=first.starts_on + datetime.timedelta(days=1))
    moved_on = (first.starts_on + datetime.timedelta(days=1)).isoformat()
    assert f"{moved_on} {first.title}" in main_content(client.get(f"/planer/{plan.pk}/"))
    plan_adopt(plan=plan, acting_user=users["forbundschef"], adopted_on=second.starts_on, meeting=second)
    # Once adopted, each version shows the meeting as it was when it was sent.
    page = main_content(client.get(f"/planer/{plan.pk}/"))
    assert f"{first.starts_on.isoformat()} {first.title}" in page
    changes = client.get(f"/planer/{plan.pk}/version/2/andringar/").content.decode()
    assert f"till styrelsemötet {second.starts_on.isoformat()} {second.title}" in changes


def test_the_migration_stores_the_adoption_meeting_of_plans_adopted_before_it():
    plan = Plan.objects.get(first_year=2018)
    stored = (plan.adopted_at_date, plan.adopted_at_title, plan.adopted_at_kind)
    versions = list(plan.versions.order_by("number").values_list("meeting_on", "meeting_title"))
    Plan.objects.update(adopted_at_date=None, adopted_at_title="", adopted_at_kind="")
    PlanVersion.objects.update(meeting_on=None, meeting_title="")
    # The meeting has been moved since: the adoption's date is the one the adoption form required.
    Meeting.objects.filter(pk=plan.adopted_at_id).update(starts_on=datetime.date(2018, 3, 30))

    importlib.import_module("plans.migrations.0006_fill_adoption_snapshot").fill(apps, None)

    plan.refresh_from_db()
    assert (plan.adopted_at_date, plan.adopted_at_title, plan.adopted_at_kind) == stored
    assert stored == (datetime.date(2018, 3, 23), "ÅRSREDOVISNING", "Styrelsemöte")
    refilled = list(plan.versions.order_by("number").values_list("meeting_on", "meeting_title"))
    assert refilled[-1] == versions[-1] == (datetime.date(2018, 3, 23), "ÅRSREDOVISNING")  # the adopted version
    assert refilled[0] == (datetime.date(2018, 3, 30), "ÅRSREDOVISNING")  # sent before: the meeting as it is now
