"""Every page, for every role, passes axe-core's WCAG 2.1 A and AA rules in real Chromium."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.browser.conftest import blank_charts
from tests.conftest import ROLES
from tests.test_permissions import expected_status
from tests.urls import collect_urls, sample_path

AXE = next(Path(settings.BASE_DIR, ".venv").glob("axe-core-*/axe.min.js"), None)
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Not pages: files, feeds, and views that only take a POST.
NOT_PAGES = ("pdf", "csv", "xlsx", "ics", "feed", "chart", "preview", "section_move", "copy", "export")


def pages():
    return [
        url
        for url in collect_urls()
        if url.namespace not in ("admin",)
        and url.name not in ("logout", "core:ping")
        and not any(part in url.name for part in NOT_PAGES)
    ]


@pytest.fixture
def axe_page(browser):
    if AXE is None:
        pytest.fail("axe-core is missing: run `make browser` (it fetches axe-core from the npm registry)")
    # The app's CSP forbids injected scripts, so the test context bypasses it to add axe.
    context = browser.new_context(locale="sv-SE", bypass_csp=True)
    page = context.new_page()
    blank_charts(page)
    yield page
    context.close()


def run_axe(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} – "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in violation["nodes"][:3]
        )
        for violation in result["violations"]
    ]


@pytest.mark.django_db(transaction=True)
def test_every_page_for_every_role_passes_axe(demo, axe_page, live_server):
    failures = {}
    checked = 0
    # Shown without a login: the login page and the published documents.
    for path in ("/logga-in/", "/tillganglighet/", "/publicerat/", "/publicerat/verksamhetsplan-2018/"):
        axe_page.goto(f"{live_server.url}{path}")
        if problems := run_axe(axe_page):
            failures[f"anonym {path}"] = problems
    for role in ROLES:
        client = Client()
        client.force_login(
            __import__("django.contrib.auth", fromlist=["get_user_model"]).get_user_model().objects.get(username=role)
        )
        axe_page.context.clear_cookies()
        axe_page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
              "url": live_server.url}]
        )  # fmt: skip
        for url in pages():
            if expected_status(url, role) != 200:
                continue
            path = sample_path(url)
            axe_page.goto(f"{live_server.url}{path}")
            checked += 1
            if problems := run_axe(axe_page):
                failures[f"{role} {path}"] = problems
    assert checked > 100
    assert failures == {}, "\n".join(f"{page}: {problems}" for page, problems in failures.items())
