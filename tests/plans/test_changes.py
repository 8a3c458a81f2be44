"""Ändringar sedan version N: what a board member reads to learn what changed between two versions."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.markdown import render_markdown
from meetings.models import Meeting
from plans.changes import ADDED, CHANGED, CONTEXT, REMOVED, document_changes
from plans.models import Plan
from plans.selectors import Document, DocumentSection
from plans.services import plan_send_to_board
from tests.helpers import open_items

PARAGRAPHS = [f"Stycke {n} handlar om samverkan mellan medlemmarna, del {n}." for n in range(1, 11)]
TABLE = "| Post | Belopp |\n|---|---:|\n| Lokal | 45 000 kr |\n| Revision | 60 000 kr |\n"
COSTS = """<table class="plan-table"><caption>Kostnader 2019</caption>
<thead><tr><th scope="col">Kostnad</th><th scope="col" class="amount">Budget 2019</th></tr></thead>
<tbody><tr class="group"><th scope="rowgroup" colspan="2">Styrelse och revision</th></tr>
<tr><td class="indent">Styrelsen</td><td class="amount">63 500 kr</td></tr>
<tr><td class="indent">Revision</td><td class="amount">{revision} kr</td></tr>
<tr class="subtotal"><td class="indent">Summa</td><td class="amount">{sum} kr</td></tr></tbody>
<tbody><tr class="group"><th scope="rowgroup" colspan="2">Lokal</th></tr>
<tr><td class="indent">Hyra</td><td class="amount">93 500 kr</td></tr>
<tr class="subtotal"><td class="indent">Summa</td><td class="amount">93 500 kr</td></tr></tbody>
</table><figure class="plan-chart"><img src="data:image/svg+xml;base64,{chart}" alt="Diagram"></figure>"""


def section(number, title, markdown="", *, block="", section_id=None):
    parts = [{"text": render_markdown(markdown)}] if markdown else []
    if block:
        parts.append({"block": "budget_costs", "label": "Kostnader", "html": block})
    return DocumentSection(
        number=number, level=number.count(".") + 1, title=title, anchor=f"avsnitt-{number.replace('.', '-')}",
        body_source=markdown, body_html=parts[0]["text"] if markdown else "", section_id=section_id or hash(title),
        parts=parts,
    )  # fmt: skip


def document(*sections):
    return Document(title="Verksamhetsplan 2019", years="2019", organisation_name="SOFINT",
                    organisation_number="222000-1818", status_line="Utkast", is_draft=True,
                    sections=list(sections))  # fmt: skip


def test_identical_documents_have_nothing_changed():
    old = document(section("1", "Vision", "\n\n".join(PARAGRAPHS)), section("2", "Budget", TABLE))
    changes = document_changes(old, document(*old.sections))
    assert changes.sections == []
    assert changes.summary == "Inget har ändrats."


def test_one_paragraph_changed_among_ten_shows_it_with_its_neighbours_abbreviated():
    new_paragraphs = list(PARAGRAPHS)
    new_paragraphs[4] = new_paragraphs[4].replace("samverkan mellan", "tillit mellan")
    old = document(section("4.1", "Vision", "\n\n".join(PARAGRAPHS)))
    new = document(section("4.1", "Vision", "\n\n".join(new_paragraphs), section_id=old.sections[0].section_id))
    changes = document_changes(old, new)
    [vision] = changes.sections
    assert [item.kind for item in vision.items] == [CONTEXT, CHANGED, CONTEXT]
    context_before, changed, context_after = (str(item.html) for item in vision.items)
    assert changed == (
        '<p>Stycke 5 handlar om <del><span class="visually-hidden">Borttaget: </span>samverkan</del> '
        '<ins><span class="visually-hidden">Tillagt: </span>tillit</ins> mellan medlemmarna, del 5.</p>'
    )
    assert "Stycke 4" in context_before and "Stycke 6" in context_after
    shown = "".join(str(item.html) for item in vision.items)
    for n in (1, 2, 3, 7, 8, 9, 10):
        assert f"Stycke {n} " not in shown
    assert changes.summary == "1 avsnitt ändrat; 4.1 Vision: texten ändrad"


def test_one_figure_in_a_table_in_the_text_is_stated_before_and_after():
    old = document(section("6", "Budget", "Budgeten i korthet:\n\n" + TABLE))
    new = document(section("6", "Budget", "Budgeten i korthet:\n\n" + TABLE.replace("45 000", "50 000"),
                           section_id=old.sections[0].section_id))  # fmt: skip
    changes = document_changes(old, new)
    [budget] = changes.sections
    context, table = budget.items  # the paragraph before the table, as context
    assert context.kind == CONTEXT and "Budgeten i korthet:" in context.html
    assert table.type == "table" and not table.header_changed
    assert [cell.text for cell in table.header] == ["Post", "Belopp"] and not any(c.changed for c in table.header)
    [row] = table.rows  # only the changed row: Revision is not shown
    assert row.kind == CHANGED
    assert [(cell.before, cell.text, cell.numeric) for cell in row.cells] == [
        (None, "Lokal", False),
        ("45 000 kr", "50 000 kr", True),
    ]
    assert changes.summary == "1 avsnitt ändrat; 6 Lokal: 45 000 kr → 50 000 kr"


def test_a_data_block_is_compared_cell_by_cell_and_its_sums_follow_without_being_news():
    old = document(section("6.2", "Kostnader 2019", block=COSTS.format(revision="60 000", sum="123 500", chart="AAAA")))
    new = document(section("6.2", "Kostnader 2019", block=COSTS.format(revision="65 000", sum="128 500", chart="BBBB"),
                           section_id=old.sections[0].section_id))  # fmt: skip
    changes = document_changes(old, new)
    [costs] = changes.sections
    [table] = costs.items  # the chart, redrawn, is no change of its own
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Revision", "65 000 kr"],
        ["Summa", "128 500 kr"],
    ]
    assert [str(figure) for figure in changes.figures] == [
        "6.2 Revision: 60 000 kr → 65 000 kr",
        "6.2 Summa Styrelse och revision: 123 500 kr → 128 500 kr",  # the group says which Summa
    ]
    assert changes.summary == "1 avsnitt ändrat; 6.2 Revision: 60 000 kr → 65 000 kr; 1 summa ändrad som följd"


def test_a_new_and_a_removed_section_are_counted_and_shown_whole():
    kept = section("1", "Vision", "Samverkan.")
    old = document(kept, section("2", "Gammalt", "Det som var."))
    new = document(kept, section("2", "Nytt", "Det som kommer."), section("3", "Nyare", "Mer.\n\n" + TABLE))
    changes = document_changes(old, new)
    assert [(s.heading, s.kind) for s in changes.sections] == [("2 Nytt", ADDED), ("3 Nyare", ADDED),
                                                               ("2 Gammalt", REMOVED)]  # fmt: skip
    assert changes.summary == "2 avsnitt nya; 1 borttaget"
    [removed] = changes.removed
    assert (
        str(removed.items[0].html) == '<p><del><span class="visually-hidden">Borttaget: </span>Det som var.</del></p>'
    )
    table = changes.added[1].items[1]
    assert table.kind == ADDED and [row.kind for row in table.rows] == [ADDED, ADDED]
    one_each = document_changes(document(kept, section("2", "Gammalt", "x")), document(kept, section("3", "Ny", "y")))
    assert one_each.summary == "1 avsnitt nytt; 1 borttaget"


def test_header_rows_are_never_a_change_unless_a_heading_changed():
    old = document(section("6", "Budget", TABLE))
    same_header = document(
        section("6", "Budget", TABLE.replace("60 000", "61 000"), section_id=old.sections[0].section_id)
    )
    [table] = document_changes(old, same_header).sections[0].items
    assert not table.header_changed and not any(cell.changed for cell in table.header)
    assert [row.cells[0].text for row in table.rows] == ["Revision"]
    renamed = document(
        section("6", "Budget", TABLE.replace("Belopp", "Budget 2019"), section_id=old.sections[0].section_id)
    )
    [table] = document_changes(old, renamed).sections[0].items
    assert table.header_changed and table.rows == []
    assert [(cell.before, cell.text) for cell in table.header] == [(None, "Post"), ("Belopp", "Budget 2019")]


def test_list_items_and_headings_in_the_text_are_compared_as_rendered():
    old_text = "### Mål\n\nVi vill:\n\n- Tillit\n- Uthållighet\n\nSlut."
    new_text = "### Våra mål\n\nVi vill:\n\n- Tillit\n- **Stor** uthållighet\n- Öppenhet\n\nSlut."
    old = document(section("4", "Inriktning", old_text))
    new = document(section("4", "Inriktning", new_text, section_id=old.sections[0].section_id))
    [change] = document_changes(old, new).sections
    shown = [str(item.html) for item in change.items if item.kind != CONTEXT]
    assert shown[0] == (
        '<h3><del><span class="visually-hidden">Borttaget: </span>Mål</del> '
        '<ins><span class="visually-hidden">Tillagt: </span>Våra mål</ins></h3>'
    )
    assert shown[1].startswith('<ul class="change-list"><li>') and "<strong>Stor</strong>" in shown[1]
    assert shown[2] == (
        '<ul class="change-list"><li><ins><span class="visually-hidden">Tillagt: </span>Öppenhet</ins></li></ul>'
    )
    assert not any("|" in html or "###" in html or "**" in html for html in shown)  # rendered, not Markdown source


def test_text_that_looks_like_markup_stays_text():
    old = document(section("1", "Vision", "Hej."))
    new = document(section("1", "Vision", "Hej <script>alert(1)</script> &lt;b&gt;x&lt;/b&gt;.",
                           section_id=old.sections[0].section_id))  # fmt: skip
    [change] = document_changes(old, new).sections
    html = "".join(str(item.html) for item in change.items)
    assert "<script" not in html and "<b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


@pytest.mark.django_db
def test_a_board_member_reads_exactly_the_one_figure_and_the_one_paragraph_that_changed(client_for, users):
    plan = Plan.objects.get(first_year=2019)
    director = users["forbundschef"]
    budget = plan.sections.get(title="Budget 2019")
    budget.body = "Budgeten i korthet:\n\n" + TABLE + "\n" + budget.body
    budget.save()
    march, june = Meeting.objects.filter(kind__code="styrelsemote", year=2019).order_by("starts_on")[1:3]
    plan_send_to_board(plan=plan, acting_user=director, meeting=march, acknowledged=open_items(plan))
    vision = plan.sections.get(title="Vision")
    vision.body = vision.body.replace("vårt medel och vårt mål", "vårt viktigaste medel")
    vision.save()
    budget.body = budget.body.replace("45 000 kr", "50 000 kr")
    budget.save()
    plan_send_to_board(plan=plan, acting_user=director, meeting=june, acknowledged=open_items(plan))

    page = client_for("styrelse").get(f"/planer/{plan.pk}/version/2/andringar/").content.decode()
    summary = re.search(r'<p class="lead" id="change-summary">(.*?)</p>', page)[1]
    assert summary == "2 avsnitt ändrade; 4.1 Vision: texten ändrad; 6 Lokal: 45 000 kr → 50 000 kr."
    assert '<ins><span class="visually-hidden">Tillagt: </span>viktigaste medel.</ins>' in page
    assert '<td class="amount"><del><span class="visually-hidden">Före: </span>45 000 kr</del> → ' in page
    assert "Revision</th>" not in page  # the unchanged row of the same table
    assert "Budgeten i korthet:" in page  # the table's neighbour, as context
    assert "1.1 Ändamål" not in page and "Övergripande uppdrag" not in page  # unchanged sections are not shown
    assert "Samverkan är en ständigt levande process" in page  # the changed paragraph, whole
    sections = re.findall(r'<section class="change change-', page)
    assert len(sections) == 2
    assert 'role="region" tabindex="0" aria-label="Tabell: utan rubrik"' in page  # scrolls on its own on a phone

    # The meetings: the latest version is marked, and each says which it replaces or was replaced by.
    board = client_for("styrelse")
    later = board.get(june.get_absolute_url()).content.decode()
    assert re.search(r"version 2 \(PDF, \d+ sidor\)</a> <span [^>]*>senaste</span>", later)
    assert "Utkast till styrelsen, skickad med" in later and ", ersätter version 1</span>" in later
    earlier = board.get(march.get_absolute_url()).content.decode()
    assert "senaste</span>" not in earlier and ", ersatt av version 2</span>" in earlier
    # The working copy is no version 3 until it is sent.
    working = client_for("forbundschef").get(f"/planer/{plan.pk}/").content.decode()
    assert "Utkast (efter version 2), " in working and "version 3" not in working


PIECES = ["Samverkan", "är", "vårt", "**fet**", "_kursiv_", "\n\n- punkt", "\n\n### Rubrik\n\n",
          "\n\n" + TABLE + "\n", "<script>alert(1)</script>", "45 000 kr", "\n\n", "[länk](https://finsam.se)",
          "`kod`", "a & b < c"]  # fmt: skip
TEXTS = st.lists(st.sampled_from(PIECES), max_size=14).map(" ".join)


@settings(derandomize=True, max_examples=80, deadline=None)
@given(old_text=TEXTS, new_text=TEXTS)
def test_any_two_texts_compare_and_the_same_text_is_no_change(old_text, new_text):
    old = document(section("1", "Vision", old_text, section_id=1))
    new = document(section("1", "Vision", new_text, section_id=1))
    assert document_changes(old, document(section("1", "Vision", old_text, section_id=1))).sections == []
    changes = document_changes(old, new)
    shown = "".join(str(item.html) for s in changes.sections for item in s.items if item.type == "paragraph")
    assert "<script" not in shown
    assert not changes.sections or changes.summary.startswith("1 avsnitt ändrat")
