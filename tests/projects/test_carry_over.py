"""Carrying running projects into the next year (/insatser/fortsatt/<year>/): one form, one transaction."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEvent
from projects import selectors, services
from projects.models import Precision, Project, ProjectYear
from tests.governance.factories import PreparatoryGroupMembershipFactory
from tests.growth import grow_all
from tests.projects.factories import BoardMeetingFactory, GoalFactory, ProjectFactory, ProjectYearFactory

SAMVERKANSTEAMET = 1  # 1 855 250 kr for 2018, 5 goals
MOTTAGNINGSTEAMET = 2  # 57 750 kr for 2018, 4 goals
URL = "/insatser/fortsatt/2019/"
CARRIED = AuditEvent.Action.PROJECT_CARRIED_OVER


def _text(response) -> str:
    """Return the page's text with the thin spaces of amounts ("1 855 250 kr") as plain spaces."""
    return response.content.decode().replace("\u202f", " ").replace("\u00a0", " ")


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _row(project: Project, *, continues=True, granted="", ends_on=None) -> dict:
    prefix = f"insats-{project.pk}"
    data = {f"{prefix}-revision": str(project.revision), f"{prefix}-granted": granted}
    if continues:
        data[f"{prefix}-continues"] = "on"
    if ends_on is not None:
        data[f"{prefix}-ends_on"] = ends_on
    return data


def _both(*rows: dict, **overrides) -> dict:
    """A post that carries both demo projects into 2019 with a new end.

    `rows` (from _row) replace a demo project's row, `overrides` single fields.
    """
    samverkan, mottagning = Project.objects.get(pk=SAMVERKANSTEAMET), Project.objects.get(pk=MOTTAGNINGSTEAMET)
    data = {
        **_row(samverkan, granted="1 900 000", ends_on="2019-12-31"),
        **_row(mottagning, granted="60000", ends_on="2019-12-31"),
        "decision_reference": "Styrelsebeslut 2018-11-23 § 6",
    }
    for row in rows:
        prefix = next(iter(row)).rsplit("-", 1)[0]
        data = {key: value for key, value in data.items() if not key.startswith(prefix + "-")} | row
    return data | overrides


def _nothing_saved():
    assert not ProjectYear.objects.filter(year=2019).exists()
    assert set(Project.objects.values_list("ends_on", flat=True)) == {datetime.date(2018, 12, 31)}
    assert not AuditEvent.objects.filter(action__in=[CARRIED, AuditEvent.Action.GRANT_CHANGED]).exists()


@pytest.mark.django_db
def test_the_page_lists_the_demo_projects_funded_in_2018(client_for):
    response = client_for("forbundschef").get(URL)
    assert response.status_code == 200
    text = _text(response)
    assert "Samverkansteamet" in text and "Mottagningsteamet" in text
    assert "1 855 250 kr" in text
    assert "2018-01-01 – 2018-12-31" in text
    assert 'value="2019-12-31"' in text  # the new end's suggestion: the year's last day, as the period gives days
    assert "Fortsätter 2019" in text
    candidates = {candidate.project.pk: candidate for candidate in selectors.projects_to_carry_over(year=2019)}
    assert {pk: (c.last_granted, c.goal_count) for pk, c in candidates.items()} == {
        SAMVERKANSTEAMET: (1_855_250, 5),
        MOTTAGNINGSTEAMET: (57_750, 4),
    }
    # The amount is not filled in for the user: a new year's money is a new decision.
    form = response.context["row_forms"][0]
    assert form["granted"].value() in (None, "")


@pytest.mark.django_db
def test_the_director_carries_both_demo_projects_into_2019(client_for):
    client = client_for("forbundschef")
    revisions = dict(Project.objects.values_list("pk", "revision"))
    response = client.post(URL, _both())
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:list")
    assert _messages(response) == ["2 insatser fortsätter 2019."]

    rows = {row.project_id: row for row in ProjectYear.objects.filter(year=2019)}
    assert {pk: row.granted for pk, row in rows.items()} == {SAMVERKANSTEAMET: 1_900_000, MOTTAGNINGSTEAMET: 60_000}
    assert {row.decision_reference for row in rows.values()} == {"Styrelsebeslut 2018-11-23 § 6"}
    for project in Project.objects.filter(pk__in=rows):
        assert project.starts_on == datetime.date(2018, 1, 1)  # the start is kept
        assert project.ends_on == datetime.date(2019, 12, 31)
        assert project.ends_precision == Precision.DAY
        assert project.revision == revisions[project.pk] + 1  # a page opened before is refused
    # 2018's money is untouched.
    assert ProjectYear.objects.get(project=SAMVERKANSTEAMET, year=2018).granted == 1_855_250

    carried = AuditEvent.objects.filter(action=CARRIED).order_by("pk")
    assert [event.details["project"] for event in carried] == [MOTTAGNINGSTEAMET, SAMVERKANSTEAMET]  # by name
    event = carried.get(details__project=SAMVERKANSTEAMET)
    assert event.user.username == "forbundschef"
    assert event.details["ends_on_before"] == "2018-12-31" and event.details["ends_on_after"] == "2019-12-31"
    assert "Samverkansteamet fortsätter 2019" in event.summary
    assert "2018-01-01 – 2018-12-31 → 2018-01-01 – 2019-12-31" in event.summary
    grants = AuditEvent.objects.filter(action=AuditEvent.Action.GRANT_CHANGED)
    assert sorted(event.details["granted_after"] for event in grants) == [60_000, 1_900_000]

    # The project's history shows the period's change and the new year's money.
    history = _text(client.get(f"/insatser/{SAMVERKANSTEAMET}/historik/"))
    assert "Medel och period" in history
    assert "Samverkansteamet fortsätter 2019" in history
    assert "2018-01-01 – 2019-12-31" in history
    assert "Samverkansteamet 2019: beviljat 0 kr → 1 900 000 kr" in history
    # The project's page shows it too, and nothing is left to carry over.
    detail = _text(client.get(f"/insatser/{SAMVERKANSTEAMET}/"))
    assert "2019-12-31" in detail
    assert selectors.projects_to_carry_over(year=2019) == []
    assert "Inga insatser att föra vidare till 2019" in _text(client.get(URL))


@pytest.mark.django_db
def test_a_project_not_ticked_is_left_as_it_is(client_for):
    mottagning = Project.objects.get(pk=MOTTAGNINGSTEAMET)
    response = client_for("forbundschef").post(URL, _both(_row(mottagning, continues=False, ends_on="2019-12-31")))
    assert response.status_code == 302
    assert _messages(response) == ["1 insats fortsätter 2019."]
    assert list(ProjectYear.objects.filter(year=2019).values_list("project", flat=True)) == [SAMVERKANSTEAMET]
    mottagning.refresh_from_db()
    assert mottagning.ends_on == datetime.date(2018, 12, 31)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("granted", "-5000", "Beloppet kan inte vara negativt."),
        ("granted", "", "Ange beloppet för 2019 i hela kronor"),
        ("granted", "1 500,50", "Skriv beloppet i hela kronor, utan ören"),
        ("granted", "mycket", "Skriv beloppet i hela kronor, utan ören"),
        ("granted", "2000000000", "Beloppet kan vara högst"),
        ("ends_on", "2017-12-31", "Perioden slutar (2017-12-31) innan den börjar (2018-01-01)."),
        ("ends_on", "2018-06-30", "Perioden slutar 2018-06-30, före 2019"),
        ("ends_on", "", "Perioden slutar 2018-12-31, före 2019: ange periodens nya slut."),
        ("ends_on", "slutet av året", "Skriv ett datum (2018-10-01)"),
    ],
)
def test_a_bad_row_changes_nothing_and_says_why_on_its_row(field, value, message, client_for):
    response = client_for("forbundschef").post(URL, _both(**{f"insats-{MOTTAGNINGSTEAMET}-{field}": value}))
    assert response.status_code == 200
    form = {form.candidate.project.pk: form for form in response.context["row_forms"]}[MOTTAGNINGSTEAMET]
    assert any(message in error for error in form.errors[field]), form.errors
    assert message in _text(response)
    assert "Ingenting är sparat" in _text(response)
    _nothing_saved()


@pytest.mark.django_db
def test_an_amount_on_a_row_not_ticked_is_refused(client_for):
    mottagning = Project.objects.get(pk=MOTTAGNINGSTEAMET)
    response = client_for("forbundschef").post(URL, _both(_row(mottagning, continues=False, granted="1")))
    assert response.status_code == 200
    assert "Kryssa i ”Fortsätter 2019” eller töm beloppet." in _text(response)
    _nothing_saved()


@pytest.mark.django_db
def test_every_bad_row_is_told_at_once(client_for):
    """A row the form refuses (an amount in öre) does not hide what the service refuses in another."""
    samverkan, mottagning = Project.objects.get(pk=SAMVERKANSTEAMET), Project.objects.get(pk=MOTTAGNINGSTEAMET)
    data = _both(_row(samverkan, granted="-1", ends_on="2017-06-30"), _row(mottagning, granted="10,50"))
    text = _text(client_for("forbundschef").post(URL, data))
    assert "Skriv beloppet i hela kronor, utan ören" in text
    assert "Beloppet kan inte vara negativt." in text
    assert "Perioden slutar (2017-06-30) innan den börjar (2018-01-01)." in text
    assert "Kryssa i de insatser" not in text
    _nothing_saved()


@pytest.mark.django_db
def test_nothing_ticked_is_refused(client_for):
    samverkan, mottagning = Project.objects.get(pk=SAMVERKANSTEAMET), Project.objects.get(pk=MOTTAGNINGSTEAMET)
    data = {**_row(samverkan, continues=False), **_row(mottagning, continues=False)}
    response = client_for("forbundschef").post(URL, data)
    assert response.status_code == 200
    assert "Kryssa i de insatser som fortsätter 2019." in _text(response)
    _nothing_saved()


@pytest.mark.django_db
def test_a_decision_in_the_future_is_refused(client_for):
    response = client_for("forbundschef").post(URL, _both(decided_on="2099-01-01"))
    assert response.status_code == 200
    assert "Beslutsdatumet 2099-01-01 ligger i framtiden." in _text(response)
    _nothing_saved()


@pytest.mark.django_db
def test_the_shared_decision_goes_on_every_new_year(client_for):
    meeting = BoardMeetingFactory(starts_on=datetime.date(2018, 11, 23))
    data = _both(decided_on="2018-11-23", decision_meeting=str(meeting.pk), decision_reference="")
    assert client_for("forbundschef").post(URL, data).status_code == 302
    for row in ProjectYear.objects.filter(year=2019):
        assert (row.decided_on, row.decision_meeting_id, row.decision_reference) == (
            datetime.date(2018, 11, 23),
            meeting.pk,
            "",
        )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["styrelse", "revisor", "ekonom", "utan_roll"])
def test_the_page_is_the_directors(role, client_for):
    client = client_for(role)
    assert client.get(URL).status_code == 403
    assert client.post(URL, _both()).status_code == 403
    _nothing_saved()


@pytest.mark.django_db
def test_the_anonymous_are_sent_to_log_in(client):
    response = client.post(URL, {})
    assert response.status_code == 302
    assert response["Location"].startswith("/logga-in/")


@pytest.mark.django_db
def test_only_granted_or_running_projects_with_last_years_money_and_no_year_yet_are_listed(client_for):
    ProjectYearFactory(project=Project.objects.get(pk=MOTTAGNINGSTEAMET), year=2019, granted=10)
    finished = ProjectFactory(name="Avslutad insats", status=Project.Status.FINISHED)
    ProjectYearFactory(project=finished, year=2018)
    unfunded = ProjectFactory(name="Utan medel")
    ProjectYearFactory(project=unfunded, year=2018, granted=0)
    granted = ProjectFactory(name="Beviljad insats", status=Project.Status.GRANTED)
    ProjectYearFactory(project=granted, year=2018)
    text = _text(client_for("forbundschef").get(URL))
    assert "Samverkansteamet" in text and "Beviljad insats" in text
    for name in ("Mottagningsteamet", "Avslutad insats", "Utan medel"):
        assert name not in text


@pytest.mark.django_db
def test_a_project_that_already_runs_into_the_year_keeps_its_end(client_for):
    project = ProjectFactory(name="Flerårig", ends_on=datetime.date(2020, 6, 30))
    ProjectYearFactory(project=project, year=2018, granted=5000)
    response = client_for("forbundschef").get(URL)
    form = {form.candidate.project.pk: form for form in response.context["row_forms"]}[project.pk]
    assert "ends_on" not in form.fields
    assert "Perioden räcker in i 2019" in _text(response)
    data = {**_both(), **_row(project, granted="5000")}
    assert client_for("forbundschef").post(URL, data).status_code == 302
    project.refresh_from_db()
    assert project.ends_on == datetime.date(2020, 6, 30)
    assert ProjectYear.objects.get(project=project, year=2019).granted == 5000
    event = AuditEvent.objects.get(action=CARRIED, details__project=project.pk)
    assert "perioden" not in event.summary


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("precision", "suggested", "posted", "stored"),
    [
        (Precision.YEAR, "2019", "2019", (datetime.date(2019, 12, 31), Precision.YEAR)),
        (Precision.MONTH, "december 2019", "juni 2019", (datetime.date(2019, 6, 30), Precision.MONTH)),
        (Precision.DAY, "2019-12-31", "2019-08-15", (datetime.date(2019, 8, 15), Precision.DAY)),
    ],
)
def test_the_new_end_keeps_the_periods_precision(precision, suggested, posted, stored, client_for):
    project = ProjectFactory(name="Precis", ends_precision=precision)
    ProjectYearFactory(project=project, year=2018)
    client = client_for("forbundschef")
    form = {form.candidate.project.pk: form for form in client.get(URL).context["row_forms"]}[project.pk]
    assert form["ends_on"].value() == suggested
    data = {**_both(), **_row(project, granted="100000", ends_on=posted)}
    assert client.post(URL, data).status_code == 302
    project.refresh_from_db()
    assert (project.ends_on, project.ends_precision) == stored
    assert project.starts_on == datetime.date(2018, 1, 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sent", "where"),
    [
        ("/planer/2019/", "/planer/2019/"),
        ("https://elsewhere.example/", "/insatser/"),
        ("//elsewhere.example/", "/insatser/"),
        ("javascript:alert(1)", "/insatser/"),
    ],
)
def test_it_goes_back_to_a_local_next_only(sent, where, client_for):
    client = client_for("forbundschef")
    page = client.get(URL, {"next": sent})
    assert page.context["back_url"] == where
    response = client.post(URL, _both(next=sent))
    assert response.status_code == 302
    assert response["Location"] == where


@pytest.mark.django_db
def test_a_page_opened_before_the_project_changed_is_refused(client_for):
    data = _both()
    Project.objects.filter(pk=SAMVERKANSTEAMET).update(revision=99)
    response = client_for("forbundschef").post(URL, data)
    assert response.status_code == 409
    assert "Insatsen Samverkansteamet ändrades av någon annan sedan sidan öppnades." in _text(response)
    assert not ProjectYear.objects.filter(year=2019).exists()


@pytest.mark.django_db
def test_the_service_refuses_a_project_that_got_its_year_meanwhile(users):
    project = Project.objects.get(pk=SAMVERKANSTEAMET)
    ProjectYearFactory(project=project, year=2019, granted=1)
    with pytest.raises(services.CarryOverRefused) as refused:
        services.projects_carry_over(
            year=2019,
            rows=[services.CarryOverRow(project=project, granted=10, ends_on=datetime.date(2019, 12, 31))],
            acting_user=users["forbundschef"],
        )
    assert refused.value.rows[project.pk]["project"] == [
        "Insatsen har redan en rad för 2019: ändra den på insatsens sida."
    ]
    assert "Samverkansteamet: Insatsen har redan en rad för 2019" in refused.value.messages[0]
    project.refresh_from_db()
    assert project.ends_on == datetime.date(2018, 12, 31)


@pytest.mark.django_db
def test_goals_are_the_projects_and_go_on_as_they_are(client_for):
    goals_before = list(Project.objects.get(pk=SAMVERKANSTEAMET).goals.values_list("pk", "text", "target"))
    assert client_for("forbundschef").post(URL, _both()).status_code == 302
    assert list(Project.objects.get(pk=SAMVERKANSTEAMET).goals.values_list("pk", "text", "target")) == goals_before


@pytest.mark.django_db
def test_a_project_carried_into_2019_can_be_carried_into_2020(client_for):
    client = client_for("forbundschef")
    assert client.post(URL, _both()).status_code == 302
    samverkan = Project.objects.get(pk=SAMVERKANSTEAMET)
    mottagning = Project.objects.get(pk=MOTTAGNINGSTEAMET)
    data = {**_row(samverkan, granted="2000000", ends_on="2020-12-31"), **_row(mottagning, continues=False)}
    response = client.post("/insatser/fortsatt/2020/", data)
    assert response.status_code == 302, [form.errors for form in response.context["row_forms"]]
    assert _messages(response)[-1] == "1 insats fortsätter 2020."
    samverkan.refresh_from_db()
    assert samverkan.ends_on == datetime.date(2020, 12, 31)
    assert list(samverkan.years.values_list("year", "granted")) == [
        (2018, 1_855_250),
        (2019, 1_900_000),
        (2020, 2_000_000),
    ]


@pytest.mark.django_db
def test_the_page_queries_do_not_grow_with_data(client_for, django_assert_max_num_queries):
    client = client_for("forbundschef")
    PreparatoryGroupMembershipFactory()
    with CaptureQueriesContext(connection) as at_1x:
        assert client.get(URL).status_code == 200
    grow_all(factor=20)
    # grow_all grows the projects too: projects running 2018 with money for 2018, each listed
    for project in Project.objects.all()[:5]:
        GoalFactory(project=project)
    with django_assert_max_num_queries(len(at_1x)):
        response = client.get(URL)
    assert response.status_code == 200
    assert len(response.context["row_forms"]) == 2 + 2 * 19


def test_the_target_groups_of_last_year_start_the_new_year(client_for):
    """The checklist's "Ange årets målgrupper": 2018's order copied to 2019, once, then back to the plan."""
    from projects.models import TargetGroupPriority

    client = client_for("forbundschef")
    page = client.get("/insatser/malgrupper/?next=/planer/2/").content.decode()
    assert "Kopiera prioriteringsordningen 2018 till 2019" in page
    response = client.post("/insatser/malgrupper/2019/kopiera/", {"next": "/planer/2/"})
    assert response.status_code == 302 and response["Location"] == "/planer/2/"
    order = lambda year: list(  # noqa: E731
        TargetGroupPriority.objects.filter(year=year).order_by("position").values_list("target_group__name", flat=True)
    )
    assert order(2019) == order(2018) and len(order(2019)) == 3
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TARGET_GROUPS_COPIED).count() == 1
    # Twice is refused in Swedish and changes nothing; so is a year before which there is nothing.
    response = client.post("/insatser/malgrupper/2019/kopiera/", follow=True)
    assert "Målgrupperna för 2019 har redan en prioriteringsordning; ändra den i stället." in _text(response)
    response = client.post("/insatser/malgrupper/2031/kopiera/", follow=True)
    assert "Det finns ingen prioriteringsordning för 2030 att kopiera." in _text(response)
    assert TargetGroupPriority.objects.count() == 6
    for role in ("styrelse", "ekonom", "revisor"):
        assert client_for(role).post("/insatser/malgrupper/2020/kopiera/").status_code == 403
    assert not TargetGroupPriority.objects.filter(year=2020).exists()
