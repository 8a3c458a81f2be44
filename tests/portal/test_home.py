"""Each role opens on what matters to it."""

import datetime
import re

import pytest
import time_machine

from tests.helpers import STOCKHOLM

pytestmark = pytest.mark.django_db


def home(client_for, role):
    return client_for(role).get("/").content.decode()


def test_director_sees_the_plan_readiness_budget_and_goals(client_for):
    page = home(client_for, "forbundschef")
    assert "Verksamhetsplan 2019: utkast" in page
    assert "Det finns ingen budget för 2019." in page  # from the readiness list
    assert "Budget 2018: fastställd" in page and "resultat \u2212168\u202f000\u202fkr" in page
    assert "Mål som inte nås 2018" in page and "Inga mål är röda." in page


def test_finance_officer_sees_budget_warnings_and_the_last_import(client_for):
    page = home(client_for, "ekonom")
    assert "Budget 2018: fastställd" in page
    assert "Senaste import: ingen ännu." in page
    assert "Verksamhetsplan 2019: utkast" not in page


@time_machine.travel(datetime.datetime(2026, 12, 2, 9, tzinfo=STOCKHOLM), tick=True)
def test_board_member_sees_the_next_meeting_and_the_latest_version(client_for):
    page = home(client_for, "styrelse")
    assert "Inför nästa styrelsemöte" in page
    assert "Inget styrelsemöte är planerat framåt." in page  # the demo's calendar ends in 2019
    assert "Budget 2018" not in page


@time_machine.travel(datetime.datetime(2018, 5, 15, 9, tzinfo=STOCKHOLM), tick=True)
def test_board_member_sees_the_coming_board_meeting_first(client_for):
    page = home(client_for, "styrelse")
    assert "Inför nästa styrelsemöte" in page
    assert "2018-06-01" in page and "UPPFÖLJNING" in page
    assert "Inget styrelsemöte är planerat framåt." not in page


def test_auditor_sees_adopted_documents_and_recent_history(client_for):
    page = home(client_for, "revisor")
    assert "Fastställda handlingar" in page
    assert "Verksamhetsplan 2018</a>, fastställd 2018-03-23" in page
    assert "Budget 2018</a>, fastställd 2018-03-23" in page
    assert "2018-03-23 12:00 Plan fastställd" in page


def test_a_user_without_a_role_sees_no_data_on_the_start_page(client_for):
    from governance.models import Member, Person
    from meetings.models import Meeting
    from plans.models import Plan
    from projects.models import Project

    page = home(client_for, "utan_roll")
    assert "Ditt konto har ingen roll ännu. Kontakta förbundschefen." in page
    assert 'href="/konto/"' in page and 'action="/logga-ut/"' in page
    main = re.search(r"(?s)<main[^>]*>(.*)</main>", page)[1]
    text = re.sub(r"<[^>]+>", " ", main)  # what the page says, without tags or the form's token
    assert not re.search(r"\d", text), text  # no count, amount, date or year
    names = [
        *Member.objects.values_list("name", flat=True),
        *(
            person.get_full_name() if hasattr(person, "get_full_name") else str(person)
            for person in Person.objects.all()
        ),
        *Meeting.objects.values_list("title", flat=True),
        *Project.objects.values_list("name", flat=True),
        *(plan.title for plan in Plan.objects.all()),
    ]
    assert len(names) > 20
    assert [name for name in names if name and name in page] == []
    # The menu offers only the account: every other page would refuse this user.
    for link in ("/forbundet/", "/styrelse/", "/kalender/", "/insatser/", "/budget/", "/planer/"):
        assert f'href="{link}' not in page
