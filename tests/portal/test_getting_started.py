"""The "Kom igång" checklist: what is there, where it is done, ticked when done, gone when all is."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.models import Organisation
from portal.selectors import getting_started_get
from tests.growth import grow_all
from tests.helpers import STOCKHOLM

pytestmark = pytest.mark.django_db

# The demo's förbund in 2026: set up, but no calendar or budget for 2026/2027.
IN_2026 = datetime.datetime(2026, 12, 2, 9, tzinfo=STOCKHOLM)
# In 2018 everything is there: the adopted plan and budget, the year's calendar.
IN_2018 = datetime.datetime(2018, 6, 1, 9, tzinfo=STOCKHOLM)


def checklist(page: str) -> str:
    match = re.search(r'<section[^>]*aria-labelledby="kom-igang".*?</section>', page, re.S)
    return match.group(0) if match else ""


def item(section: str, key: str) -> str:
    return re.search(rf'<li[^>]*id="kom-igang-{key}".*?</li>', section, re.S).group(0)


@time_machine.travel(IN_2026, tick=False)
def test_the_director_sees_what_is_done_and_what_is_left(client_for):
    section = checklist(client_for("forbundschef").get("/").content.decode())
    assert "Kom igång" in section and "4 av 7 klara" in section
    members = item(section, "medlemmar")
    assert "✓" in members and "klart" in members and "7 medlemmar" in members
    assert 'href="/admin/governance/member/"' in members
    calendar = item(section, "kalendern")
    assert "att göra" in calendar and "✓" not in calendar and "2026: 0 möten, 2027: 0 möten" in calendar
    assert 'href="/kalender/2026/"' in calendar
    budget = item(section, "budgeten")
    assert "att göra" in budget and "Ingen budget för 2026 eller 2027" in budget
    assert 'href="/admin/budget/budget/add/"' in budget
    assert "✓" in item(section, "planen") and "Ändra" in item(section, "planen")
    board = item(section, "styrelsen")  # the demo's last term ends in 2022
    assert "att göra" in board and "Ingen mandatperiod för i år eller framåt" in board
    assert 'href="/admin/governance/mandateperiod/"' in board


@time_machine.travel(IN_2026, tick=False)
def test_the_finance_officer_sees_only_the_budget(client_for):
    section = checklist(client_for("ekonom").get("/").content.decode())
    assert "0 av 1 klara" in section
    assert "kom-igang-budgeten" in section and "kom-igang-medlemmar" not in section
    assert 'href="/admin/budget/budget/add/"' in section


@time_machine.travel(IN_2026, tick=False)
@pytest.mark.parametrize("role", ["styrelse", "revisor"])
def test_other_roles_have_no_checklist(client_for, role):
    assert checklist(client_for(role).get("/").content.decode()) == ""


@time_machine.travel(IN_2018, tick=False)
def test_the_checklist_disappears_when_everything_is_done(client_for, users):
    assert getting_started_get(user=users["forbundschef"], today=datetime.date(2018, 6, 1)).done
    assert checklist(client_for("forbundschef").get("/").content.decode()) == ""


@time_machine.travel(IN_2018, tick=False)
def test_a_missing_org_number_is_the_item_left(client_for):
    Organisation.objects.update(org_number="")
    section = checklist(client_for("forbundschef").get("/").content.decode())
    forbund = item(section, "forbundet")
    assert "organisationsnummer saknas" in forbund and "att göra" in forbund
    assert re.search(r'href="/admin/governance/organisation/\d+/change/"', forbund)


@time_machine.travel(IN_2026, tick=False)
def test_permissions_given_by_hand_without_a_role_give_no_checklist(client_for, users):
    from django.contrib.auth.models import Permission

    from tests.core.factories import UserFactory

    user = UserFactory(username="chef_utan_admin")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["plans", "meetings"]))
    user.groups.clear()
    assert getting_started_get(user=user, today=datetime.date(2026, 12, 2)) is None


@pytest.mark.parametrize("role", ["forbundschef", "ekonom"])
def test_the_kom_igang_checklist_queries_do_not_grow_with_data(role, client_for, django_assert_max_num_queries):
    """The start page with the checklist shown (the demo has no budget or calendar for 2026)."""
    with time_machine.travel(datetime.datetime(2026, 12, 2, 9, tzinfo=STOCKHOLM), tick=False):
        client = client_for(role)
        with CaptureQueriesContext(connection) as at_1x:
            assert "Kom igång" in client.get("/").content.decode()
        assert len(at_1x) <= 55  # as tests/test_queries.py allows the start page
        grow_all(factor=20)
        with django_assert_max_num_queries(len(at_1x)):
            assert "Kom igång" in client.get("/").content.decode()
