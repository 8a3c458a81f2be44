import pytest

URLS = [
    "/budget/",
    "/budget/2018/",
    "/budget/2018/diagram/andelar.svg",
    "/budget/2018/diagram/kostnader.svg",
    "/admin/budget/budget/",
    "/admin/budget/budget/2/change/",
    "/admin/budget/budget/1/change/",
    "/admin/budget/budget/add/",
    "/admin/budget/contribution/",
    "/admin/budget/contribution/import/",
    "/admin/budget/costline/",
    "/admin/budget/budget/2/history/",
    "/admin/budget/contribution/export/",
    "/admin/budget/costcategory/",
]


@pytest.mark.parametrize("url", URLS)
def test_smoke(url, client_for):
    r = client_for("ekonom").get(url)
    assert r.status_code == 200, r.content[-3000:]
