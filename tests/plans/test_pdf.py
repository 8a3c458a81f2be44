"""The demo plan's PDF read back: headings, names, page numbers, footers, metadata, freezing."""

import io
import re

import pytest
from pypdf import PdfReader

from budget.models import Contribution, CostLine
from governance.models import Member, Person
from plans.models import Plan, PlanVersion
from plans.pdf import STATIC_PREFIX, StaticFileFetcher, render_document_pdf
from plans.selectors import Document, plan_document
from tests.plans.pdfutil import normalized, pdf_pages_text, pdf_text, toc_entries

pytestmark = pytest.mark.django_db

BOARD = [
    "Susanne Karlsson", "Jonas Åkerman", "Ulla Kalander Karlsson", "Maria Jansson Andersson", "Liisa Ejdenwik",
    "Lisa Örneus", "Zaki Habib", "Sven-Erik Larsson", "Bertil Roden", "Natalie Peart", "Christina Johansson",
    "Linda Biltmark", "Annette Lindwall",
]  # fmt: skip
# The table of contents of ../shared/seeds/sofint-verksamhetsplan-2018.txt, as the seed writes it.
SEED_TOC = [
    "1 Verksamhet", "1.1 Ändamål", "1.2 Medlemmar", "1.3 Övergripande uppdrag", "2 Arbetsorganisation",
    "2.1 Styrelse", "2.2 Kansli", "2.3 Revision", "3 Styrprocess", "3.1 Arbetsåret 2018", "3.2 Årsplanering",
    "4 Verksamhetens inriktning", "4.1 Vision", "4.2 År 2018", "4.3 Pågående finansierade insatser",
    "4.3.1 Samverkansteamet", "4.3.2 Mottagningsteamet", "4.4 Målgrupper",
    "5 Finansierade aktiviteter, resultatmål och samverkansmål", "5.1 Uppföljning av aktiviteter",
    "5.2 Utvärdering av finansierade aktiviteter",
    "5.3 Åtgärder för att öka graden implementering och integrerad samverkan",
    "5.4 Resultat i förhållande till uppsatta mål", "5.5 Mål och resultat av samverkan", "5.6 Uppföljning via SUS",
    "6 Budget 2018", "6.1 Intäkter 2018", "6.1.1 Medelstilldelning", "6.2 Kostnader 2018",
    "6.3 Budgetöversikt för kommande år",
]  # fmt: skip


# Every date of the seed's "ÅRSPLANERING 2018 SOFINT" (the range as the app writes it).
CALENDAR_DATES = [
    "2018-02-09", "2018-03-23", "2018-06-01", "2018-09-07", "2018-10-12", "2018-11-30",
    "2018-01-11", "2018-01-24", "2018-04-04", "2018-04-17/18", "2018-05-16", "2017-10-24", "12–15 november 2018",
    "2018-01-30", "2018-03-13", "2018-05-22", "2018-08-28", "2018-10-02", "2018-11-20",
]  # fmt: skip


@pytest.fixture
def adopted_pdf():
    return bytes(PlanVersion.objects.get(plan__first_year=2018, is_adoption=True).pdf)


def test_adopted_plan_has_every_heading_of_the_seed(adopted_pdf):
    text = normalized(pdf_text(adopted_pdf))
    for heading in SEED_TOC:
        assert heading in text, heading
    assert "Verksamhetsplan 2018" in text
    assert "Organisationsnummer 222000-1818" in text
    assert "Fastställd av styrelsen för Samordningsförbundet SOFINT 2018-03-23" in text
    assert "UTKAST" not in text


def test_adopted_plan_names_every_board_member_and_member(adopted_pdf):
    text = normalized(pdf_text(adopted_pdf))
    for name in BOARD:
        assert name in text, name
    assert "Vakant" in text
    for member in Member.objects.all():
        assert member.name in text


def test_adopted_plan_has_every_calendar_date(adopted_pdf):
    text = normalized(pdf_text(adopted_pdf))
    for date in CALENDAR_DATES:
        assert date in text, date
    assert "HELÅRSREDOVISNING" in text and "09.30–12.00" in text and "HELDAG" in text
    assert "Finsamkonferensen GÖTEBORG 2018-04-17/18" in text


def test_meeting_page_lists_the_versions_sent_to_it(client_for):
    from meetings.models import Meeting

    meeting = Meeting.objects.get(starts_on="2018-03-23", kind__code="styrelsemote")
    page = client_for("styrelse").get(meeting.get_absolute_url()).content.decode()
    plan = Plan.objects.get(first_year=2018)
    assert "Verksamhetsplan 2018, version 1 (PDF," in page and "Verksamhetsplan 2018, version 2 (PDF," in page
    assert f'href="/planer/{plan.pk}/version/2/pdf/"' in page
    assert f'href="/planer/{plan.pk}/version/2/andringar/"' in page
    assert "Fastställd version" in page


def test_contents_page_numbers_are_real(adopted_pdf):
    entries = toc_entries(adopted_pdf)
    assert [heading for heading, _page in entries] == SEED_TOC
    pages = [page for _heading, page in entries]
    assert all(page > 0 for page in pages)
    assert pages == sorted(pages)
    # Each heading is on the page the contents say.
    texts = pdf_pages_text(adopted_pdf)
    for heading, page in entries:
        assert heading.split(" ", 1)[1] in normalized(texts[page - 1]), (heading, page)


def test_footer_counts_pages(adopted_pdf):
    texts = pdf_pages_text(adopted_pdf)
    total = len(texts)
    assert total >= 6
    assert "Sida" not in texts[0]  # the cover has no footer
    for number, text in enumerate(texts[1:], start=2):
        footer = f"Verksamhetsplan 2018 · Samordningsförbundet SOFINT · Sida {number} av {total}"
        assert footer in normalized(text), (number, text[-200:])


def test_pdf_is_tagged_with_swedish_metadata_and_archival(adopted_pdf):
    reader = PdfReader(io.BytesIO(adopted_pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and "/MarkInfo" in root
    assert root["/Lang"] == "sv"
    assert reader.metadata.title == "Verksamhetsplan 2018 – Samordningsförbundet SOFINT"
    assert reader.metadata.author == "Samordningsförbundet SOFINT"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "pdfaid:part" in xmp or "pdfaid:part" in re.sub(r"\s", "", xmp)


def test_draft_pdf_has_watermark_and_draft_cover(users):
    plan = Plan.objects.get(first_year=2019)
    document = plan_document(plan)
    pdf, pages = render_document_pdf(document)
    text = normalized(pdf_text(pdf))
    assert "Verksamhetsplan 2019" in text
    assert re.search(r"Utkast, \d{4}-\d{2}-\d{2}", text)  # never sent: no version number yet
    # The watermark is an image on every page, so it never pollutes the text.
    reader = PdfReader(io.BytesIO(pdf))
    assert all(page["/Resources"].get("/XObject") for page in reader.pages)
    assert pages == len(reader.pages)


def test_adopted_pdf_never_changes_when_data_changes(client_for, adopted_pdf):
    client = client_for("styrelse")
    plan = Plan.objects.get(first_year=2018)
    before = client.get(f"/planer/{plan.pk}/pdf/")
    assert bytes(before.content) == adopted_pdf
    Person.objects.filter(name="Susanne Karlsson").update(name="Susanne Nyman")
    Member.objects.filter(name="Nora kommun").update(name="Nora kommun (nytt namn)")
    # The budget changes too (past its lock, as a database fix would): the PDF must not.
    Contribution.objects.filter(budget__year=2018, member__name="Försäkringskassan").update(amount=2_500_000)
    CostLine.objects.filter(budget__year=2018).update(amount=1)
    after = client.get(f"/planer/{plan.pk}/pdf/")
    assert bytes(after.content) == adopted_pdf
    assert bytes(client.get(f"/planer/{plan.pk}/version/2/pdf/").content) == adopted_pdf
    # … while the web page shows the frozen text too.
    page = client.get(f"/planer/{plan.pk}/").content.decode()
    assert "Susanne Karlsson" in page and "Susanne Nyman" not in page


def test_rendering_reads_static_files_from_disk_and_nothing_else():
    fetcher = StaticFileFetcher()
    response = fetcher.fetch(f"{STATIC_PREFIX}css/plan-pdf.css")
    assert b"@page" in response.read()
    for url in ("https://example.com/x.css", "http://127.0.0.1/static/css/plan-pdf.css", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    with pytest.raises(ValueError):
        fetcher.fetch(f"{STATIC_PREFIX}../settings.py")


# Every figure of the seed's section 6, as the app writes amounts.
BUDGET_FIGURES = [
    # 6.1 income, 2018 and 2017, and equity
    "2 059 000 kr", "1 029 500 kr", "525 045 kr", "236 785 kr", "154 425 kr", "113 245 kr", "4 118 000 kr",
    "1 448 710 kr", "724 355 kr", "370 680 kr", "164 910 kr", "110 500 kr", "78 265 kr", "2 897 420 kr",
    "474 000 kr", "642 000 kr",
    # 6.2 costs
    "1 855 250 kr", "57 750 kr", "110 000 kr", "2 023 000 kr", "63 500 kr", "60 000 kr", "123 500 kr",
    "93 500 kr", "3 250 kr", "9 000 kr", "12 250 kr", "94 000 kr", "125 000 kr", "16 500 kr", "6 000 kr",
    "2 000 kr", "1 075 000 kr", "715 250 kr", "4 286 000 kr", "\u2212168 000 kr",
    # 6.3 overview
    "4 241 000 kr", "1 730 000 kr", "140 000 kr", "878 000 kr", "1 344 000 kr", "1 493 000 kr", "4 092 000 kr",
    "500 000 kr",
]  # fmt: skip


def test_adopted_plan_has_every_budget_figure_the_swedish_way(adopted_pdf):
    text = normalized(pdf_text(adopted_pdf))
    for figure in BUDGET_FIGURES:
        assert figure in text, figure
    assert "Försäkringskassan/Arbetsförmedlingen 2 059 000 kr 50 % 1 448 710 kr" in text


def test_adopted_plan_embeds_the_projects_and_target_groups(adopted_pdf):
    text = normalized(pdf_text(adopted_pdf))
    assert "Samverkansteamets verksamhet riktar sig till personer med behov av samordnad" in text
    assert "Mottagningsteamet riktar sig till personer som behöver samordnat stöd" in text
    assert "Kortsiktiga mål:" in text and "Långsiktiga mål:" in text
    for group in ("Unga, i ålder 18-29 år", "Personer med Aktivitetsersättning", "Alla i arbetsför ålder"):
        assert group in text, group


def test_frozen_figures_use_narrow_no_break_spaces():
    document = PlanVersion.objects.get(plan__first_year=2018, is_adoption=True).document
    income = next(section for section in Document.from_json(document).sections if section.block == "budget_income")
    assert "2\u202f059\u202f000\u202fkr" in income.block_html


def test_budget_charts_are_in_the_pdf_as_inline_pictures():
    document = PlanVersion.objects.get(plan__first_year=2018, is_adoption=True).document
    blocks = {section.block: section.block_html for section in Document.from_json(document).sections if section.block}
    assert 'src="data:image/svg+xml;base64,' in blocks["budget_income"]
    assert 'src="data:image/svg+xml;base64,' in blocks["budget_costs"]
    assert 'alt="Diagram: varje parts andel av medelstilldelningen 2018' in blocks["budget_income"]
