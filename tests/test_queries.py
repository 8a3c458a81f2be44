"""Every page runs a constant number of queries: the same at 1× and 20× the demo data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.governance.factories import PreparatoryGroupMembershipFactory
from tests.growth import grow_all
from tests.urls import admin_model, collect_urls, sample_path

APPS = ("core", "governance", "meetings", "plans", "projects", "budget", "goals", "portal")
POST_ONLY = {
    "plans:preview",
    "plans:section_move",
    "plans:copy",
    "core:ping",
    "goals:copy",
    "projects:target_groups_copy",
}
# Pages whose size grows with the data: the app's own pages and the admin's lists.
PAGES = [
    url
    for url in collect_urls()
    if (url.namespace in APPS and url.name not in POST_ONLY)
    or (
        url.namespace == "admin" and admin_model(url)[1] == "changelist" and admin_model(url)[0]._meta.app_label in APPS
    )
]
FACTOR = 20
CEILING = 20  # no page needs more than this many queries, whatever the data
# The plan gathers every data block of the app (about three queries each) into one page.
# The director's start page gathers the plan's readiness, the budget and goal attainment.
# The plan's checklist reads each kind of the year's data once (a few queries per plan year).
CEILINGS = {"plans:detail": 65, "plans:pdf": 50, "plans:editor": 35, "plans:send": 35, "portal:home": 55}


@pytest.mark.parametrize("url", PAGES, ids=[url.name for url in PAGES])
def test_page_queries_do_not_grow_with_data(url, client_for, django_assert_max_num_queries):
    client = client_for("forbundschef")
    PreparatoryGroupMembershipFactory()
    path = sample_path(url)
    with CaptureQueriesContext(connection) as at_1x:
        assert client.get(path).status_code == 200
    assert len(at_1x) <= CEILINGS.get(url.name, CEILING)

    grow_all(factor=FACTOR)
    with django_assert_max_num_queries(len(at_1x)):
        response = client.get(path)
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["forbundschef", "ekonom"])
def test_the_kom_igang_checklist_queries_do_not_grow_with_data(role, client_for, django_assert_max_num_queries):
    """The start page with the checklist shown (the demo has no budget or calendar for 2026)."""
    import datetime

    import time_machine

    from tests.helpers import STOCKHOLM

    with time_machine.travel(datetime.datetime(2026, 12, 2, 9, tzinfo=STOCKHOLM), tick=False):
        client = client_for(role)
        with CaptureQueriesContext(connection) as at_1x:
            assert "Kom igång" in client.get("/").content.decode()
        assert len(at_1x) <= CEILINGS["portal:home"]
        grow_all(factor=FACTOR)
        with django_assert_max_num_queries(len(at_1x)):
            assert "Kom igång" in client.get("/").content.decode()
