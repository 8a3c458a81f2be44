"""The plan's PDF as a board reads it on paper, read back page by page (text and positions, pdfplumber).

For the demo's adopted 2018 plan (the PDF sent to the board), the 2019 draft and the 2018 plan with
20 times the demo's data: a caption is on the page of its table's first row, above it; no page but the
cover, the contents and the last is less than a third full; no row is split over two pages; a cost
category's name, lines and sum stay together; an empty value is one en dash; a period is written one way.

Each document is rendered once for the session (tests/plans/conftest.py).
"""

import re

import pytest

from plans.models import Plan
from tests.plans.conftest import FACTOR
from tests.plans.pdflayout import Layout, read_layout

pytestmark = pytest.mark.django_db

# A group of at most this many rows (a cost category's name, lines and sum) fits on a page beside others:
# it is kept whole. A longer one (the 20× plan's Insatser) is split only between its lines.
SHORT_GROUP = 15
MIN_FILL = 1 / 3

# Empty values and periods written any other way than sofint's one way (core.formatting.or_empty, .period).
OTHER_EMPTY = {"-", "—", "−", "--", "---", "- -"}
OTHER_PERIODS = [
    re.compile(r"\b\d{4}-\d{2}-\d{2}[-—–]\d{4}-\d{2}-\d{2}\b"),  # 2018-01-01–2018-12-31 (unspaced dates)
    re.compile(r"\b\d{4}-\d{2}-\d{2} [-—] \d{4}-\d{2}-\d{2}\b"),  # 2018-01-01 - 2018-12-31
    re.compile(r"\b(?:19|20)\d{2} ?[-—] ?(?:19|20)\d{2}\b(?!-\d)"),  # 2018-2019, 2018 — 2019
    re.compile(r"\b(?:19|20)\d{2} – (?:19|20)\d{2}\b(?!-\d)"),  # 2018 – 2019 (spaced years)
    re.compile(r"från \d{4}-\d{2}-\d{2} till och med"),
]


@pytest.fixture(scope="module")
def layouts(plan_pdfs) -> dict[str, Layout]:
    """The demo's PDFs and a 20× plan (tests/plans/conftest.py), read back."""
    names = ["2018 fastställd", "2019 utkast", f"2018 med {FACTOR}× data"]
    return {name: read_layout(plan_pdfs[name]) for name in names}


@pytest.fixture(params=["2018 fastställd", "2019 utkast", f"2018 med {FACTOR}× data"])
def layout(request, layouts) -> Layout:
    return layouts[request.param]


def test_the_documents_have_tables_groups_and_charts(layouts):
    adopted = layouts["2018 fastställd"]
    assert len(adopted.tables) >= 12
    assert any(table.groups for table in adopted.tables)
    assert sum(len(table.figure_pages) for table in adopted.tables) == 2
    assert len(layouts[f"2018 med {FACTOR}× data"].pages) > 2 * len(adopted.pages)


def test_every_caption_is_on_the_page_of_its_tables_first_row_above_it(layout):
    for table in layout.tables:
        assert table.caption and table.rows, table.caption
        assert table.rows[0].page in table.caption_pages, f"{table.caption!r} alone at the foot of a page"
        assert table.first_row_top > table.caption_bottom, table.caption


def test_no_page_is_less_than_a_third_full(layout):
    contents = {page.number for page in layout.pages if page.first_text == "Innehållsförteckning"}
    for page in layout.pages[1:-1]:  # the cover and the last page may be short
        if page.number not in contents:
            assert page.fill >= MIN_FILL, f"page {page.number} is {page.fill:.0%} full"


def test_a_chart_is_on_the_page_where_its_table_ends(layout):
    for table in layout.tables:
        for page in table.figure_pages:
            assert page == table.rows[-1].page, f"the chart after {table.caption!r} is on page {page}"


def test_no_row_is_split_over_two_pages(layout):
    for table in layout.tables:
        for row in table.rows:
            assert len(row.pages) == 1, f"{table.caption!r}: {row.text!r} on pages {sorted(row.pages)}"


def test_a_cost_categorys_lines_and_sum_stay_with_its_name(layout):
    for table in layout.tables:
        for group in table.groups:
            name, first, *_rest = group
            assert first.page == name.page, f"{table.caption!r}: {name.text!r} alone at the foot of a page"
            assert group[-1].page == group[-2].page, f"{table.caption!r}: the sum of {name.text!r} alone"
            if len(group) <= SHORT_GROUP:
                assert {row.page for row in group} == {name.page}, f"{table.caption!r}: {name.text!r} split"


def test_an_empty_value_is_one_en_dash(layout):
    cells = [cell for table in layout.tables for row in table.rows for cell in row.cells]
    assert "–" in cells  # the demo has members without an organisation number, meetings without a time
    assert not [cell for cell in cells if cell in OTHER_EMPTY]


def test_periods_are_written_one_way(layout):
    for pattern in OTHER_PERIODS:
        assert not pattern.findall(layout.text), pattern.pattern
    assert "2018-01-01 – 2018-12-31" in layout.text or "2019" in layout.text


def test_the_plan_page_writes_empty_values_and_periods_as_the_pdf(client_for):
    client = client_for("forbundschef")
    html = client.get(Plan.objects.get(first_year=2018).get_absolute_url()).content.decode()
    cells = re.findall(r"<td[^>]*>\s*([^<]*?)\s*</td>", html)
    assert "–" in cells
    assert not [cell for cell in cells if cell in OTHER_EMPTY]
    for pattern in OTHER_PERIODS:
        assert not pattern.findall(html), pattern.pattern
    assert "2018-01-01 – 2018-12-31" in html
    assert html.count('class="table-responsive plan-table-wrap') == html.count('class="table table-sm plan-table"')
