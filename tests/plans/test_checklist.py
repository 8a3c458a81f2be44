"""The checklist before sending: the year turning over, each item with where it is fixed; the acknowledgement."""

import re

import pytest

from core.models import AuditEvent
from meetings.models import Meeting
from plans.checklist import Area, plan_checklist, plan_readiness
from plans.models import Plan
from projects.models import Project, TargetGroup, TargetGroupPriority
from tests.helpers import open_items, send_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    """The demo's 2019 plan: the 2018 plan copied, nothing of 2019 entered yet."""
    return Plan.objects.get(first_year=2019)


def test_the_copied_plan_names_what_is_last_years(users, draft):
    checklist = plan_checklist(draft)
    by_area = dict(checklist.groups)
    messages = checklist.messages
    assert "Avsnitt 4.2 År 2019 nämner fortfarande 2018; kontrollera att texten gäller 2019." in messages
    # The calendar copied from 2018 carries the fair of the autumn before, moved to 2018.
    assert any(
        m.startswith("Kalendariet för 2019 har 1 post med ett datum utanför 2019 (2018-10-23 ") for m in messages
    )
    assert "Det finns inga prioriterade målgrupper för 2019; planens block om målgrupper blir tomt." in messages
    assert "Inga insatser har pengar för 2019; planens översikt över insatserna blir tom." in messages
    assert (
        "2 insatser i planen har en period som inte omfattar 2019: Mottagningsteamet (2018-01-01 – 2018-12-31), "
        "Samverkansteamet (2018-01-01 – 2018-12-31)." in messages
    )
    assert "2 insatser i planen saknar beviljade pengar för 2019: Mottagningsteamet, Samverkansteamet." in messages
    assert "Insatsen Samverkansteamet nämner 2018 i en text; kontrollera att den gäller 2019." in messages
    assert "Det finns ingen budget för 2019." in messages
    assert [str(area) for area, _ in checklist.groups] == [
        str(area.label) for area in Area if area.label in {str(a) for a in by_area}
    ]
    fair = next(item for item in checklist.items if item.message.startswith("Kalendariet för 2019 har 1 post"))
    meeting = Meeting.objects.get(year=2019, starts_on="2018-10-23")
    assert fair.named == ((f"2018-10-23 {meeting.title}", f"/kalender/mote/{meeting.pk}/"),)
    counted = next(item for item in checklist.items if item.message.startswith("2 insatser i planen har en period"))
    assert counted.count == 2 and [name for name, _ in counted.named] == ["Mottagningsteamet", "Samverkansteamet"]


def test_every_item_links_to_a_page_where_it_is_put_right(client_for, draft):
    client = client_for("forbundschef")
    items = plan_checklist(draft).items
    assert items and all(item.url and item.fix for item in items)
    for url in {item.url for item in items} | {url for item in items for _, url in item.named}:
        assert client.get(url).status_code == 200, url


def test_the_editor_and_the_plan_page_show_the_checklist_with_links_and_counts(client_for, draft):
    client = client_for("forbundschef")
    for path in (f"/planer/{draft.pk}/redigera/", f"/planer/{draft.pk}/", f"/planer/{draft.pk}/skicka/"):
        page = client.get(path).content.decode()
        count = open_items(draft)
        assert f"Att se över innan planen skickas till styrelsen: {count} punkter" in page, path
        assert 'href="/insatser/malgrupper/?next=/planer/' in page and "Ange årets målgrupper" in page
        assert re.search(
            r"Insatserna <span[^>]*><span class=\"visually-hidden\">antal punkter: </span>\d+</span>", page
        )


def test_an_item_put_right_leaves_the_list(users, draft):
    before = plan_readiness(draft)
    youth = TargetGroup.objects.get(name__startswith="Unga")
    TargetGroupPriority.objects.create(year=2019, position=1, target_group=youth)
    after = plan_readiness(draft)
    assert len(after) == len(before) - 1
    assert not any("målgrupper" in problem for problem in after)


def test_a_project_text_that_names_last_year_is_found_whatever_field(users, draft):
    Project.objects.filter(name="Mottagningsteamet").update(follow_up_text="Mäts som under 2018.")
    assert "Insatsen Mottagningsteamet nämner 2018 i en text; kontrollera att den gäller 2019." in plan_readiness(draft)
    Project.objects.filter(name="Mottagningsteamet").update(follow_up_text="Bilaga 20180 gäller.")
    assert not any(p.startswith("Insatsen Mottagningsteamet nämner") for p in plan_readiness(draft))


def test_sending_with_open_items_asks_for_the_acknowledgement_and_keeps_the_list(client_for, draft):
    client = client_for("forbundschef")
    problems = plan_readiness(draft)
    page = client.get(f"/planer/{draft.pk}/skicka/").content.decode()
    assert f"Jag har läst listan och skickar planen med {len(problems)} kända brister." in page

    response = client.post(f"/planer/{draft.pk}/skicka/", {"meeting": ""})
    assert response.status_code == 200
    assert "Bekräfta att planen ska skickas med bristerna i listan, eller rätta dem först." in response.content.decode()
    assert not draft.versions.exists()

    from meetings.selectors import board_meetings_in

    meeting = board_meetings_in(years=[2019]).first()
    response = client.post(f"/planer/{draft.pk}/skicka/", send_form(draft, meeting=meeting.pk), follow=True)
    page = response.content.decode()
    version = draft.versions.get()
    assert version.known_problems == problems
    assert f"Den är skickad med {len(problems)} kända brister; de står på planens sida." in page
    assert f"skickad med {len(problems)} kända brister</summary>" in page
    assert problems[0] in page
    event = AuditEvent.objects.filter(action=AuditEvent.Action.PLAN_SENT).latest("pk")
    assert event.summary.startswith("Verksamhetsplan 2019, version 1, till mötet ")
    assert event.summary.endswith(f", skickad med {len(problems)} kända brister")
    assert event.details["known_problems"] == problems
    # The board sees that the version went with known gaps, and which, on the plan's and the meeting's page.
    board = client_for("styrelse")
    assert f"skickad med {len(problems)} kända brister" in board.get(f"/planer/{draft.pk}/").content.decode()
    meeting_page = board.get(f"/kalender/mote/{meeting.pk}/").content.decode()
    assert f"Utkast till styrelsen, skickad med {len(problems)} kända brister" in meeting_page


def test_an_acknowledgement_of_a_list_that_has_changed_is_refused(client_for, draft):
    client = client_for("forbundschef")
    form = send_form(draft)
    TargetGroupPriority.objects.create(year=2019, position=1, target_group=TargetGroup.objects.first())
    response = client.post(f"/planer/{draft.pk}/skicka/", form, follow=True)
    count = open_items(draft)
    assert (
        f"Listan över brister har ändrats sedan du läste den: nu {count}, du bekräftade {count + 1}. "
        "Läs listan igen och bekräfta på nytt." in response.content.decode()
    )
    assert not draft.versions.exists()


@pytest.mark.parametrize("role", ["styrelse", "revisor", "ekonom", "utan_roll"])
def test_an_acknowledgement_without_the_right_is_refused_and_sends_nothing(client_for, draft, role):
    response = client_for(role).post(f"/planer/{draft.pk}/skicka/", send_form(draft))
    assert response.status_code == 403
    assert not draft.versions.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PLAN_SENT, details__plan=draft.pk).exists()


def test_a_plan_without_sections_is_told_where_to_add_one(client_for, users):
    from plans.services import plan_create

    plan = plan_create(first_year=2031)
    first = plan_checklist(plan).items[0]
    assert (first.message, first.fix, first.url) == (
        "Planen har inga avsnitt.",
        "Lägg till ett avsnitt",
        f"/planer/{plan.pk}/redigera/",
    )
