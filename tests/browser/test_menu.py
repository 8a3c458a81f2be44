"""The main menu keeps to one line and inside the window wherever it is shown expanded (1200 px and up).

Every page at 320 px and at 200 % zoom, the menu's included, is checked in test_reflow.py.
"""

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
