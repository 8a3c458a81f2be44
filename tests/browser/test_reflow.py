"""Every page of the app, for every role, works at 320 CSS px and at 200 % zoom (WCAG 2.1 1.4.10 Reflow).

The pages come from the project's URL catalogue (tests/urls.py) with the demo's objects, as
the permission matrix and the axe test walk them; a role skips the pages it may not open.
At 320 × 800, and in a 1280 px window zoomed to 200 % (640 CSS px), the page itself never
scrolls sideways: a wide table reflows into stacked rows (`table-stack`) or scrolls inside
its own labelled, focusable region (`table-responsive`). One screenshot per page, for the
first role that can see it, is saved under /tmp/reflow/ to be looked at.

The navbar's keyboard focus ring is visible on the navbar's blue (WCAG 2.1 1.4.11).
"""

import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template import loader
from django.test import Client
from django.urls import reverse

from tests.browser.conftest import blank_charts
from tests.browser.test_accessibility import pages
from tests.conftest import ROLES
from tests.test_permissions import expected_status
from tests.urls import sample_path

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(tempfile.gettempdir(), "reflow")
PHONE = {"width": 320, "height": 800}
ZOOMED = {"width": 640, "height": 400}  # a 1280 × 800 window at 200 %
# The page's width past the window, and the widest element that sticks out (to say what to mend).
MEASURE = """(() => {
    const width = window.innerWidth, page = document.documentElement.scrollWidth;
    if (page <= width) return null;
    let widest = null;
    for (const el of document.body.querySelectorAll('*')) {
        const right = el.getBoundingClientRect().right;
        if (right > width + 1 && (!widest || right > widest.right)) {
            let inRegion = false;
            for (let p = el.parentElement; p; p = p.parentElement) {
                if (getComputedStyle(p).overflowX !== 'visible') { inRegion = true; break; }
            }
            const classes = typeof el.className === 'string' ? el.className.trim().split(/\\s+/) : [];
            if (!inRegion) widest = {right, tag: [el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''),
                                                 ...classes].join('.')};
        }
    }
    return {page, width, widest: widest && widest.tag};
})()"""
# Pages shown logged out, and error pages rendered as the server renders them.
PUBLIC = ["/logga-in/", "/tillganglighet/", "/publicerat/", "/publicerat/verksamhetsplan-2018/"]
# Beyond the catalogue's one sample each: every plan's page (the catalogue's is the 2019 working copy,
# which the board may not open; the adopted 2018 plan, frozen, is what a board member reads).
MORE_SAMPLES = {"plans:detail": lambda: [reverse("plans:detail", args=[plan.pk]) for plan in _plans()]}
# Known to be wide, each for another part of issue 15 that mends it (the test fails once one fits,
# so that the entry is struck here): URL name -> what is wide and who mends it.
KNOWN_WIDE: dict[str, str] = {}  # none now: every page fits
STANDALONE_ERRORS = ["400.html", "500.html", "503.html"]


def _plans():
    from plans.models import Plan

    return Plan.objects.order_by("pk")


def _paths(url):
    more = MORE_SAMPLES.get(url.name)
    return list(dict.fromkeys([sample_path(url), *(more() if more else [])]))


def _session(page, live_server, username):
    """Give the page a logged-in session of `username` (the login form itself is tested elsewhere)."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url}]
    )  # fmt: skip


def _check(page, label, wide, shot, known=None):  # known: the widths of a page in KNOWN_WIDE
    """Measure the open page at 320 px and at 200 % zoom; save its screenshot once."""
    for viewport, name in ((PHONE, "320 px"), (ZOOMED, "200 %")):
        page.set_viewport_size(viewport)
        if found := page.evaluate(MEASURE):
            if known is not None:
                known.add(found["page"])
            else:
                wide.append(f"{name} {label}: {found['page']} px ({found['widest']})")
        if viewport is PHONE and shot:
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=SCREENSHOTS / f"{shot}.png", full_page=True)


def _serve(body):
    return lambda route: route.fulfill(body=body, content_type="text/html")


def _shot_name(path):
    return path.strip("/").replace("/", "_") or "start"


@pytest.fixture
def reflow_page(browser):
    context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm", viewport=PHONE)
    page = context.new_page()
    blank_charts(page)
    yield page
    context.close()


def test_every_page_for_every_role_reflows_at_320_px_and_200_percent(demo, reflow_page, live_server):
    page, wide, shot, checked, known = reflow_page, [], set(), 0, {name: set() for name in KNOWN_WIDE}
    for path in PUBLIC:
        page.goto(f"{live_server.url}{path}")
        _check(page, f"anonym {path}", wide, _shot_name(path))
        shot.add(path)
        checked += 1
    for role in ROLES:
        _session(page, live_server, role)
        for url in pages():
            if expected_status(url, role) != 200:
                continue
            for path in _paths(url):
                response = page.goto(f"{live_server.url}{path}")
                if response.status == 403 and path != sample_path(url):
                    continue  # a further sample this role may not open (the board and a working copy)
                assert response.status == 200, f"{role} {path}: {response.status}"
                _check(page, f"{role} {path}", wide, None if path in shot else _shot_name(path), known.get(url.name))
                shot.add(path)
                checked += 1
    # Error pages: a refusal and a missing page in the site's frame; the plain ones as the server sends them.
    _session(page, live_server, "styrelse")
    for path, status, name in (("/insatser/ny/", 403, "fel-403"), ("/finns-inte/", 404, "fel-404")):
        assert page.goto(f"{live_server.url}{path}").status == status
        _check(page, f"styrelse {name}", wide, name)
        checked += 1
    for template in STANDALONE_ERRORS:
        address = f"{live_server.url}/fel/{template}"
        body = loader.get_template(template).render()
        page.route(address, _serve(body))
        page.goto(address)
        _check(page, template, wide, f"fel-{template.split('.')[0]}")
        checked += 1
    assert checked > 140
    assert wide == [], f"{len(wide)} wide pages:\n" + "\n".join(wide)
    fits = [name for name, widths in known.items() if not widths]
    assert not fits, f"Known wide pages that now fit everywhere (strike them from KNOWN_WIDE): {fits}"
    print(f"Checked {checked} loads of {len(shot)} pages at 320 px and 200 %.")
    print("Known wide:", {name: f"up to {max(widths)} px" for name, widths in known.items()})


def test_the_navbar_focus_ring_shows_on_the_navbar(demo, reflow_page, live_server):
    """WCAG 2.1 1.4.11: a focused menu link has a ring of at least 3:1 against the navbar's blue."""
    page = reflow_page
    _session(page, live_server, "styrelse")
    page.set_viewport_size({"width": 1400, "height": 700})
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")  # the first menu link
    ring = page.evaluate(
        """(() => {
            const el = document.activeElement, style = getComputedStyle(el);
            const bar = getComputedStyle(el.closest('nav.navbar')).backgroundColor;
            return {text: el.textContent.trim(), style: style.outlineStyle, width: parseFloat(style.outlineWidth),
                    color: style.outlineColor, bar};
        })()"""
    )
    assert ring["text"] == "Förbundet", ring
    assert ring["style"] != "none" and ring["width"] >= 2, ring
    assert _contrast(ring["color"], ring["bar"]) >= 3, ring
    SCREENSHOTS.mkdir(exist_ok=True)
    page.locator("nav.navbar").screenshot(path=SCREENSHOTS / "fokus-meny.png")


def _contrast(first, second):
    """The WCAG contrast ratio of two CSS rgb() colours."""

    def luminance(colour):
        channels = [int(part) / 255 for part in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
