"""Next year's budget from this year's: the preview, the copy through the page, and its refusals."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget import selectors, services
from budget.models import Budget, Contribution, CostLine, OverviewYear
from core.formatting import shift_years
from core.models import AuditEvent
from projects.models import ProjectYear
from tests.budget.factories import BudgetFactory, ContributionFactory, CostLineFactory, OverviewYearFactory, grow_budget
from tests.helpers import kr

COPY = "/budget/2018/kopiera/"
LINE_FIELDS = ("category_id", "position", "amount", "national_split", "project_id")


def line_rows(year: int) -> list[tuple]:
    return list(CostLine.objects.filter(budget__year=year).order_by("pk").values_list(*LINE_FIELDS))


def messages_of(client, response) -> list[str]:
    return [str(message) for message in client.get(response["Location"]).context["messages"]]


def test_the_budget_page_offers_the_copy_to_those_who_may_add_budgets(client_for):
    for role in ("ekonom", "forbundschef"):
        text = client_for(role).get("/budget/2018/").content.decode()
        assert "Kopiera budget 2018 till 2019" in text and f'href="{COPY}"' in text, role
        # 2018 has a budget: 2017's is not offered for copying.
        assert "Kopiera budget 2017" not in client_for(role).get("/budget/2017/").content.decode()
    for role in ("styrelse", "revisor"):
        assert "Kopiera budget" not in client_for(role).get("/budget/2018/").content.decode(), role


def test_the_preview_shows_what_will_be_created(client_for):
    response = client_for("ekonom").get(COPY)
    assert response.status_code == 200
    text = response.content.decode()
    assert '<h1 class="page-header h2">Kopiera budget 2018 till 2019</h1>' in text
    assert "Ingenting är sparat ännu" in text and ">Skapa budget 2019</button>" in text
    # Every line with its text (the year moved on), amount, split and project.
    for line in CostLine.objects.filter(budget__year=2018).select_related("project"):
        assert shift_years(line.text, first=2018, last=2018, by=1) in text, line.text
        assert kr(f"{line.amount:,}".replace(",", " ")) in text, line.text
    assert "Medel till projekt 2019" in text and "I 2018: Medel till projekt 2018" in text
    assert "Revision</td>" in text  # the line's own split, not its category's
    # The demo's projects end 2018-12-31: the link is kept, and said so.
    assert "Insatsen Samverkansteamet (raden ”Individuella insatser: Samverkansteamet”)" in text
    assert "finansieras inte 2019 (perioden slutar 2018-12-31); länken behålls" in text
    # The overview one year on: 2020 and 2021 as 2018 had them, 2022 new and not given.
    overview = text[text.index('id="copy-overview"') :]
    assert ">2020</th>" in overview and ">2021</th>" in overview and "2022 (nytt)" in overview
    assert ">2019</th>" not in overview.split("</table>")[0]
    assert "4\u202f241\u202f000" in overview and "uppgift saknas" in overview
    # The equity: 2018's closing figure (642 000 − 168 000), from 1 January, preliminary.
    equity = text[text.index('id="copy-equity"') :].split("</p>")[0]
    assert kr("474 000") in equity and "2019-01-01" in equity and "preliminärt beräknat" in equity
    assert "budget 2018, beräknat utgående eget kapital" in equity
    # The contributions are offered, unticked.
    assert "Kopiera även medelstilldelningen" in text
    checkbox = text[text.index('name="with_contributions"') - 60 :].split(">")[0]
    assert "checked" not in checkbox
    assert "Försäkringskassan" in text and kr("4 118 000") in text and "50\u202f%" in text
    assert "Kopieras inte" in text and "Fastställandet" in text and "Utfall och prognos" in text
    assert not Budget.objects.filter(year=2019).exists()  # the preview writes nothing


def test_the_preview_of_a_year_taken_says_so_and_offers_no_copy(client_for):
    Budget.objects.create(year=2019)
    text = client_for("forbundschef").get(COPY).content.decode()
    assert "Det finns redan en budget för 2019" in text
    assert 'name="with_contributions"' not in text and ">Skapa budget 2019</button>" not in text


@pytest.mark.parametrize("role", ["ekonom", "forbundschef"])
def test_the_copy_creates_next_years_draft_budget(role, client_for, users):
    client = client_for(role)
    response = client.post(COPY)
    assert response.status_code == 302 and response["Location"] == "/budget/2019/"
    messages = messages_of(client, response)
    assert any("Budget 2019 är skapad som utkast, kopierad från budget 2018" in m for m in messages), messages

    new = Budget.objects.get(year=2019)
    assert new.status == Budget.Status.DRAFT and new.adopted_on is None and new.adopted_snapshot is None
    assert line_rows(2019) == line_rows(2018)
    texts = list(CostLine.objects.filter(budget=new).order_by("pk").values_list("text", flat=True))
    assert "Medel till projekt 2019" in texts and "Medel till projekt 2018" not in texts
    assert not CostLine.objects.filter(budget=new, outcome__isnull=False).exists()
    assert not CostLine.objects.filter(budget=new, forecast__isnull=False).exists()
    # The figures come out the same: costs, split, the lines' projects.
    old_summary = selectors.budget_summary(budget=Budget.objects.get(year=2018))
    new_summary = selectors.budget_summary_live(budget=new)
    assert new_summary.costs_total == old_summary.costs_total == 4_286_000
    assert new_summary.national_split == old_summary.national_split
    # The overview one year on.
    overview = {row.year: row for row in OverviewYear.objects.filter(budget=new)}
    assert sorted(overview) == [2020, 2021, 2022]
    source = {row.year: row for row in OverviewYear.objects.filter(budget__year=2018)}
    for year in (2020, 2021):
        for name in ("contributions", "personnel", "board_and_audit", "office", "activities"):
            assert getattr(overview[year], name) == getattr(source[year], name)
    assert overview[2022].contributions is None and overview[2022].personnel is None
    # The equity from 2018's closing figure.
    assert new.opening_equity == old_summary.closing_equity == 474_000
    assert new.opening_equity_on == datetime.date(2019, 1, 1)
    assert "budget 2018" in new.opening_equity_source and new.equity_is_preliminary
    # Nothing that is a decision: no frame, no surplus brought forward, no follow-up, no contributions.
    assert new.income_frame is None and new.income_frame_decision == "" and new.overview_opening_surplus is None
    assert not new.follow_ups.exists()
    assert not Contribution.objects.filter(budget=new).exists()
    # Recorded: who did it, in the history and the audit trail.
    event = AuditEvent.objects.get(action=AuditEvent.Action.BUDGET_COPIED)
    assert event.user == users[role] and event.details["year"] == 2019 and event.details["contributions"] == 0
    assert new.history.first().history_user == users[role]
    assert CostLine.history.filter(budget_id=new.pk).first().history_user == users[role]


def test_the_contributions_are_copied_when_asked(client_for):
    client = client_for("ekonom")
    response = client.post(COPY, {"with_contributions": "on"})
    assert response.status_code == 302
    assert any("medelstilldelningen är kopierad" in m for m in messages_of(client, response))
    stored = dict(Contribution.objects.filter(budget__year=2018).values_list("member_id", "amount"))
    assert dict(Contribution.objects.filter(budget__year=2019).values_list("member_id", "amount")) == stored
    page = client.get("/budget/2019/").content.decode()
    assert "Kopiera budget 2019 till 2020" in page and kr("4 118 000") in page


@pytest.mark.parametrize("role", ["styrelse", "revisor", "utan_roll"])
def test_the_copy_is_refused_to_those_who_may_not_add_budgets(role, client_for):
    client = client_for(role)
    assert client.get(COPY).status_code == 403
    assert client.post(COPY, {"with_contributions": "on"}).status_code == 403
    assert not Budget.objects.filter(year=2019).exists()


def test_a_copy_onto_a_year_with_a_budget_is_refused_and_changes_nothing(client_for):
    existing = BudgetFactory(year=2019, opening_equity=5)
    CostLineFactory(budget=existing, text="Min egen rad", amount=7)
    before = (line_rows(2019), Budget.objects.count(), CostLine.objects.count(), OverviewYear.objects.count())
    client = client_for("ekonom")
    response = client.post(COPY, {"with_contributions": "on"})
    assert response.status_code == 302 and response["Location"] == COPY
    messages = messages_of(client, response)
    assert any("Det finns redan en budget för 2019. Den ändras inte" in m for m in messages), messages
    after = (line_rows(2019), Budget.objects.count(), CostLine.objects.count(), OverviewYear.objects.count())
    assert after == before and Budget.objects.get(year=2019).opening_equity == 5
    assert not Contribution.objects.filter(budget=existing).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.BUDGET_COPIED).exists()


def test_the_service_refuses_a_budget_created_meanwhile(users):
    """Race: the year's budget is saved by someone else between the check and the insert (the unique year)."""
    source = Budget.objects.get(year=2018)
    Budget.objects.create(year=2019)
    real = selectors.budget_copy_preview

    def as_if_free(*, budget):
        preview = real(budget=budget)
        preview.existing = None
        return preview

    with mock.patch.object(selectors, "budget_copy_preview", as_if_free):
        with pytest.raises(ValidationError, match="Det finns redan en budget för 2019"):
            services.budget_copy_to_next_year(budget=source, with_contributions=True, acting_user=users["ekonom"])
    assert Budget.objects.filter(year=2019).count() == 1
    assert not CostLine.objects.filter(budget__year=2019).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.BUDGET_COPIED).exists()


def test_unknown_figures_stay_unknown_in_the_copy(users):
    """A line without an amount leaves the closing equity a bound: the copy's opening equity is not given."""
    source = BudgetFactory(year=2040, opening_equity=1000)
    ContributionFactory(budget=source, amount=5000)
    CostLineFactory(budget=source, text="Hyra", amount=100, position=1)
    CostLineFactory(budget=source, text="Okänd 2040", amount=None, position=2)
    OverviewYearFactory(budget=source, year=2041, personnel=5)
    preview = selectors.budget_copy_preview(budget=source)
    assert "högst" in preview.equity_note and preview.opening_equity is None
    new = services.budget_copy_to_next_year(budget=source, with_contributions=False, acting_user=users["ekonom"])
    assert new.opening_equity is None and new.opening_equity_on is None and new.opening_equity_source == ""
    assert not new.equity_is_preliminary
    assert list(CostLine.objects.filter(budget=new).values_list("text", "amount")) == [
        ("Hyra", 100),
        ("Okänd 2041", None),
    ]
    # The one overview year (2041) becomes the budget year: the new one, 2042, has nothing given.
    assert list(OverviewYear.objects.filter(budget=new).values_list("year", "personnel")) == [(2042, None)]


def test_a_project_funded_in_the_new_year_without_money_is_noted(users):
    line = CostLine.objects.filter(budget__year=2018, project__isnull=False).select_related("project").first()
    project = line.project
    project.ends_on = datetime.date(2019, 12, 31)
    project.save()
    preview = selectors.budget_copy_preview(budget=Budget.objects.get(year=2018))
    notes = {copied.project.pk: copied.project_note for copied in preview.lines if copied.project}
    assert notes[project.pk] == "inga beviljade medel för 2019 ännu"
    ProjectYear.objects.create(project=project, year=2019, granted=100)
    preview = selectors.budget_copy_preview(budget=Budget.objects.get(year=2018))
    assert not next(copied for copied in preview.lines if copied.project == project).project_note


def _reads_and_inserts(context) -> tuple[list[str], int]:
    sqls = [query["sql"] for query in context.captured_queries]
    reads = [sql.split(" WHERE ")[0] for sql in sqls if not sql.startswith(("INSERT", "SAVEPOINT", "RELEASE"))]
    return reads, sum(sql.startswith("INSERT") for sql in sqls)


def test_the_copy_reads_the_same_at_1x_and_20x_and_writes_in_batches(client_for):
    """The copy's reads are the same whatever the data; its rows are written one insert per table and batch.

    (SQLite takes at most 999 values in one statement, so 20× the lines take a second batch.)
    """
    from django.contrib.contenttypes.models import ContentType

    client = client_for("ekonom")
    # The change history names each row's content type, cached after the first look-up: both copies start cold.
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as at_1x:
        assert client.post(COPY, {"with_contributions": "on"}).status_code == 302
    Budget.objects.filter(year=2019).delete()
    grow_budget(factor=20)
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as at_20x:
        assert client.post(COPY, {"with_contributions": "on"}).status_code == 302
    reads_1x, inserts_1x = _reads_and_inserts(at_1x)
    reads_20x, inserts_20x = _reads_and_inserts(at_20x)
    assert reads_20x == reads_1x
    assert inserts_20x <= 2 * inserts_1x
    assert CostLine.objects.filter(budget__year=2019).count() == CostLine.objects.filter(budget__year=2018).count()
