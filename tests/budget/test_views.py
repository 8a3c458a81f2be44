"""The budget page and its charts, as a board member reads them."""

import re

import pytest
import weasyprint

from budget import charts, selectors
from budget.models import Budget
from tests.budget.factories import readopt
from tests.helpers import NNBSP, kr


@pytest.fixture
def styrelse(client_for):
    return client_for("styrelse")


def cells(html: str) -> str:
    """Collapse the page's markup to its visible text, one space between cells."""
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))


def test_budget_page_shows_section_6_of_the_seed(styrelse):
    response = styrelse.get("/budget/")
    assert response.status_code == 200
    assert response.context["summary"].budget.year == 2018  # no budget for today's year: the latest
    text = cells(response.content.decode())
    assert "Budget 2018" in text and "Fastställd 2018-03-23" in text
    assert f"Försäkringskassan/Arbetsförmedlingen {kr('2 059 000')} 50{NNBSP}% {kr('1 448 710')}" in text
    assert f"Lindesbergs kommun {kr('525 045')} 12,75{NNBSP}% {kr('370 680')}" in text
    assert f"Summa intäkter {kr('4 118 000')} 100 % {kr('2 897 420')}" in text
    assert f"Preliminärt beräknat eget kapital {kr('474 000')} {kr('642 000')}" in text
    assert f"Summa insatser {kr('2 023 000')}" in text
    assert f"Medel till projekt 2018 {kr('1 075 000')}" in text
    assert f"Summa kostnader {kr('4 286 000')}" in text
    assert f"Resultat \u2212168{NNBSP}000{NNBSP}kr" in text
    assert f"Årets resultat 26{NNBSP}000 0 0" in text  # the seed's "+ 260 000" is 26 000
    assert f"Periodens ackumulerade resultat 526{NNBSP}000 526{NNBSP}000 526{NNBSP}000" in text
    assert 'src="/budget/2018/diagram/andelar.svg"' in response.content.decode()


def test_budget_page_for_a_year_and_404_for_a_missing_one(styrelse, client_for):
    assert client_for("ekonom").get("/budget/2017/").status_code == 200
    assert styrelse.get("/budget/1999/").status_code == 404
    assert styrelse.get("/budget/2018/diagram/okand.svg").status_code == 404


def test_edit_link_only_for_those_who_may_edit_a_draft(client_for):
    assert "Ändra budgeten" not in client_for("styrelse").get("/budget/2017/").content.decode()
    assert "Ändra budgeten" in client_for("ekonom").get("/budget/2017/").content.decode()
    assert "Ändra budgeten" not in client_for("ekonom").get("/budget/2018/").content.decode()  # adopted


def test_follow_up_columns_and_forecast_text(styrelse):
    budget = Budget.objects.get(year=2018)
    Budget.objects.filter(pk=budget.pk).update(followup_on="2018-08-31")
    line = budget.cost_lines.get(text="Revision")
    type(line).objects.filter(pk=line.pk).update(outcome=30_000, forecast=60_000 + 116_579)
    readopt(budget)
    text = cells(styrelse.get("/budget/2018/").content.decode())
    assert "Utfall t.o.m. 2018-08-31" in text
    assert f"Prognosen visar att budgeten överskrids med 116{NNBSP}579{NNBSP}kr." in text


def test_a_forecast_of_nothing_is_shown_as_nothing_not_as_the_budget(styrelse):
    """A line forecast to cost 0 kr: the page showed its budget in the forecast column (0 taken for none)."""
    line = Budget.objects.get(year=2018).cost_lines.get(text="Revision")
    type(line).objects.filter(pk=line.pk).update(forecast=0)
    readopt(line.budget)
    text = cells(styrelse.get("/budget/2018/").content.decode())
    assert f"Revision (räknas som revision) {kr('60 000')} uppgift saknas {kr('0')}" in text
    # The category's forecast, and the total's, count it as nothing too; no outcome is given.
    assert f"Summa styrelse och revision {kr('123 500')} uppgift saknas {kr('63 500')}" in text


def test_nav_has_budget_for_readers_only(client_for):
    assert 'href="/budget/"' in client_for("revisor").get("/").content.decode()
    assert 'href="/budget/"' not in client_for("utan_roll").get("/").content.decode()


@pytest.mark.parametrize("name", ["andelar", "kostnader"])
def test_charts_are_svg_without_scripts(styrelse, name):
    response = styrelse.get(f"/budget/2018/diagram/{name}.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "<script" not in svg.lower()
    if name == "andelar":
        assert "Försäkringskassan/Arbetsförmedlingen 50" in svg
    else:
        assert "Finansierade aktiviteter 1\u202f790\u202f250\u202fkr" in svg


def test_charts_render_in_a_pdf(demo):
    summary = selectors.budget_summary_for_year(year=2018)
    html = "".join(
        f'<img src="{charts.as_data_uri(draw(summary))}" style="width:16cm">'
        for draw in (charts.contribution_shares_svg, charts.costs_by_category_svg)
    )
    pdf = weasyprint.HTML(string=f"<html><body>{html}</body></html>").write_pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000


DRAFT_PATHS = ("/budget/2017/", "/budget/2017/diagram/andelar.svg", "/budget/2017/diagram/kostnader.svg")


def test_a_board_member_reads_adopted_budgets_only(client_for):
    client = client_for("styrelse")
    for path in DRAFT_PATHS:
        assert client.get(path).status_code == 404, path
    page = client.get("/budget/").content.decode()
    assert "Budget 2018" in page
    assert 'href="/budget/2017/"' not in page and "2017</a>" not in page
    for role in ("forbundschef", "ekonom", "revisor"):
        assert client_for(role).get("/budget/2017/").status_code == 200, role


def test_the_year_list_offers_drafts_to_those_who_read_them(client_for):
    assert 'href="/budget/2017/"' in client_for("revisor").get("/budget/2018/").content.decode()


def test_a_board_member_without_an_adopted_budget_is_told_so(client_for):
    Budget.objects.filter(year=2018).update(status=Budget.Status.DRAFT, adopted_on=None)
    response = client_for("styrelse").get("/budget/")
    assert response.status_code == 200 and response.context["summary"] is None
    assert "Ingen fastställd budget finns ännu." in response.content.decode()
    assert "Budget 2018" not in response.content.decode()


def test_a_board_member_who_also_keeps_the_books_reads_drafts(client_for, users):
    from django.contrib.auth.models import Group

    from core.roles import FINANCE

    users["styrelse"].groups.add(Group.objects.get(name=FINANCE))
    assert client_for("styrelse").get("/budget/2017/").status_code == 200


def test_the_board_reads_drafts_when_the_setting_says_so(client_for, settings):
    settings.SOFINT_BOARD_SEES_DRAFTS = True  # read at each request, no restart
    client = client_for("styrelse")
    for path in DRAFT_PATHS:
        assert client.get(path).status_code == 200, path
    assert 'href="/budget/2017/"' in client.get("/budget/2018/").content.decode()
    settings.SOFINT_BOARD_SEES_DRAFTS = False
    assert client.get("/budget/2017/").status_code == 404
