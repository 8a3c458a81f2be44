"""The seeds' projects entered through the project pages as the plans write them, with nothing invented.

Skövde 2009 names its uppdrag with one target each and no dates, owners or decisions;
Vänersborg/Mellerud 2007 has försöksverksamheter the förbund itself pays for, to be
"initierade under 2007". Each is entered as written: the status it has, the period as
given or as words, the target read from the wording and shown before it is saved.
"""

import pytest
from django.template.loader import render_to_string

from projects.models import Goal, Project
from projects.selectors import funded_project_list
from tests.projects.test_views import _text, post_goal

pytestmark = pytest.mark.django_db

SKOVDE = [
    # (name, status, start, period note, goal as written, target read)
    (
        "Psykisk ohälsa för unga vuxna 20–29 år",
        "pagaende",
        "",
        "",
        "50 av de unga vuxna som ingår i uppdraget skall få den hjälp och det stöd de behöver för att kunna gå "
        "vidare mot arbetsmarknaden",
        "minst 50 (antal)",
    ),
    ("Unga med aktivitetsersättning", "pagaende", "", "", "30 till arbete alternativt studier", "minst 30 (antal)"),
    (
        "Rehabilitering med naturen som kraftkälla",
        "beviljad",
        "januari 2009",
        "",
        "30 % av de inskrivna skall gå till fortsatt rehabilitering, arbete eller utbildning.",
        "minst 30\u202f% (andel)",
    ),
]


def _post(name, status, start, note, **extra):
    data = {
        "name": name,
        "kind": "individ",
        "short_description": "",
        "description": "",
        "starts_on": start,
        "ends_on": "",
        "period_note": note,
        "leader": "",
        "follow_up_text": "",
        "initial_status": status,
        "status_on": "",
        "years-TOTAL_FORMS": "0",
        "years-INITIAL_FORMS": "0",
        "owners-TOTAL_FORMS": "0",
        "owners-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def test_skovdes_uppdrag_are_entered_as_written(client_for):
    client = client_for("forbundschef")
    for name, status, start, note, goal_text, reading in SKOVDE:
        response = client.post("/insatser/ny/", _post(name, status, start, note), follow=True)
        project = Project.objects.get(name=name)
        assert project.status == status
        # No owner and no members named: a warning with the reason, never a refusal.
        assert "member-warning" in response.content.decode()
        url = f"/insatser/{project.pk}/mal/nytt/"
        shown = client.post(url, {"term": "kort", "text": goal_text, "target_text": "", "order": "1"})
        assert f"Läst som: {reading}." in _text(shown)
        assert not Goal.objects.filter(project=project).exists()  # nothing saved before it is seen
        assert post_goal(client, url, shown.context["form"].data.dict()).status_code == 302
        assert Goal.objects.get(project=project).text == goal_text

    block = render_to_string("plans/blocks/projects.html", {"projects": funded_project_list(year=2009), "year": 2009})
    assert "Rehabilitering med naturen som kraftkälla" in block
    assert "från januari 2009" in block  # an open-ended period, as every period is written (core.formatting)


def test_vanersborg_mellerud_forsoksverksamhet_is_the_forbunds_own_with_an_open_period(client_for):
    client = client_for("forbundschef")
    data = _post(
        "Coacher kopplade till samverkansgrupperna",
        "ide",
        "",
        "initieras under 2007",
        kind="struktur",
        owned_by_forbund="on",
    )
    page = _text(client.post("/insatser/ny/", data, follow=True))
    assert "Insatsen ägs av Samordningsförbundet SOFINT" in page
    assert "initieras under 2007" in page
    project = Project.objects.get(name="Coacher kopplade till samverkansgrupperna")
    assert project.starts_on is None and project.period_label() == "initieras under 2007"
