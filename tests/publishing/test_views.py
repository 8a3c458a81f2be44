"""The open part of sofint: what anyone reads without a login, and the förbundschef publishing and withdrawing."""

import re

import pytest

from core.models import AuditEvent
from plans.models import Plan, PlanVersion
from publishing.models import Publication

pytestmark = pytest.mark.django_db

LIST = "/publicerat/"
PAGE = "/publicerat/verksamhetsplan-2018/"
PDF = "/publicerat/verksamhetsplan-2018.pdf"


@pytest.fixture
def adopted_version(plan):
    return PlanVersion.objects.get(plan=plan, is_adoption=True)


def test_the_demo_publishes_its_adopted_plan(plan, adopted_version):
    publication = Publication.objects.get()
    assert publication.plan_version == adopted_version
    assert publication.slug == "verksamhetsplan-2018"
    assert publication.published_by.username == "forbundschef"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PUBLISHED, details__publication=publication.pk).exists()


def test_anyone_reads_the_list_without_logging_in(client, plan, adopted_version):
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Samordningsförbundet SOFINT" in html
    assert f'href="{PAGE}"' in html and f'href="{PDF}"' in html
    kilobytes = round(len(bytes(adopted_version.pdf)) / 1000)
    assert f"(PDF, {adopted_version.pdf_pages} sidor, {kilobytes}\u202fkB)" in html
    assert "Fastställd av styrelsen 2018-03-23 · publicerad 2018-03-26" in html


def test_the_page_is_the_adopted_document_in_plain_accessible_html(client, plan, adopted_version):
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert '<a class="visually-hidden-focusable skip-link" href="#main">Hoppa till innehållet</a>' in html
    assert '<main id="main"' in html
    assert html.count("<h1") == 1 and "Verksamhetsplan 2018</h1>" in html
    assert 'href="/tillganglighet/"' in html
    assert "Samordningsförbundet SOFINT" in html
    # The frozen document: every section's heading, and its tables with header cells and captions.
    document = adopted_version.document
    for section in document["sections"]:
        assert f'id="{section["anchor"]}"' in html
    assert "<table" in html and "<caption" in html and 'scope="col"' in html
    assert document["status_line"] in html
    # Beside it, its PDF with pages and size.
    assert f'<a href="{PDF}" type="application/pdf">Verksamhetsplan 2018 som PDF</a>' in html
    assert f"(PDF, {adopted_version.pdf_pages} sidor, " in html
    # Nothing of the app: no menu, no login, no forms.
    for app_only in ("Huvudmeny", "Logga ut", "Mitt konto", "<form", "csrfmiddlewaretoken", 'href="/planer/'):
        assert app_only not in html, app_only


def test_the_pdf_is_the_stored_adopted_pdf_byte_for_byte(client, adopted_version):
    response = client.get(PDF)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response.content == bytes(adopted_version.pdf)


def test_a_logged_in_reader_gets_the_same_page(client_for):
    anonymous = client_for(None).get(PAGE)
    board = client_for("styrelse").get(PAGE)
    assert board.status_code == 200 and board.content == anonymous.content


NOT_PUBLIC = [
    "verksamhetsplan-2019",  # the demo's draft
    "verksamhetsplan-2017",  # no such plan
    "verksamhetsplan-2018-version-1",  # a version sent, not adopted
    "verksamhetsplan-2018-1",
    "VERKSAMHETSPLAN-2018",
    "verksamhetsplan_2018",
    "2018",
    "1",
    "x" * 300,
]


@pytest.mark.parametrize("slug", NOT_PUBLIC)
def test_every_other_address_is_404_to_anyone(client_for, slug):
    for role in (None, "forbundschef"):
        client = client_for(role)
        for path in (f"/publicerat/{slug}/", f"/publicerat/{slug}.pdf"):
            assert client.get(path).status_code == 404, (role, path)


@pytest.mark.parametrize(
    "path", ["/publicerat/verksamhetsplan-2018/pdf/", "/publicerat/../planer/", "/publicerat/%00/", "/publicerat/å/"]
)
def test_garbage_addresses_are_404_not_the_login(client, path):
    assert client.get(path).status_code == 404


def test_a_withdrawn_plan_is_404_everywhere_and_leaves_the_list(client_for, plan):
    director = client_for("forbundschef")
    assert director.post(f"/planer/{plan.pk}/ta-bort-publiceringen/").status_code == 302
    anonymous = client_for(None)
    assert anonymous.get(PAGE).status_code == 404
    assert anonymous.get(PDF).status_code == 404
    listing = anonymous.get(LIST)
    assert listing.status_code == 200
    assert PAGE not in listing.content.decode()
    assert "Inga dokument är publicerade just nu." in listing.content.decode()


def test_a_publication_of_a_version_not_adopted_is_never_shown(client, plan):
    """Whatever a row says (made by hand, or by a bug), the public pages show only adopted versions."""
    Publication.objects.update(withdrawn_at=Publication.objects.get().published_at)
    sent = PlanVersion.objects.get(plan=plan, is_adoption=False)
    Publication.objects.create(plan_version=sent, slug="verksamhetsplan-2018-version-1")
    draft = Plan.objects.get(first_year=2019)
    assert not draft.versions.exists()
    for path in ("/publicerat/verksamhetsplan-2018-version-1/", "/publicerat/verksamhetsplan-2018-version-1.pdf"):
        assert client.get(path).status_code == 404
    assert "verksamhetsplan-2018-version-1" not in client.get(LIST).content.decode()


def test_the_public_pages_take_no_post(client):
    for path in (LIST, PAGE, PDF):
        assert client.post(path).status_code == 405


def test_the_director_withdraws_and_publishes_again_with_the_audit_trail(client_for, plan, adopted_version):
    director = client_for("forbundschef")
    page = director.get(f"/planer/{plan.pk}/").content.decode()
    assert "Planen är publicerad sedan 2018-03-26" in page
    assert f'href="/planer/{plan.pk}/ta-bort-publiceringen/"' in page

    confirm = director.get(f"/planer/{plan.pk}/ta-bort-publiceringen/").content.decode()
    assert "Ta bort publiceringen av Verksamhetsplan 2018?" in confirm
    assert "http://testserver/publicerat/verksamhetsplan-2018/" in confirm
    response = director.post(f"/planer/{plan.pk}/ta-bort-publiceringen/", follow=True)
    assert "Publiceringen av Verksamhetsplan 2018 är borttagen." in response.content.decode()
    withdrawn = Publication.objects.get()
    assert withdrawn.withdrawn_at is not None and withdrawn.withdrawn_by.username == "forbundschef"
    event = AuditEvent.objects.filter(action=AuditEvent.Action.PUBLICATION_WITHDRAWN).get()
    assert event.user.username == "forbundschef"
    assert event.summary == (
        "Publiceringen av Verksamhetsplan 2018 på den öppna webbplatsen är borttagen "
        "(/publicerat/verksamhetsplan-2018/)"
    )
    assert event.get_action_display() == "Publicering borttagen"

    page = director.get(f"/planer/{plan.pk}/").content.decode()
    assert "Planen är inte publicerad" in page
    assert f'href="/planer/{plan.pk}/publicera/"' in page
    confirm = director.get(f"/planer/{plan.pk}/publicera/").content.decode()
    assert "Den fastställda planen blir läsbar för alla, utan inloggning" in confirm
    assert 'type="submit" class="btn btn-primary">Publicera på den öppna webbplatsen</button>' in confirm
    response = director.post(f"/planer/{plan.pk}/publicera/", follow=True)
    assert "Verksamhetsplan 2018 är publicerad på den öppna webbplatsen" in response.content.decode()
    assert Publication.objects.count() == 2
    again = Publication.objects.get(withdrawn_at__isnull=True)
    assert again.plan_version == adopted_version and again.slug == "verksamhetsplan-2018"
    events = AuditEvent.objects.filter(action=AuditEvent.Action.PUBLISHED).order_by("-at", "-pk")
    assert events.count() == 2
    assert events[0].summary == (
        "Verksamhetsplan 2018 (version 2) publicerad på den öppna webbplatsen, /publicerat/verksamhetsplan-2018/"
    )
    assert events[0].get_action_display() == "Publicerat på den öppna webbplatsen"
    assert client_for(None).get(PAGE).status_code == 200


def test_publishing_twice_says_so_and_changes_nothing(client_for, plan):
    director = client_for("forbundschef")
    response = director.post(f"/planer/{plan.pk}/publicera/", follow=True)
    assert "Verksamhetsplan 2018 är redan publicerad." in response.content.decode()
    assert Publication.objects.count() == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PUBLISHED).count() == 1
    confirm = director.get(f"/planer/{plan.pk}/publicera/").content.decode()
    assert "är redan publicerad sedan 2018-03-26" in confirm and "<form" not in confirm.split("<main")[1]


def test_withdrawing_what_is_not_public_says_so(client_for, plan):
    director = client_for("forbundschef")
    director.post(f"/planer/{plan.pk}/ta-bort-publiceringen/")
    response = director.post(f"/planer/{plan.pk}/ta-bort-publiceringen/", follow=True)
    assert "Verksamhetsplan 2018 är inte publicerad." in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PUBLICATION_WITHDRAWN).count() == 1


def test_a_draft_cannot_be_published(client_for):
    draft = Plan.objects.get(first_year=2019)
    director = client_for("forbundschef")
    confirm = director.get(f"/planer/{draft.pk}/publicera/").content.decode()
    assert "Verksamhetsplan 2019 är inte fastställd." in confirm
    assert "<form" not in confirm.split("<main")[1]
    response = director.post(f"/planer/{draft.pk}/publicera/", follow=True)
    assert "Bara en fastställd plan kan publiceras." in response.content.decode()
    assert Publication.objects.count() == 1
    assert client_for(None).get("/publicerat/verksamhetsplan-2019/").status_code == 404
    assert "Den öppna webbplatsen" not in director.get(f"/planer/{draft.pk}/").content.decode()


@pytest.mark.parametrize("role", ["ekonom", "styrelse", "revisor", "utan_roll"])
def test_no_other_role_publishes_or_withdraws(client_for, plan, role):
    client = client_for(role)
    for path in (f"/planer/{plan.pk}/publicera/", f"/planer/{plan.pk}/ta-bort-publiceringen/"):
        assert client.get(path).status_code == 403
        assert client.post(path).status_code == 403
    assert Publication.objects.get().withdrawn_at is None
    assert Publication.objects.count() == 1
    if role != "utan_roll":
        page = client.get(f"/planer/{plan.pk}/").content.decode()
        assert "Planen är publicerad sedan 2018-03-26" in page
        assert "ta-bort-publiceringen" not in page


def test_anonymous_publish_and_withdraw_lead_to_the_login(client, plan):
    for path in (f"/planer/{plan.pk}/publicera/", f"/planer/{plan.pk}/ta-bort-publiceringen/"):
        response = client.post(path)
        assert response.status_code == 302 and response["Location"].startswith("/logga-in/")
    assert Publication.objects.get().withdrawn_at is None


def test_publishing_needs_the_csrf_token(plan, users):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["forbundschef"])
    assert client.post(f"/planer/{plan.pk}/ta-bort-publiceringen/").status_code == 403
    page = client.get(f"/planer/{plan.pk}/ta-bort-publiceringen/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    assert client.post(f"/planer/{plan.pk}/ta-bort-publiceringen/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert Publication.objects.get().withdrawn_at is not None
