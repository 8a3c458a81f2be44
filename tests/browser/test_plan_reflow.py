"""The plan document on a 320 px phone (WCAG 2.1 1.4.10 Reflow): its tables scroll in their own labelled regions.

The page itself never scrolls sideways; each block table sits in a keyboard-focusable region named by
the table's caption. A screenshot of each page is saved under the test's temporary directory.
"""

import pytest

from plans.models import Plan

pytestmark = pytest.mark.django_db(transaction=True)

REGIONS = """() => [...document.querySelectorAll('.plan-document .plan-table-wrap')].map(region => ({
  role: region.getAttribute('role'),
  tabindex: region.getAttribute('tabindex'),
  label: region.getAttribute('aria-label'),
  caption: region.querySelector('caption').textContent.replace(/\\s+/g, ' ').trim(),
}))"""


@pytest.mark.parametrize(("role", "years"), [("forbundschef", (2019, 2018)), ("styrelse", (2018,))])
def test_the_plan_page_reflows_at_320_px(role, years, demo, page, login, live_server, tmp_path):
    page.set_viewport_size({"width": 320, "height": 800})
    login(role)
    for year in years:
        plan = Plan.objects.get(first_year=year)
        page.goto(f"{live_server.url}{plan.get_absolute_url()}")
        page.screenshot(path=tmp_path / f"plan-{year}-{role}.png")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{plan.get_absolute_url()} is {width} px wide at 320 px"
        regions = page.evaluate(REGIONS)
        assert len(regions) >= 6  # the 2019 draft has six block tables, 2018 fifteen
        for region in regions:
            assert region["role"] == "region" and region["tabindex"] == "0", region
            assert region["label"] == region["caption"], region
    # A table is read in its own region, reached with the keyboard too (2018's page is the last one seen).
    page.get_by_role("region", name="Kostnader 2018").focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Kostnader 2018"
    assert page.evaluate("getComputedStyle(document.activeElement).overflowX") == "auto"
