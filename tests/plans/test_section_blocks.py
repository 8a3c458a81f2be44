"""A section holds several data blocks in order, placed between its paragraphs; references by key."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.revisions import StaleWriteError
from meetings.models import Meeting
from plans.changes import document_changes
from plans.checklist import plan_readiness
from plans.models import Plan, Section
from plans.selectors import Document, body_layout, plan_document
from plans.services import BlockInput, plan_create, section_add, section_update
from tests.governance.factories import PersonFactory, PreparatoryGroupMembershipFactory, StaffPositionFactory
from tests.meetings.factories import MeetingFactory
from tests.plans.editing import block_rows, section_post
from tests.projects.factories import TargetGroupPriorityFactory

pytestmark = pytest.mark.django_db


def _section(plan, title):
    return next(section for section in plan_document(plan).sections if section.title == title)


def test_blocks_stand_where_the_text_places_them_and_the_rest_follow_in_order(users):
    plan = plan_create(first_year=2030)
    section = section_add(
        plan=plan, title="Organisation", body="Inledning.\n\n[[datablock 2]]\n\nMellan blocken.\n",
        blocks=[BlockInput(kind="calendar"), BlockInput(kind="board"), BlockInput(kind="office")],
    )  # fmt: skip
    shown = _section(plan, "Organisation")
    assert [next(iter(part)) if "text" in part else part["block"] for part in shown.parts] == [
        "text", "board", "text", "calendar", "office",
    ]  # fmt: skip
    assert "Inledning." in shown.parts[0]["text"] and "[[datablock" not in shown.body_html
    assert [block.number for block in section.blocks.all()] == [1, 2, 3]


def test_body_layout_places_each_block_once_and_names_what_it_cannot_place():
    assert body_layout("A\n[[datablock 1]]\nB\n[[ Datablock 1 ]]\n[[datablock 4]]", blocks=2) == (
        ["A\n", 0, "\nB\n", 1],
        [1, 4],
    )
    assert body_layout("Text [[datablock 1]] i raden", blocks=1) == (["Text [[datablock 1]] i raden", 0], [])


def test_the_editor_saves_blocks_in_order_and_the_text_follows_a_removed_block(client_for):
    plan = Plan.objects.get(first_year=2019)
    section = plan.sections.get(title="Vision")
    client = client_for("forbundschef")
    rows = [{"kind": "calendar"}, {"kind": "board"}, {"kind": "office"}]
    body = "Först.\n\n[[datablock 1]]\n\nSedan.\n\n[[datablock 3]]\n"
    response = client.post(f"/planer/{plan.pk}/avsnitt/{section.pk}/", section_post(section, body=body, blocks=rows))
    assert response.status_code == 302
    section.refresh_from_db()
    assert [(block.number, block.kind) for block in section.blocks.all()] == [(1, "calendar"), (2, "board"),
                                                                              (3, "office")]  # fmt: skip
    page = client.get(f"/planer/{plan.pk}/avsnitt/{section.pk}/").content.decode()
    assert page.count("data-insert-block=") == 4  # "Infoga datablock här": three blocks and the empty row
    assert "Här visas datablock 1." in page  # the preview shows where the blocks go

    # Block 1 goes: its line goes with it, and block 3 is now block 2.
    rows = [{**row, "DELETE": index == 0} for index, row in enumerate(block_rows(section))]
    response = client.post(f"/planer/{plan.pk}/avsnitt/{section.pk}/", section_post(section, blocks=rows))
    assert response.status_code == 302
    section.refresh_from_db()
    assert [(block.number, block.kind) for block in section.blocks.all()] == [(1, "board"), (2, "office")]
    assert section.body == "Först.\n\nSedan.\n\n[[datablock 2]]"


def test_a_block_that_needs_a_reference_refuses_to_save_without_one(client_for, users):
    plan = Plan.objects.get(first_year=2019)
    section = plan.sections.get(title="Vision")
    before = (section.body, block_rows(section), section.revision)
    with pytest.raises(ValidationError, match="Datablock 2 \\(Ett styrelsemöte\\): Välj vilket möte blocket ska visa."):
        section_update(
            section=section, title=section.title, body="Ny text", expected_revision=section.revision,
            acting_user=users["forbundschef"], blocks=[BlockInput(kind="board"), BlockInput(kind="meeting")],
        )  # fmt: skip
    section = Section.objects.get(pk=section.pk)
    assert (section.body, block_rows(section), section.revision) == before
    response = client_for("forbundschef").post(
        f"/planer/{plan.pk}/avsnitt/{section.pk}/",
        section_post(section, body="Ny text", blocks=[{"kind": "project"}]),
    )
    assert response.status_code == 200 and "Välj vilken insats blocket ska visa." in response.content.decode()
    section = Section.objects.get(pk=section.pk)
    assert (section.body, block_rows(section), section.revision) == before


def test_the_meeting_block_shows_the_meeting_and_says_when_it_is_gone(users):
    plan = Plan.objects.get(first_year=2019)
    meeting = MeetingFactory(
        starts_on=datetime.date(2019, 2, 15), title="HELÅRSREDOVISNING", location="Lindesberg",
        start_time=datetime.time(9, 30), end_time=datetime.time(12), year=2019,
    )  # fmt: skip
    section = section_add(plan=plan, title="Årsmötet", blocks=[BlockInput(kind="meeting", meeting=meeting)])
    html = _section(plan, "Årsmötet").block_html
    for text in ("2019-02-15", "09.30–12.00", "Lindesberg", "HELÅRSREDOVISNING"):
        assert text in html, text
    Meeting.objects.filter(pk=meeting.pk).update(title="HELÅRSREDOVISNING OCH REVISION")
    assert "HELÅRSREDOVISNING OCH REVISION" in _section(plan, "Årsmötet").block_html  # by key, not by name
    Meeting.objects.filter(pk=meeting.pk).delete()
    assert (
        "Mötet som datablocket visade (2019-02-15 HELÅRSREDOVISNING) finns inte längre i sofint."
        in _section(plan, "Årsmötet").block_html
    )
    number = next(node for node in plan_document(plan).sections if node.section_id == section.pk).number
    assert (
        f"Avsnitt {number} Årsmötet: mötet i datablock 1 (2019-02-15 HELÅRSREDOVISNING) finns inte längre i "
        "sofint; välj en annan eller ta bort blocket." in plan_readiness(plan)
    )


def test_target_groups_carry_their_description_unless_the_block_leaves_it_out():
    plan = plan_create(first_year=2031)
    TargetGroupPriorityFactory(
        year=2031, target_group__name="Unga vuxna", target_group__description="Med försörjningsstöd."
    )
    section_add(plan=plan, title="Med", blocks=[BlockInput(kind="target_groups")])
    section_add(plan=plan, title="Utan", blocks=[BlockInput(kind="target_groups", param="utan-beskrivning")])
    assert "Med försörjningsstöd." in _section(plan, "Med").block_html
    assert "Unga vuxna" in _section(plan, "Utan").block_html
    assert "Med försörjningsstöd." not in _section(plan, "Utan").block_html


def test_the_preparatory_group_block_lists_the_year_s_members():
    plan = plan_create(first_year=2031)
    PreparatoryGroupMembershipFactory(person__name="Berit Beredare", title="Verksamhetschef",
                                      active_from=datetime.date(2031, 3, 1))  # fmt: skip
    PreparatoryGroupMembershipFactory(person__name="Gammal Ledamot", active_to=datetime.date(2030, 12, 31))
    section_add(plan=plan, title="Beredningsgruppen", block="preparatory_group")
    html = _section(plan, "Beredningsgruppen").block_html
    assert "Berit Beredare" in html and "Verksamhetschef" in html and "från 2031-03-01" in html
    assert "Gammal Ledamot" not in html


def test_the_office_block_shows_a_change_of_extent_within_the_year_as_dated_rows():
    plan = plan_create(first_year=2031)
    person = PersonFactory(name="Karin Kanslist")
    StaffPositionFactory(person=person, percent_of_full_time=80, active_from=datetime.date(2030, 1, 1),
                         active_to=datetime.date(2031, 6, 30))  # fmt: skip
    later = StaffPositionFactory(person=person, percent_of_full_time=60, active_from=datetime.date(2031, 7, 1))
    later.employer = person.positions.first().employer
    later.save()
    section_add(plan=plan, title="Kansliet", block="office")
    html = _section(plan, "Kansliet").block_html
    assert html.count("Karin Kanslist") == 1
    assert "80\u00a0% till och med 2031-06-30, därefter 60\u00a0%" in html.replace("\u202f", "\u00a0")


def test_a_span_plan_shows_each_block_for_each_year_and_checks_every_year():
    plan = plan_create(first_year=2032, last_year=2033)
    TargetGroupPriorityFactory(year=2032, target_group__name="Unga 2032")
    TargetGroupPriorityFactory(year=2033, target_group__name="Unga 2033")
    section_add(plan=plan, title="Målgrupper", block="target_groups")
    section_add(plan=plan, title="Styrelsen", block="board")
    html = _section(plan, "Målgrupper").block_html
    assert html.index("År 2032") < html.index("Unga 2032") < html.index("År 2033") < html.index("Unga 2033")
    assert "År 20" not in _section(plan, "Styrelsen").block_html  # both years show the same board: once
    readiness = plan_readiness(plan)
    for year in (2032, 2033):
        assert f"Det finns ingen budget för {year}." in readiness
        assert f"Kalendariet för {year} saknas." in readiness


def test_a_version_stored_with_one_block_per_section_loads_and_compares_as_before():
    old = {
        "title": "Verksamhetsplan 2018", "years": "2018", "organisation_name": "SOFINT", "organisation_number": "1",
        "status_line": "Utkast", "is_draft": True,
        "sections": [{"number": "1", "level": 1, "title": "Styrelse", "anchor": "avsnitt-1", "body_source": "Text",
                      "body_html": "<p>Text</p>", "block": "board", "block_label": "Styrelsen",
                      "block_html": "<table><tr><td>Anna</td></tr></table>", "section_id": 7}],
    }  # fmt: skip
    document = Document.from_json(old)
    [section] = document.sections
    board = {"block": "board", "label": "Styrelsen", "html": "<table><tr><td>Anna</td></tr></table>"}
    assert section.parts == [{"text": "<p>Text</p>"}, board]
    new = Document.from_json(document.to_json())
    new.sections[0].parts[1]["html"] = "<table><tr><td>Bertil</td></tr></table>"
    [change] = document_changes(document, new).sections
    # A table with neither caption nor header: its renamed row is named "rad".
    assert [str(figure) for figure in change.figures] == ["1 rad: Anna → Bertil"]


def test_two_editors_changing_blocks_lose_nothing_to_each_other(users):
    plan = Plan.objects.get(first_year=2019)
    section = plan.sections.get(title="Vision")
    opened = section.revision
    section_update(section=section, title=section.title, body=section.body, expected_revision=opened,
                   acting_user=users["forbundschef"], blocks=[BlockInput(kind="calendar")])  # fmt: skip
    with pytest.raises(StaleWriteError):
        section_update(section=Section.objects.get(pk=section.pk), title=section.title, body=section.body,
                       expected_revision=opened, acting_user=users["forbundschef"],
                       blocks=[BlockInput(kind="office")])  # fmt: skip
    assert [block.kind for block in Section.objects.get(pk=section.pk).blocks.all()] == ["calendar"]


def test_markers_are_read_in_text_as_browsers_send_it():
    from plans.services import renumber_markers

    assert body_layout("A\r\n[[datablock 1]]\r\nB", blocks=1)[0] == ["A\r\n", 0, "\nB"]
    assert renumber_markers("A\r\n\r\n[[datablock 1]]\r\n\r\nB", numbers={}, removed={1}) == "A\r\n\r\nB"


def test_two_posts_at_once_are_two_rows_and_a_post_starting_in_the_year_says_from_when():
    from governance.selectors import staff_for_year

    person = PersonFactory(name="Dubbel Tjänst")
    first = StaffPositionFactory(person=person, percent_of_full_time=50, active_from=datetime.date(2030, 1, 1))
    StaffPositionFactory(person=person, employer=first.employer, percent_of_full_time=20,
                         active_from=datetime.date(2031, 3, 1))  # fmt: skip
    rows = [row for row in staff_for_year(year=2031) if row.position.person == person]
    assert sorted(row.extent_label.replace("\u202f", " ").replace("\u00a0", " ") for row in rows) == [
        "20 % från 2031-03-01", "50 %",
    ]  # fmt: skip


def test_a_span_plan_over_an_election_names_the_board_of_each_term():
    plan = plan_create(first_year=2017, last_year=2019)  # SOFINT's terms start 1 January after the election
    section_add(plan=plan, title="Styrelsen", block="board")
    html = _section(plan, "Styrelsen").block_html
    assert html.index("År 2017–2018") < html.index("Styrelsen 2015–2018 – ordinarie ledamöter") < html.index("År 2019")
    missing = "Ingen mandatperiod omfattar 2019: mandatperioden 2015–2018 löpte ut 2018-12-31."
    assert html.index("År 2019") < html.index(missing)


def test_a_copied_plan_keeps_its_meeting_block_and_is_asked_to_choose_one_of_its_years(client_for):
    from plans.services import plan_copy_to_next_year

    plan = plan_create(first_year=2030)
    meeting = MeetingFactory(starts_on=datetime.date(2030, 5, 20), title="UPPFÖLJNING", year=2030)
    section_add(plan=plan, title="Mötet", blocks=[BlockInput(kind="meeting", meeting=meeting)])
    copy = plan_copy_to_next_year(plan=plan)
    assert copy.first_year == 2031
    section = copy.sections.get(title="Mötet")
    page = client_for("forbundschef").get(f"/planer/{copy.pk}/avsnitt/{section.pk}/")
    assert f'<option value="{meeting.pk}" selected>2030-05-20 UPPFÖLJNING</option>' in page.content.decode()
    copy2 = plan_create(first_year=2033)
    section_add(plan=copy2, title="Mötet", blocks=[BlockInput(kind="meeting", meeting=meeting)])
    assert (
        "Avsnitt 1 Mötet: datablock 1 visar mötet 2030-05-20 UPPFÖLJNING, som inte hör till planens år; "
        "välj ett annat möte om det ska vara ett av årets." in plan_readiness(copy2)
    )
