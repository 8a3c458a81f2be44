"""The ekonom imports a CSV from Swedish Excel through the admin; the budget page shows the new shares."""

import pytest

from budget.models import Budget, Contribution

CSV = (
    "år;medlem;belopp\r\n"
    "2019;Försäkringskassan/Arbetsförmedlingen;2 000 000 kr\r\n"
    "2019;Region Örebro län;1 000 000\r\n"
    "2019;Hällefors kommun;1.000 000 kr\r\n"
).encode("cp1252")


@pytest.mark.django_db(transaction=True)
def test_ekonom_imports_contributions_and_the_page_shows_the_shares(demo, login, live_server, tmp_path):
    Budget.objects.create(year=2019)
    upload = tmp_path / "medlemsbidrag 2019.csv"
    upload.write_bytes(CSV)

    page = login("ekonom")
    page.goto(f"{live_server.url}/admin/budget/contribution/import/")
    page.get_by_label("Fil att läsa in").set_input_files(str(upload))
    page.get_by_label("Filformat").select_option(label="csv")
    page.get_by_role("button", name="Förhandsgranska").click()
    page.get_by_role("heading", name="Förhandsgranskning").wait_for()
    assert page.locator("table.import-preview tbody tr").count() == 3
    # What the file does to which budget, before confirming: totals, each member, shares, the state's half.
    effect = page.locator("section.budget-import-effect")
    assert effect.get_by_role("heading").inner_text() == "Budget 2019: medelstilldelningen före och efter inläsningen"
    assert (
        "Summa före: uppgift saknas" in effect.inner_text()
        and "Summa efter: 4\u202f000\u202f000\u202fkr" in effect.inner_text()
    )
    assert "exakt hälften" in effect.inner_text()
    assert effect.locator("tr", has_text="Hällefors kommun").inner_text().split("\t")[3] == "25\u202f%"
    assert not Contribution.objects.filter(budget__year=2019).exists()

    page.get_by_role("button", name="Bekräfta inläsningen").click()
    page.get_by_text("3 nya").wait_for()

    page.goto(f"{live_server.url}/budget/2019/")
    income = page.locator("table").first
    assert (
        income.locator("tr", has_text="Försäkringskassan/Arbetsförmedlingen").inner_text().split("\t")[2] == "50\u202f%"
    )
    assert income.locator("tr", has_text="Hällefors kommun").inner_text().split("\t")[2] == "25\u202f%"
    assert page.get_by_text("Summa intäkter").is_visible()
    assert page.locator("img[src$='andelar.svg']").evaluate("img => img.complete && img.naturalWidth > 0")


@pytest.mark.django_db(transaction=True)
def test_ekonom_sees_row_errors_for_a_bad_file(demo, login, live_server, tmp_path):
    Budget.objects.create(year=2019)
    upload = tmp_path / "fel.csv"
    upload.write_bytes("år;medlem;belopp\r\n2019;Norra kommun;5\r\n".encode("cp1252"))
    page = login("ekonom")
    page.goto(f"{live_server.url}/admin/budget/contribution/import/")
    page.get_by_label("Fil att läsa in").set_input_files(str(upload))
    page.get_by_label("Filformat").select_option(label="csv")
    page.get_by_role("button", name="Förhandsgranska").click()
    page.get_by_role("heading", name="Filen innehåller fel och har inte lästs in").wait_for()
    assert page.get_by_text("Rad 2: okänd medlem ”Norra kommun”.").is_visible()
    assert page.get_by_role("button", name="Bekräfta inläsningen").count() == 0
