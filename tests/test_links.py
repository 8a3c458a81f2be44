"""No link on a page leads a role to a page it may not open.

For each demo role and a user without a role, the main pages are fetched, every
same-site link in them is followed once, and none may answer 403 or send to the login.
"""

import re
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from plans.models import Plan
from projects.models import Project
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"]*)"')
SKIP_SCHEMES = ("mailto:", "webcal:", "tel:", "javascript:")
ADMIN_ROLES = {"forbundschef", "ekonom", "revisor"}


def main_pages(role: str) -> list[str]:
    project = Project.objects.order_by("pk").first()
    pages = [
        reverse("portal:home"),
        reverse("governance:organisation"),
        reverse("governance:board"),
        reverse("governance:office"),
        reverse("meetings:year", args=[2018]),
        reverse("projects:list"),
        reverse("projects:detail", args=[project.pk]),
        reverse("budget:index"),
        reverse("budget:year", args=[2018]),
        reverse("plans:list"),
        *(reverse("plans:detail", args=[plan.pk]) for plan in Plan.objects.order_by("first_year")),
        reverse("portal:profile"),
    ]
    if role in ADMIN_ROLES:
        pages.append(reverse("admin:index"))
    return pages


def links(html: str) -> set[str]:
    found = set()
    for raw in HREF.findall(html):
        href = urldefrag(unescape(raw))[0]
        parts = urlsplit(href)
        if not href or href.startswith(SKIP_SCHEMES) or parts.netloc or not href.startswith("/"):
            continue  # an anchor, another site, or a scheme that is no page
        if href.startswith(settings.STATIC_URL) or href.endswith(".ics") or href == reverse("logout"):
            continue
        found.add(href)
    return found


def refused(response) -> bool:
    if response.status_code == 403:
        return True
    login = reverse("login")
    return response.status_code == 302 and urlsplit(response["Location"]).path == login


@pytest.fixture
def quick_pdfs(monkeypatch):
    """A draft's PDF is rendered on demand; the permission is checked before, the rendering is not the point."""
    monkeypatch.setattr("plans.pdfcache.render_document_pdf", lambda document, **kwargs: (b"%PDF-1.7\n", 1))


@pytest.mark.parametrize("role", [*ROLES, "utan_roll"])
def test_no_link_leads_a_role_to_a_page_it_may_not_open(role, client_for, quick_pdfs):
    client = client_for(role)
    fetched: dict[str, int] = {}
    wrong = []
    for page in main_pages(role):
        response = client.get(page)
        if response.status_code != 200:
            continue  # a page this role does not open has no links for it
        for href in sorted(links(response.content.decode())):
            if href in fetched:
                continue
            answer = client.get(href)
            fetched[href] = answer.status_code
            if refused(answer):
                wrong.append(f"{page} → {href} ({answer.status_code})")
    assert fetched, "no link was followed"
    assert wrong == []


@pytest.mark.parametrize(
    ("role", "has_admin"),
    [("forbundschef", True), ("ekonom", True), ("revisor", True), ("styrelse", False), ("utan_roll", False)],
)
def test_the_menu_offers_the_admin_to_the_roles_that_enter_it(role, has_admin, client_for):
    found = links(client_for(role).get(reverse("portal:profile")).content.decode())
    assert (reverse("admin:index") in found) is has_admin
