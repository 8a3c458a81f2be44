"""The goal forms show what the parser read, editable, before anything is saved; the user's fields win."""

import pytest
from django.urls import reverse

from projects.models import Goal
from projects.targets import Comparison, Measure
from tests.projects.factories import GoalFactory
from tests.projects.test_views import MOTTAGNINGSTEAMET, _text

pytestmark = pytest.mark.django_db
URL = reverse("projects:goal_create", args=[MOTTAGNINGSTEAMET])
TEXT = "30 % färre vårdkontakter ett år efter inskrivning"


def test_read_button_fills_the_fields_from_the_goal_text_and_saves_nothing(client_for):
    client = client_for("forbundschef")
    response = client.post(URL, {"term": "lang", "text": TEXT, "target_text": "", "order": "1", "read": "1"})
    assert response.status_code == 200
    assert "Läst som: minskning med 30\u202f% (andel)." in _text(response)
    form = response.context["form"]
    assert (form["measure"].value(), form["comparison"].value(), form["target"].value()) == (
        Measure.SHARE,
        Comparison.REDUCTION,
        "30",
    )
    assert not Goal.objects.filter(text=TEXT).exists()
    # Saved as shown: a reduction, not "minst".
    response = client.post(URL, {**form.data.dict(), "save": "1"})
    assert response.status_code == 302
    goal = Goal.objects.get(text=TEXT)
    assert (goal.comparison, goal.target) == (Comparison.REDUCTION, 30)
    assert str(goal.target_spec) == "minskning med 30\u202f%"


def test_the_users_fields_win_over_what_the_text_says(client_for):
    client = client_for("forbundschef")
    data = {
        "term": "kort",
        "text": "minst 50 % av deltagarna ska gå vidare",
        "target_text": "minst 50 %",
        "measure": Measure.SHARE,
        "comparison": Comparison.AT_LEAST,
        "target": "40",
        "order": "1",
    }
    assert client.post(URL, data).status_code == 302
    assert Goal.objects.get(text=data["text"]).target == 40


def test_a_text_with_only_a_year_is_read_as_no_target(client_for):
    client = client_for("forbundschef")
    text = "Insatsen ska utvärderas under hösten 2019"
    response = client.post(URL, {"term": "kort", "text": text, "target_text": "", "order": "1", "read": "1"})
    assert "Inget målvärde kunde läsas ur texten" in _text(response)
    response = client.post(URL, {"term": "kort", "text": text, "target_text": "", "order": "1"})
    assert response.status_code == 302
    assert Goal.objects.get(text=text).target_spec is None
    response = client.post(URL, {"term": "kort", "text": "x", "target_text": "under hösten 2019", "order": "1"})
    assert "Hittar inget tal" in _text(response)


def test_half_a_target_is_refused_with_a_message(client_for):
    response = client_for("forbundschef").post(
        URL, {"term": "kort", "text": "Mål.", "target_text": "", "measure": Measure.SHARE, "order": "1"}
    )
    assert response.status_code == 200
    assert "Fyll i måttet, jämförelsen och målvärdet" in _text(response)


def test_the_admin_shows_the_reading_before_it_saves(client_for):
    client = client_for("forbundschef")
    goal = GoalFactory(text="Först.")
    url = reverse("admin:projects_goal_change", args=[goal.pk])
    form = client.get(url).context["adminform"].form
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    data.update(text=TEXT, measure="", comparison="", target="", target_max="", per="")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Läst som: minskning med 30\u202f% (andel)." in _text(response)
    goal.refresh_from_db()
    assert goal.text == "Först."  # nothing saved yet
    shown = response.context["adminform"].form
    again = {name: "" if shown[name].value() is None else shown[name].value() for name in shown.fields}
    assert again["comparison"] == Comparison.REDUCTION
    assert client.post(url, again).status_code == 302
    goal.refresh_from_db()
    assert (goal.text, goal.comparison, goal.target) == (TEXT, Comparison.REDUCTION, 30)
