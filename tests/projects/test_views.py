"""The project pages as the roles use them: reading, the förbundschef's forms, and the exports."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from core.models import AuditEvent
from core.roles import DIRECTOR
from governance.models import Member
from projects.models import FollowUpReport, Goal, GoalResult, Project, StatusChange
from tests.core.factories import UserFactory
from tests.projects.factories import BoardMeetingFactory, GoalFactory, ProjectFactory

SAMVERKANSTEAMET = 1
MOTTAGNINGSTEAMET = 2

JUNE_BOARD_MEETING = 3  # the demo calendar's board meeting of 2018-06-01 (UPPFÖLJNING)


def _text(response) -> str:
    return response.content.decode()


def _csv_rows(response) -> list[list[str]]:
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def owner_fields(owners, prefix="owners") -> dict:
    """Return the owners' formset fields for `owners`: member ids, or (member id, unit) pairs."""
    rows = [owner if isinstance(owner, tuple) else (owner, "") for owner in owners]
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, (member, unit) in enumerate(rows):
        data[f"{prefix}-{index}-member"] = member
        data[f"{prefix}-{index}-unit"] = unit
    return data


def post_goal(client, url, data):
    """Post a goal form; when the page shows what it read first, save again what it shows (as a user does)."""
    response = client.post(url, data)
    if response.status_code == 200 and response.context.get("reading"):
        response = client.post(url, {**response.context["form"].data.dict(), "save": "1"})
    return response


def _project_post(**overrides):
    owners = overrides.pop("owners", [5])
    data = {
        "name": "Unga till arbete",
        "kind": Project.Kind.INDIVIDUAL,
        "short_description": "Stöd till **unga** vuxna.",
        "description": "",
        "participants": [2, 5],
        "target_groups": [1],
        "starts_on": "2019-01-01",
        "ends_on": "2019-12-31",
        "leader": "",
        "follow_up_national": "on",
        "follow_up_text": "",
        "years-TOTAL_FORMS": "1",
        "years-INITIAL_FORMS": "0",
        "years-MIN_NUM_FORMS": "0",
        "years-MAX_NUM_FORMS": "1000",
        "years-0-year": "2019",
        "years-0-granted": "450000",
        "years-0-planned_women": "12",
        "years-0-planned_men": "10",
        **owner_fields(owners),
    }
    data.update(overrides)
    return data


def test_list_shows_the_demo_projects_and_filters(client_for):
    client = client_for("styrelse")
    page = _text(client.get("/insatser/"))
    assert "Samverkansteamet" in page and "Mottagningsteamet" in page
    assert "1\u202f855\u202f250\u00a0kr" in page or "1\u202f855\u202f250\u202fkr" in page

    filtered = _text(client.get("/insatser/", {"status": "avslutad"}))
    assert "Samverkansteamet" not in filtered and "Inga insatser matchar" in filtered
    assert "Samverkansteamet" in _text(client.get("/insatser/", {"year": 2018, "kind": "individ", "owner": 5}))
    assert "Samverkansteamet" not in _text(client.get("/insatser/", {"kind": "struktur"}))
    assert "Samverkansteamet" not in _text(client.get("/insatser/", {"owner": 1}))


def test_project_page_shows_goals_verbatim_with_colour_text_and_rule(client_for):
    page = _text(client_for("revisor").get(f"/insatser/{SAMVERKANSTEAMET}/"))
    assert "Att individer upplever stegförflyttning och närmar sig arbete eller studier." in page
    assert "Riktmärke blir att varje coach ansvarar för 20 deltagare, då coach arbetar 100%." in page
    assert "minst 20 per coach" in page
    assert "attain-yellow" in page and "Nära målet" in page  # colour and words
    assert "Ej mätbart" in page
    assert "Så räknas måluppfyllelsen" in page
    assert "Uppföljning Finsam (SUS)" in page and "Indikatorer" in page
    assert "1\u202f855\u202f250\u202fkr" in page
    # Only the förbundschef is offered the forms.
    assert "Ny rapport" not in page
    assert "Ny rapport" in _text(client_for("forbundschef").get(f"/insatser/{SAMVERKANSTEAMET}/"))


def test_descriptions_are_safe_markdown(client_for):
    project = ProjectFactory(description="**fet** <script>alert(1)</script> [länk](javascript:alert(1))")
    page = _text(client_for("styrelse").get(f"/insatser/{project.pk}/"))
    assert "<strong>fet</strong>" in page
    assert "<script>alert" not in page
    assert "javascript:" not in page


def test_director_creates_a_project_with_money_per_year(client_for):
    response = client_for("forbundschef").post("/insatser/ny/", _project_post())
    project = Project.objects.get(name="Unga till arbete")
    assert response.status_code == 302 and response["Location"] == f"/insatser/{project.pk}/"
    assert project.status == Project.Status.IDEA
    assert set(project.participants.values_list("pk", flat=True)) == {2, 5}
    money = project.years.get()
    assert (money.year, money.granted, money.planned_women, money.planned_men) == (2019, 450000, 12, 10)


def test_individual_project_with_one_member_is_saved_with_a_warning_and_the_reason(client_for):
    # The plan names one owning unit: entered as written, never refused; the page says why to look again.
    client = client_for("forbundschef")
    response = client.post(
        "/insatser/ny/", _project_post(owners=[(3, "Vuxenpsykiatrin")], participants=[]), follow=True
    )
    project = Project.objects.get(name="Unga till arbete")
    assert project.owner_label == "Vuxenpsykiatrin, Region Örebro län"
    page = _text(response)
    assert "Vuxenpsykiatrin, Region Örebro län" in page
    assert (
        "Individinriktad insats ska enligt lagen om finansiell samordning involvera minst två medlemmar; "
        "insatsen nämner bara en medlem (Region Örebro län)"
    ) in page
    assert "member-warning" in response.content.decode()


def test_director_edits_a_project(client_for):
    client = client_for("forbundschef")
    opened = Project.objects.get(pk=SAMVERKANSTEAMET).revision  # as the page carries it
    data = _project_post(name="Samverkansteamet", revision=opened, **{"years-TOTAL_FORMS": "0"})
    response = client.post(f"/insatser/{SAMVERKANSTEAMET}/andra/", data)
    assert response.status_code == 302
    project = Project.objects.get(pk=SAMVERKANSTEAMET)
    assert project.short_description == "Stöd till **unga** vuxna."
    assert project.status == Project.Status.RUNNING  # editing never moves the status


@pytest.mark.parametrize("role", ["ekonom", "styrelse", "revisor"])
def test_other_roles_cannot_post_forms(client_for, role):
    client = client_for(role)
    assert client.post("/insatser/ny/", _project_post()).status_code == 403
    assert client.post(f"/insatser/{SAMVERKANSTEAMET}/status/", {"to_status": "avslutad"}).status_code == 403
    assert client.post(f"/insatser/{SAMVERKANSTEAMET}/mal/nytt/", {"term": "kort", "text": "x"}).status_code == 403
    assert not Project.objects.filter(name="Unga till arbete").exists()


def test_goal_form_reads_the_target_from_plan_wording(client_for):
    client = client_for("forbundschef")
    url = f"/insatser/{MOTTAGNINGSTEAMET}/mal/nytt/"
    response = client.post(
        url, {"term": "lang", "text": "15–20 % ska gå till arbete.", "target_text": "15–20 %", "order": "5"}
    )
    # Nothing is saved before the user has seen what was read.
    assert response.status_code == 200 and not Goal.objects.filter(text="15–20 % ska gå till arbete.").exists()
    assert "Läst som: 15–20\u202f% (andel)" in _text(response)
    response = post_goal(client, url, response.context["form"].data.dict())
    assert response.status_code == 302
    goal = Goal.objects.get(text="15–20 % ska gå till arbete.")
    assert (goal.measure, goal.comparison, goal.target, goal.target_max) == ("andel", "intervall", 15, 20)

    edit = {"term": "lang", "text": goal.text, "order": "5", "revision": goal.revision}  # as the page carries it
    response = client.post(f"/insatser/mal/{goal.pk}/andra/", {**edit, "target_text": "många"})
    assert response.status_code == 200
    assert "Hittar inget tal" in _text(response)
    # Emptying the target shows what the goal's own text reads as; emptying the fields then makes it text only.
    response = client.post(f"/insatser/mal/{goal.pk}/andra/", {**edit, "target_text": ""})
    assert "Läst som: 15–20\u202f% (andel)" in _text(response)
    goal.refresh_from_db()
    assert goal.target_spec is not None  # nothing saved yet
    client.post(f"/insatser/mal/{goal.pk}/andra/", {**edit, "target_text": "", "reading_of": goal.text})
    goal.refresh_from_db()
    assert goal.target_spec is None


def test_status_form_records_the_decision_and_refuses_wrong_moves(client_for):
    client = client_for("forbundschef")
    project = ProjectFactory(status=Project.Status.APPLIED)
    response = client.post(f"/insatser/{project.pk}/status/", {"to_status": "beviljad", "decided_on": "2018-06-01"})
    assert response.status_code == 200
    assert "Ange styrelsemötet som fattade beslutet" in _text(response)

    response = client.post(
        f"/insatser/{project.pk}/status/",
        {"to_status": "beviljad", "meeting": JUNE_BOARD_MEETING, "decided_on": "2018-06-01"},
    )
    assert response.status_code == 302
    change = StatusChange.objects.get(project=project)
    assert change.meeting_id == JUNE_BOARD_MEETING and change.changed_by.username == "forbundschef"
    assert change.decided_on == datetime.date(2018, 6, 1)
    assert "beslut vid styrelsemötet 2018-06-01" in _text(client.get(f"/insatser/{project.pk}/"))

    response = client.post(f"/insatser/{project.pk}/status/", {"to_status": "ansokan", "decided_on": "2018-06-02"})
    assert response.status_code == 200  # not among the choices: refused
    project.refresh_from_db()
    assert project.status == Project.Status.GRANTED


def test_report_form_records_counts_and_values(client_for):
    client = client_for("forbundschef")
    goal = Goal.objects.get(project=SAMVERKANSTEAMET, measure="antal_per")
    response = client.post(
        f"/insatser/{SAMVERKANSTEAMET}/rapporter/ny/",
        {
            "kind": "helar",
            "period_start": "2018-01-01",
            "period_end": "2018-12-31",
            "meeting": JUNE_BOARD_MEETING,
            "participants_women": "30",
            "participants_men": "25",
            "narrative": "Helåret.",
            f"goal_{goal.pk}": "21",
        },
    )
    assert response.status_code == 302
    report = FollowUpReport.objects.get(kind="helar", project=SAMVERKANSTEAMET)
    assert report.recorded_by.username == "forbundschef"
    assert GoalResult.objects.get(report=report, goal=goal).value == Decimal(21)
    page = _text(client.get(report.get_absolute_url()))
    assert "30 kvinnor, 25 män, totalt 55" in page
    matrix = _text(client.get("/maluppfyllelse/2018/"))
    assert 'data-attainment="uppfyllt"' in matrix


def test_matrix_page_shows_colours_with_words_and_the_rule(client_for):
    page = _text(client_for("styrelse").get("/maluppfyllelse/2018/"))
    assert "Måluppfyllelse 2018" in page
    assert 'data-attainment="uppfyllt"' in page  # Mottagningsteamet: 9 days, at most 14
    assert 'data-attainment="nara"' in page  # Samverkansteamet: 18 per coach, at least 20
    assert "bi-check-circle-fill" in page and "Uppfyllt" in page
    assert "Så räknas måluppfyllelsen" in page
    assert "Inga beviljade eller pågående insatser 2017" in _text(client_for("styrelse").get("/maluppfyllelse/2017/"))


def test_matrix_csv_export(client_for):
    response = client_for("ekonom").get("/maluppfyllelse/2018/maluppfyllelse.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="maluppfyllelse-2018.csv"' in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert rows[0][:4] == ["Insats", "Status", "Sikt", "Mål"]
    waiting = next(row for row in rows if "första besökstid inom två veckor" in row[3])
    assert waiting[0] == "Mottagningsteamet"
    assert waiting[4:] == ["högst 14 dagar", "9", "Delrapport", "2018-05-31", "Uppfyllt", "Grön", "Lindesbergs kommun"]
    assert len(rows) == 1 + 9


@pytest.mark.parametrize("evil", ['=HYPERLINK("x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"])
def test_exports_escape_formulae(client_for, evil):
    project = ProjectFactory(name=evil)
    GoalFactory(project=project, text=evil)
    client = client_for("forbundschef")
    rows = _csv_rows(client.get("/maluppfyllelse/2018/maluppfyllelse.csv"))
    row = next(row for row in rows if row[0].endswith(evil.strip()) or row[0] == "'" + evil)
    assert row[0] == "'" + evil and row[3] == "'" + evil

    workbook = load_workbook(io.BytesIO(client.get("/maluppfyllelse/2018/maluppfyllelse.xlsx").content))
    names = [cell.value for cell in workbook.active["A"]]
    # XML keeps a carriage return as a newline; what matters is the leading apostrophe.
    assert any(isinstance(v, str) and v.startswith("'") and v[2:] == evil[1:] for v in names)
    assert all(not (isinstance(v, str) and v.startswith(("=", "+", "-", "@"))) for v in names)

    national = _csv_rows(client.get("/insatser/nationell-uppfoljning/2018.csv"))
    assert any(row[1] == "'" + evil for row in national)


def test_matrix_xlsx_export_has_colours(client_for):
    response = client_for("revisor").get("/maluppfyllelse/2018/maluppfyllelse.xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Måluppfyllelse 2018"
    rows = list(sheet.iter_rows(min_row=2))
    met = next(row for row in rows if row[8].value == "Uppfyllt")
    assert met[5].value == 9  # a number, not text
    assert met[8].fill.fgColor.rgb.endswith("C6EFCE")


def test_national_followup_csv(client_for):
    rows = _csv_rows(client_for("ekonom").get("/insatser/nationell-uppfoljning/2018.csv"))
    header, *body = rows
    assert header[4:6] == ["Budget (kr)", "Utfall (kr)"]
    samverkan = next(row for row in body if row[1] == "Samverkansteamet")
    assert samverkan[0] == "2018"
    assert samverkan[4] == "1855250"
    assert samverkan[9:12] == ["24", "19", "43"]
    assert samverkan[13:] == ["Lindesbergs kommun", "2018-01-01 – 2018-12-31"]
    # Only counts and amounts: nothing about a single participant.
    assert len(header) == 15


def test_national_followup_takes_the_years_last_report(client_for):
    project = ProjectFactory(name="Helår")
    meeting = BoardMeetingFactory()
    FollowUpReport.objects.create(
        project=project,
        period_start=datetime.date(2018, 1, 1),
        period_end=datetime.date(2018, 6, 30),
        participants_women=5,
        participants_men=5,
        meeting=meeting,
    )
    FollowUpReport.objects.create(
        project=project,
        kind="helar",
        period_start=datetime.date(2018, 1, 1),
        period_end=datetime.date(2018, 12, 31),
        participants_women=11,
        participants_men=9,
        meeting=meeting,
    )
    rows = _csv_rows(client_for("ekonom").get("/insatser/nationell-uppfoljning/2018.csv"))
    row = next(row for row in rows if row[1] == "Helår")
    assert row[9:12] == ["11", "9", "20"]
    assert row[4] == ""  # no money entered for the year


def test_target_groups_page_lists_the_2018_priority_order(client_for):
    page = _text(client_for("styrelse").get("/insatser/malgrupper/"))
    first, second, third = (
        page.index("Unga, i ålder 18-29 år"),
        page.index("Personer med Aktivitetsersättning"),
        page.index("Alla i arbetsför ålder, 19-65 år"),
    )
    assert first < second < third
    assert "Prioriteringsordning 2018" in page


def test_nav_has_insatser(client_for):
    assert 'href="/insatser/">Insatser</a>' in _text(client_for("styrelse").get("/"))


def test_demo_has_both_teams_as_in_the_plan(demo):
    samverkan = Project.objects.get(name="Samverkansteamet")
    assert samverkan.status == Project.Status.RUNNING and samverkan.kind == Project.Kind.INDIVIDUAL
    assert samverkan.short_description.startswith("Samverkansteamets verksamhet riktar sig till personer")
    assert samverkan.description.startswith("Under 2018 fortsätter SOFINT att finansiera ett Samverkansteam")
    assert samverkan.follow_up_text.startswith("Genom att följa upp deltagares nöjdhet, stegförflyttning")
    assert samverkan.years.get(year=2018).granted == 1_855_250
    assert Project.objects.get(name="Mottagningsteamet").years.get(year=2018).granted == 57_750
    assert set(Member.objects.filter(participating_projects=samverkan).values_list("name", flat=True)) == {
        "Arbetsförmedlingen",
        "Region Örebro län",
        "Lindesbergs kommun",
    }
    assert Goal.objects.filter(project=samverkan, term="kort").count() == 3
    assert Goal.objects.filter(project=samverkan, term="lang").count() == 2


def test_goal_form_can_go_straight_on_to_the_next_goal(client_for):
    response = post_goal(
        client_for("forbundschef"),
        f"/insatser/{MOTTAGNINGSTEAMET}/mal/nytt/",
        {
            "term": "kort",
            "text": "Minst 100 personer under ett kalenderår.",
            "target_text": "minst 100 per kalenderår",
            "order": "3",
            "save_add": "1",
        },
    )
    assert response["Location"] == f"/insatser/{MOTTAGNINGSTEAMET}/mal/nytt/"


def test_matrix_without_a_year_opens_the_latest_year_with_projects(client_for):
    page = _text(client_for("styrelse").get("/maluppfyllelse/"))
    assert "Måluppfyllelse 2018" in page


def test_report_form_for_a_project_without_measurable_goals_says_so(client_for):
    project = ProjectFactory()
    page = _text(client_for("forbundschef").get(f"/insatser/{project.pk}/rapporter/ny/"))
    assert "Insatsen har inga mätbara mål ännu" in page


@pytest.fixture
def second_director(users):
    """Another förbundschef, in a browser of their own."""
    client = Client()
    client.force_login(UserFactory(username="chef2", role=DIRECTOR))
    return client


def _opened_revision(client, url) -> int:
    return client.get(url).context["form"]["revision"].value()


def test_a_project_saved_from_a_page_opened_before_anothers_save_is_refused(client_for, second_director):
    first = client_for("forbundschef")
    url = f"/insatser/{SAMVERKANSTEAMET}/andra/"
    first_opened, second_opened = _opened_revision(first, url), _opened_revision(second_director, url)
    unchanged = {"name": "Samverkansteamet", "years-TOTAL_FORMS": "0"}

    response = first.post(url, _project_post(**unchanged, short_description="Först", revision=first_opened))
    assert response.status_code == 302
    response = second_director.post(
        url,
        _project_post(
            short_description="Sen",
            revision=second_opened,
            **{"name": "Samverkansteamet", "years-TOTAL_FORMS": "1", "years-0-year": "2019"},
        ),
    )

    assert response.status_code == 409
    page = _text(response)
    assert "Insats ändrades av någon annan medan du redigerade" in page
    assert "Kort beskrivning: sparat ”Först”, du skickade ”Sen”" in page
    assert "Ingenting av det du skickade har sparats." in page
    assert response.context["form"]["short_description"].value() == "Sen"  # the user's values kept
    assert response.context["formset"].forms[0]["year"].value() == "2019"
    project = Project.objects.get(pk=SAMVERKANSTEAMET)
    assert project.short_description == "Först"
    assert not project.years.filter(year=2019).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.GRANT_CHANGED).exists()


def test_a_goal_saved_from_a_form_opened_before_anothers_save_is_refused(client_for, second_director):
    first = client_for("forbundschef")
    goal = Goal.objects.filter(project=MOTTAGNINGSTEAMET).first()
    url = f"/insatser/mal/{goal.pk}/andra/"
    first_opened, second_opened = _opened_revision(first, url), _opened_revision(second_director, url)
    data = {"term": goal.term, "target_text": "", "order": "5"}

    assert first.post(url, {**data, "text": "Först.", "revision": first_opened}).status_code == 302
    response = second_director.post(url, {**data, "text": "Sen.", "revision": second_opened})

    assert response.status_code == 409
    assert "Mål: sparat ”Först.”, du skickade ”Sen.”" in _text(response)
    goal.refresh_from_db()
    assert goal.text == "Först."


def test_a_report_saved_from_a_form_opened_before_anothers_save_is_refused(client_for, second_director):
    first = client_for("forbundschef")
    report = FollowUpReport.objects.filter(project=SAMVERKANSTEAMET).first()
    url = f"/insatser/rapporter/{report.pk}/andra/"
    first_opened, second_opened = _opened_revision(first, url), _opened_revision(second_director, url)
    data = {
        "kind": report.kind,
        "period_start": report.period_start.isoformat(),
        "period_end": report.period_end.isoformat(),
        "participants_women": "1",
        "narrative": "",
    }

    assert first.post(url, {**data, "participants_men": "2", "revision": first_opened}).status_code == 302
    response = second_director.post(url, {**data, "participants_men": "3", "revision": second_opened})

    assert response.status_code == 409
    assert "Deltagare, män: sparat 2, du skickade 3" in _text(response)
    report.refresh_from_db()
    assert report.participants_men == 2
