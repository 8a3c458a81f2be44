"""The public pages can be kept by a proxy: Cache-Control public, ETag, Last-Modified, 304, and no cookie in the way.

Nothing on them reads the session, the user or the CSRF token, so the response is the same
for everyone: the session and CSRF middleware add no Set-Cookie and no `Vary: Cookie` (which
would make a shared cache keep one copy per visitor, or none). The only Vary is the language
middleware's Accept-Language, which is true of every page.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from governance.models import Organisation
from plans.models import Plan
from publishing.models import Publication
from publishing.services import plan_publish, plan_withdraw
from tests.publishing.factories import adopted_plan

pytestmark = pytest.mark.django_db

LIST = "/publicerat/"
PAGE = "/publicerat/verksamhetsplan-2018/"
PDF = "/publicerat/verksamhetsplan-2018.pdf"
PUBLIC = (LIST, PAGE, PDF)


def _assert_cacheable(response):
    assert response["Cache-Control"] in ("public, max-age=300", "max-age=300, public"), response["Cache-Control"]
    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')
    assert response.has_header("Last-Modified")
    assert "cookie" not in response.get("Vary", "").lower(), response.get("Vary")
    assert not response.cookies, response.cookies


@pytest.mark.parametrize("path", PUBLIC)
def test_every_public_response_is_cacheable_by_a_proxy(client_for, path):
    for role in (None, "styrelse", "forbundschef"):
        response = client_for(role).get(path)
        assert response.status_code == 200
        _assert_cacheable(response)


@pytest.mark.parametrize("path", PUBLIC)
def test_a_current_copy_gets_304_and_a_stale_one_the_page(client, path):
    first = client.get(path)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    not_modified = client.get(path, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    _assert_cacheable(not_modified)
    assert client.get(path, headers={"If-None-Match": f'W/{etag}, "other"'}).status_code == 304
    assert client.get(path, headers={"If-Modified-Since": last_modified}).status_code == 304
    assert client.get(path, headers={"If-None-Match": '"something-else"'}).status_code == 200
    earlier = http_date(int((timezone.now() - datetime.timedelta(days=4000)).timestamp()))
    assert client.get(path, headers={"If-Modified-Since": earlier}).status_code == 200


def test_the_same_representation_has_the_same_etag_for_everyone(client_for):
    for path in PUBLIC:
        tags = {client_for(role).get(path)["ETag"] for role in (None, "styrelse", "forbundschef")}
        assert len(tags) == 1, path


def test_a_pending_message_of_a_logged_in_user_sets_no_cookie_and_stays_for_the_app(client_for, users):
    """A message waiting for the next app page is neither read nor written by a public page."""
    client = client_for("forbundschef")
    plan = Plan.objects.get(first_year=2019)
    client.post(f"/planer/{plan.pk}/publicera/")  # refused: leaves "är inte fastställd" waiting
    response = client.get(PAGE)
    _assert_cacheable(response)
    assert "inte fastställd" not in response.content.decode()
    assert "inte fastställd" in client.get("/").content.decode()


def test_withdrawing_and_publishing_again_change_the_lists_etag_and_last_modified(client, plan, director):
    before = client.get(LIST)
    later = timezone.now()
    plan_withdraw(plan=plan, acting_user=director, now=later)
    withdrawn = client.get(LIST, headers={"If-None-Match": before["ETag"]})
    assert withdrawn.status_code == 200
    assert withdrawn["ETag"] != before["ETag"]
    assert withdrawn["Last-Modified"] == http_date(int(later.timestamp()))
    assert client.get(LIST, headers={"If-Modified-Since": before["Last-Modified"]}).status_code == 200
    assert client.get(PAGE, headers={"If-None-Match": before["ETag"]}).status_code == 404
    plan_publish(plan=plan, acting_user=director, now=later + datetime.timedelta(minutes=1))
    again = client.get(LIST)
    assert again["ETag"] not in (before["ETag"], withdrawn["ETag"])


def test_a_new_publication_changes_the_list_but_not_the_other_pages(client, director):
    before = {path: client.get(path)["ETag"] for path in PUBLIC}
    plan_publish(plan=adopted_plan(2017), acting_user=director)
    after = {path: client.get(path)["ETag"] for path in PUBLIC}
    assert after[LIST] != before[LIST]
    assert after[PAGE] == before[PAGE] and after[PDF] == before[PDF]
    assert client.get("/publicerat/verksamhetsplan-2017/").status_code == 200


def test_renaming_the_forbund_changes_the_pages_it_is_named_on(client):
    before = {path: client.get(path)["ETag"] for path in PUBLIC}
    Organisation.objects.update(name="Samordningsförbundet Nytt Namn")
    after = {path: client.get(path) for path in PUBLIC}
    assert after[LIST]["ETag"] != before[LIST] and after[PAGE]["ETag"] != before[PAGE]
    assert "Samordningsförbundet Nytt Namn" in after[PAGE].content.decode()
    assert after[PDF]["ETag"] == before[PDF]  # the PDF is the one stored at the adoption


def test_last_modified_says_when_each_was_made(client, plan):
    publication = Publication.objects.get()
    adopted = plan.versions.get(is_adoption=True)
    assert client.get(PAGE)["Last-Modified"] == http_date(int(publication.published_at.timestamp()))
    assert client.get(PDF)["Last-Modified"] == http_date(int(adopted.sent_at.timestamp()))


def test_a_head_request_gets_the_headers(client):
    for path in PUBLIC:
        response = client.head(path)
        assert response.status_code == 200
        _assert_cacheable(response)


def test_a_304_reads_neither_the_pdf_nor_the_document(client):
    etags = {path: client.get(path)["ETag"] for path in (PAGE, PDF)}
    for path, reads in ((PAGE, 2), (PDF, 1)):  # the förbund and the publication; the PDF names no förbund
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path, headers={"If-None-Match": etags[path]}).status_code == 304
        selects = [query["sql"] for query in queries.captured_queries if query["sql"].startswith("SELECT")]
        assert len(selects) == reads, selects
        assert not any('"document"' in sql or '."pdf"' in sql.split("LENGTH")[0] for sql in selects), selects


def test_404s_are_not_made_cacheable(client):
    response = client.get("/publicerat/verksamhetsplan-2019/")
    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")
