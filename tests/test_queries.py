"""Every page runs a constant number of queries: the same at 1× and 20× the demo data.

Growing the data takes seconds, so it is done once for the module: every page is measured at
the demo's size, the data is grown 20×, and each page's test then measures it again. The
module's data lives in a transaction of its own, rolled back when the module ends; each test
runs in a savepoint inside it.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.governance.factories import PreparatoryGroupMembershipFactory
from tests.growth import grow_all
from tests.urls import admin_model, collect_urls, sample_path

APPS = ("core", "governance", "meetings", "plans", "projects", "budget", "goals", "publishing", "portal")
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
# A draft PDF not made yet: the document is built for its fingerprint, queued, and the waiting page shown.
CEILINGS = {"plans:detail": 65, "plans:pdf": 60, "plans:editor": 35, "plans:send": 35, "portal:home": 55}


def _director_client() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username="forbundschef"))
    return client


@pytest.fixture(scope="module")
def grown(django_db_setup, django_db_blocker):
    """Each page's path and its query count at 1×, with the data then grown 20× for the module."""
    from django.core.cache import cache

    with django_db_blocker.unblock(), transaction.atomic():
        PreparatoryGroupMembershipFactory()
        client = _director_client()
        at_1x = {}
        for url in PAGES:
            path = sample_path(url)
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                status = client.get(path).status_code
            at_1x[url.name] = (path, status, len(queries))
        grow_all(factor=FACTOR)
        yield at_1x
        transaction.set_rollback(True)


@pytest.mark.parametrize("url", PAGES, ids=[url.name for url in PAGES])
def test_page_queries_do_not_grow_with_data(url, grown, db, django_assert_max_num_queries):
    path, status, count = grown[url.name]
    assert status == 200, f"{path} answered {status} at 1×"
    assert count <= CEILINGS.get(url.name, CEILING), f"{path} ran {count} queries at 1×"

    client = _director_client()
    with django_assert_max_num_queries(count):
        response = client.get(path)
    assert response.status_code == 200
