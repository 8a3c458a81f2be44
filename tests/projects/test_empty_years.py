"""Every page of the calendar, the terms and the projects that takes a year answers a year without data: never a 500."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests.conftest import ROLES
from tests.meetings.factories import MeetingFactory
from tests.urls import collect_urls

APPS = ("meetings", "governance", "projects")
YEAR_URLS = [
    url
    for url in collect_urls()
    if url.namespace in APPS
    and set(url.params) & {"year", "election_year"}
    and not set(url.params) - {"year", "election_year"}
]
# The first and last years the förbund can mean, and one in range that holds nothing.
EMPTY_YEARS = [2000, 2099, 2100]


def test_the_year_pages_are_all_covered():
    names = {url.name for url in YEAR_URLS}
    assert {
        "meetings:year",
        "meetings:year_ics",
        "meetings:year_copy",
        "meetings:year_adopt",
        "governance:board_period",
        "projects:matrix",
        "projects:matrix_csv",
        "projects:matrix_xlsx",
        "projects:national_csv",
    } <= names


@pytest.mark.parametrize("year", EMPTY_YEARS)
@pytest.mark.parametrize("url", YEAR_URLS, ids=[url.name for url in YEAR_URLS])
def test_a_year_without_data_answers_every_role(client_for, url, year):
    path = reverse(url.name, kwargs={param: year for param in url.params})
    for role in [*ROLES, "utan_roll"]:
        response = client_for(role).get(path)
        assert response.status_code in (200, 403, 404, 405), f"{path} as {role}: {response.status_code}"
        if role == "forbundschef":
            # The board's terms page has no term for such a year, and none follows an election then (none
            # of these is an election year); copying last year's target groups is a button (POST only);
            # every other page shows an empty year.
            expected = {"governance:board_period": 404, "governance:term_create": 404}.get(url.name, 200)
            expected = 405 if url.name == "projects:target_groups_copy" else expected
            assert response.status_code == expected, path


@pytest.mark.parametrize("year", EMPTY_YEARS)
def test_copying_or_adopting_an_empty_year_is_refused_in_swedish(client_for, year):
    client = client_for("forbundschef")
    count = Meeting.objects.count()
    response = client.post(reverse("meetings:year_copy", args=[year]), follow=True)
    assert response.status_code == 200
    assert f"Kalendariet för {year} har inga planerade möten att kopiera." in response.content.decode()
    response = client.post(reverse("meetings:year_adopt", args=[year]), {"meeting": "1"})
    assert response.status_code == 200
    assert Meeting.objects.count() == count


def test_copying_the_last_year_refuses_a_year_beyond_it(client_for):
    MeetingFactory(starts_on=datetime.date(2100, 3, 5))
    count = Meeting.objects.count()
    response = client_for("forbundschef").post(reverse("meetings:year_copy", args=[2100]), follow=True)
    assert response.status_code == 200
    assert "Kalendariet kan inte kopieras till 2101: det ligger utanför åren 2000–2100." in response.content.decode()
    assert Meeting.objects.count() == count
