"""An adopted budget is shown as it was adopted, whatever its members and categories become."""

import datetime
import importlib
import re

import pytest
from django.apps import apps as django_apps

from budget.models import Budget, CostCategory, NationalSplit
from budget.selectors import budget_summary, budget_summary_live
from budget.services import budget_adopt
from governance.models import Member
from tests.helpers import NNBSP, kr

NOTICE = re.compile(r'<aside class="alert alert-secondary" id="andrat-sedan-faststallandet".*?</aside>', re.DOTALL)
PAGES = ("/budget/2018/", "/budget/2018/diagram/andelar.svg", "/budget/2018/diagram/kostnader.svg")


def budget_content(client, path: str) -> str:
    """Return what `path` shows of the budget: the page's <main> without the notice of later changes, or the SVG."""
    response = client.get(path)
    assert response.status_code == 200, path
    text = response.content.decode()
    if path.endswith(".svg"):
        return text
    main = re.search(r"<main\b.*?</main>", text, re.DOTALL).group(0)
    return NOTICE.sub("", main)


def notice(client, path="/budget/2018/") -> str:
    found = NOTICE.search(client.get(path).content.decode())
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", found.group(0))) if found else ""


def change_categories_and_members() -> None:
    """The side-path edits of the issue: a category's split and name, a member's kind and another's name."""
    CostCategory.objects.filter(name="Lokal").update(name="Lokaler och hyra", national_split=NationalSplit.INSATSER)
    CostCategory.objects.filter(name="Insatser").update(national_split=NationalSplit.ADMINISTRATION)
    Member.objects.filter(kind=Member.Kind.REGION).update(kind=Member.Kind.ARBETSFORMEDLINGEN)
    Member.objects.filter(name="Nora kommun").update(name="Nora kommun (nytt namn)")


@pytest.mark.parametrize("role", ["styrelse", "ekonom"])
def test_the_adopted_page_and_charts_are_byte_identical_after_side_path_edits(client_for, role):
    client = client_for(role)
    before = {path: budget_content(client, path) for path in PAGES}
    assert notice(client) == ""  # nothing has changed since the demo adopted it

    change_categories_and_members()

    after = {path: budget_content(client, path) for path in PAGES}
    assert after == before
    assert "Region Örebro län" in before["/budget/2018/"]
    # Today's rows would show otherwise: the region counted as the state, and so on.
    live = budget_summary_live(budget=Budget.objects.get(year=2018))
    assert [row.label for row in live.income][:1] == ["Försäkringskassan/Arbetsförmedlingen"]
    assert "Region Örebro län" not in [row.label for row in live.income]


def test_the_notice_says_what_differs_beside_the_adopted_figures(client_for):
    client = client_for("styrelse")
    change_categories_and_members()
    text = notice(client)
    assert "Ändrat sedan fastställandet" in text
    assert "Budgeten visas som styrelsen fastställde den 2018-03-23." in text
    assert "Kostnadsslaget ”Lokal” heter nu ”Lokaler och hyra”." in text
    assert "Kostnadsslaget ”Insatser” räknas nu till administration (vid fastställandet insatser)." in text
    assert "Medlemmen ”Region Örebro län” är nu av typen Arbetsförmedlingen (vid fastställandet Region)." in text
    assert "Medlemmen ”Nora kommun” heter nu ”Nora kommun (nytt namn)”." in text
    # The merged state line the issue saw, now only as today's figure beside the adopted ones.
    assert f"Försäkringskassan/Arbetsförmedlingen {kr('3 088 500')} 75{NNBSP}%" in text
    assert "Nationell indelning med dagens uppgifter:" in text
    page = client.get("/budget/2018/").content.decode()
    assert page.index("Ändrat sedan fastställandet") < page.index('id="income-heading"')


def test_a_draft_has_no_notice_and_follows_its_rows(client_for):
    client = client_for("ekonom")
    change_categories_and_members()
    page = client.get("/budget/2017/").content.decode()
    assert "Ändrat sedan fastställandet" not in page
    assert "Nora kommun (nytt namn)" in page


def test_adoption_through_the_service_stores_what_the_page_shows(client_for, users):
    client = client_for("ekonom")
    budget = Budget.objects.get(year=2017)
    draft_page = budget_content(client, "/budget/2017/")
    budget_adopt(budget=budget, adopted_on=datetime.date(2017, 3, 1), acting_user=users["ekonom"])
    budget.refresh_from_db()
    assert budget.adopted_snapshot["budget"]["adopted_on"] == "2017-03-01"
    adopted_page = budget_content(client, "/budget/2017/")
    # The same page but for its badge, and no "Ändra budgeten" link once it is locked.
    assert "Fastställd 2017-03-01" in adopted_page and "Utkast" in draft_page
    change_categories_and_members()
    assert budget_content(client, "/budget/2017/") == adopted_page
    assert "Nora kommun (nytt namn)" in notice(client, "/budget/2017/")


def test_every_reader_of_the_summary_gets_the_adopted_one(demo):
    budget = Budget.objects.get(year=2018)
    adopted = budget_summary(budget=budget)
    change_categories_and_members()
    again = budget_summary(budget=Budget.objects.get(year=2018))
    assert again.is_frozen and adopted.is_frozen
    assert [row.label for row in again.income] == [row.label for row in adopted.income]
    assert [block.category.name for block in again.categories] == [block.category.name for block in adopted.categories]
    assert again.national_split == adopted.national_split


def test_the_admin_figures_of_an_adopted_budget_stay_as_adopted(client_for):
    client = client_for("ekonom")
    budget = Budget.objects.get(year=2018)
    url = f"/admin/budget/budget/{budget.pk}/change/"
    assert "Lokal" in client.get(url).content.decode()
    change_categories_and_members()
    page = client.get(url).content.decode()
    figures = re.search(r"<table[^>]*>\s*<caption[^>]*>Kostnader 2018.*?</table>", page, re.DOTALL).group(0)
    assert ">Lokal<" in figures and "Lokaler och hyra" not in figures


def test_the_migration_freezes_budgets_adopted_before_snapshots_were_kept(demo):
    migration = importlib.import_module("budget.migrations.0007_snapshot_adopted_budgets")
    budget = Budget.objects.get(year=2018)
    stored = budget.adopted_snapshot
    Budget.objects.filter(pk=budget.pk).update(adopted_snapshot=None)
    assert budget_summary(budget=Budget.objects.get(pk=budget.pk)).is_frozen is False

    migration.snapshot_adopted_budgets(django_apps, None)

    budget.refresh_from_db()
    assert budget.adopted_snapshot == stored
    assert Budget.objects.get(year=2017).adopted_snapshot is None  # a draft is not frozen
