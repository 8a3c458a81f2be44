"""The main menu keeps to one line and inside the window wherever it is shown expanded (1200 px and up)."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1200, 1280, 1400])
def test_the_whole_menu_of_the_role_with_most_items_fits_the_window(demo, login, live_server, width):
    page = login("forbundschef")
    page.set_viewport_size({"width": width, "height": 700})
    page.goto(f"{live_server.url}/forbundets-mal/2018/")
    menu = page.evaluate(
        """(() => {
            const bar = document.querySelector('nav.navbar > *');
            const user = document.querySelector('#user-menu').getBoundingClientRect();
            return {overflow: bar.scrollWidth - bar.clientWidth, right: user.right, top: user.top,
                    brand: document.querySelector('.navbar-brand').getBoundingClientRect().top};
        })()"""
    )
    assert menu["overflow"] <= 0 and menu["right"] <= width, menu
    assert abs(menu["top"] - menu["brand"]) < 20, menu  # the account menu is on the brand's line, not wrapped
    assert page.get_by_role("button", name="Demo Förbundschef").is_visible()  # cut visually, named in full


# The pages this work added or changed most (the förbund's goals, a project's form, page and history,
# the start page with Kom igång): at 320 px no sideways scrolling, wide tables scroll in their own region.
NARROW_PAGES = [
    "/",
    "/forbundets-mal/2018/",
    "/insatser/1/",
    "/insatser/1/andra/",
    "/insatser/ny/",
    "/insatser/1/historik/",
    # The year turning over: the checklist, the next term, the teams carried on, target groups, next year's budget.
    "/planer/2/redigera/",
    "/planer/2/skicka/",
    "/styrelse/",
    "/styrelse/2018/skapa/",
    "/insatser/fortsatt/2019/",
    "/insatser/malgrupper/",
    "/budget/2018/kopiera/",
]


@pytest.mark.parametrize("role", ["forbundschef", "ekonom", "styrelse", "revisor"])
def test_the_goal_and_project_pages_reflow_at_320_px(demo, login, live_server, role):
    page = login(role)
    page.set_viewport_size({"width": 320, "height": 800})
    wide = []
    for path in NARROW_PAGES:
        response = page.goto(f"{live_server.url}{path}")
        if response.status == 200 and page.evaluate("document.documentElement.scrollWidth") > 320:
            wide.append(path)
    assert wide == []
