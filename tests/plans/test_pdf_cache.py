"""A draft's PDF is laid out once per content: kept under its fingerprint, served with an ETag, 304 when unchanged."""

import hashlib
import io
import shutil

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from budget.models import CostLine
from governance.models import BoardSeat, Member
from governance.selectors import term_of_year
from meetings.models import Meeting
from plans import layout, pdfcache
from plans.models import Plan, RenderedPdf
from plans.selectors import plan_document
from tests.budget.factories import BudgetFactory, CostLineFactory
from tests.governance.factories import BoardSeatFactory, MandatePeriodFactory
from tests.plans.editing import section_post
from tests.plans.pdfutil import normalized, pdf_text
from tests.plans.queueutil import download_draft, get_enqueuing, run_render_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return Plan.objects.get(first_year=2019)


@pytest.fixture
def layouts(monkeypatch):
    """Count the layouts (plans.layout.html_to_pdf, which every PDF goes through) and let them run."""
    calls = []
    real = layout.html_to_pdf

    def counting(html, **kwargs):
        calls.append(kwargs)
        return real(html, **kwargs)

    monkeypatch.setattr(layout, "html_to_pdf", counting)
    return calls


def download(client, plan, **headers):
    """The draft's PDF, through the render queue when it is not kept yet (run here, in the test)."""
    return download_draft(client, plan, headers=headers)


def test_a_second_download_of_an_unchanged_draft_is_not_laid_out_again(client_for, draft, layouts):
    first = download(client_for("forbundschef"), draft)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert len(layouts) == 1
    etag = first["ETag"]
    assert etag == f'"{pdfcache.pdf_key(plan_document(draft)).fingerprint}"' and len(etag) == 66
    assert first["Cache-Control"] == "private, no-cache"

    # Again, and by someone else reading the same working copy: the same bytes, not laid out.
    for client in (client_for("forbundschef"), client_for("ekonom")):
        again = download(client, draft)
        assert again.status_code == 200 and again["ETag"] == etag
        assert again.content == first.content
    assert len(layouts) == 1
    assert RenderedPdf.objects.filter(plan=draft).count() == 1
    assert len(PdfReader(io.BytesIO(first.content)).pages) == RenderedPdf.objects.get().pages


def test_a_browser_that_has_the_draft_gets_304_without_a_layout(client_for, draft, layouts):
    client = client_for("ekonom")
    etag = download(client, draft)["ETag"]
    pages = RenderedPdf.objects.get(plan=draft).pages

    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        response = download(client, draft, if_none_match=header)
        assert response.status_code == 304, header
        assert response.content == b"" and response["ETag"] == etag
        assert response["Cache-Control"] == "private, no-cache"
    # The page that asked for it (busy.js) still hears that it is done, and how long it is.
    response = client.get(f"/planer/{draft.pk}/pdf/", {"klar": "a1b2c3d4e5f6"}, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.cookies["sofint_pdf_klar"].value == f"a1b2c3d4e5f6.{pages}"
    # Another ETag (an older draft): the whole PDF, still not laid out again.
    response = download(client, draft, if_none_match='"0123abcd"')
    assert response.status_code == 200 and response["ETag"] == etag
    assert len(layouts) == 1


def _change_section_text(client, plan):
    section = plan.sections.get(title="Vision")
    response = client.post(f"/planer/{plan.pk}/avsnitt/{section.pk}/", section_post(section, body="En ny vision."))
    assert response.status_code == 302
    return "En ny vision."


def _change_budget_line(client, plan):
    CostLine.objects.filter(budget__year=2019, text="Sommarjobb").update(amount=135_801)
    return "Sommarjobb 135 801 kr"


def _leave_a_board_seat_vacant(client, plan):
    seat = BoardSeat.objects.filter(period=term_of_year(year=2019).period, person__isnull=False).first()
    BoardSeat.objects.filter(pk=seat.pk).update(person=None)
    return "Vakant"


def _rename_a_meeting(client, plan):
    meeting = Meeting.objects.filter(year=2019).order_by("pk").first()
    Meeting.objects.filter(pk=meeting.pk).update(title="EXTRA TEMADAG")
    return "EXTRA TEMADAG"


def test_every_change_the_reader_sees_makes_a_new_pdf(client_for, draft, layouts):
    client = client_for("forbundschef")
    # The demo has neither a budget nor a board for 2019: a line and a seat to change.
    CostLineFactory(budget=BudgetFactory(year=2019), text="Sommarjobb", amount=100_000)
    BoardSeatFactory(period=MandatePeriodFactory(election_year=2018), member=Member.objects.order_by("pk").first())
    before = download(client, draft)
    seen = {before["ETag"]: before.content}
    for change in (_change_section_text, _change_budget_line, _leave_a_board_seat_vacant, _rename_a_meeting):
        shown = change(client, draft)
        response = download(client, draft, if_none_match=before["ETag"])
        assert response.status_code == 200, change.__name__
        assert response["ETag"] not in seen, change.__name__
        assert response.content not in seen.values(), change.__name__
        assert shown in normalized(pdf_text(response.content)), change.__name__
        seen[response["ETag"]] = response.content
        before = response
    assert len(layouts) == 5
    # Only the newest few are kept; the newest is served again as it was.
    assert RenderedPdf.objects.filter(plan=draft).count() == pdfcache.KEEP_PER_PLAN
    assert download(client, draft).content == before.content and len(layouts) == 5


def test_a_change_undone_serves_the_pdf_kept_for_it(client_for, draft, layouts):
    client = client_for("forbundschef")
    meeting = Meeting.objects.filter(year=2019).order_by("pk").first()
    first = download(client, draft)
    Meeting.objects.filter(pk=meeting.pk).update(title="EXTRA TEMADAG")
    assert download(client, draft)["ETag"] != first["ETag"]
    Meeting.objects.filter(pk=meeting.pk).update(title=meeting.title)
    back = download(client, draft)
    assert back["ETag"] == first["ETag"] and back.content == first.content
    assert len(layouts) == 2


def test_a_failing_render_is_not_kept(client_for, draft, monkeypatch, layouts):
    import weasyprint

    real = weasyprint.HTML.render

    def broken(*args, **kwargs):
        raise RuntimeError("font cache broken")

    monkeypatch.setattr(weasyprint.HTML, "render", broken)
    client = client_for("forbundschef")
    response = download(client, draft)
    assert "PDF:en kunde inte göras. Felet är loggat" in response.content.decode()
    assert not RenderedPdf.objects.exists()

    monkeypatch.setattr(weasyprint.HTML, "render", real)
    response = download_draft(client, draft, data={"igen": "1"})  # the page's "Försök göra PDF:en igen"
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert RenderedPdf.objects.count() == 1 and len(layouts) == 2


def test_the_fingerprint_follows_the_code_the_static_files_weasyprint_and_the_archival_flag(
    draft, monkeypatch, tmp_path
):
    document = plan_document(draft)
    html = pdfcache.pdf_key(document).html

    def fingerprint(**changes):
        return pdfcache.pdf_fingerprint(html, **({"title": "T", "author": "A", "archival": False} | changes))

    plain = fingerprint()
    assert fingerprint() == plain
    assert fingerprint(archival=True) != plain
    assert pdfcache.pdf_fingerprint(html + " ", title="T", author="A", archival=False) != plain

    monkeypatch.setattr(pdfcache.weasyprint, "__version__", "71.0")
    assert fingerprint() != plain
    monkeypatch.undo()

    # The layout code, read from its module files: a change to one, or a post-processing module added.
    plans_dir = pdfcache._PLANS_DIR
    for path in [plans_dir / name for name in pdfcache._CODE_FILES] + list(plans_dir.glob("pdfa*.py")):
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.setattr(pdfcache, "_PLANS_DIR", tmp_path)
    assert fingerprint() == plain
    (tmp_path / "pdfa_more.py").write_text("# tag the list items\n")
    with_more = fingerprint()
    assert with_more != plain
    (tmp_path / "pdfa_more.py").write_text("# tag the list items and the table headers\n")
    assert fingerprint() not in (plain, with_more)
    (tmp_path / "pdfa_more.py").unlink()
    assert fingerprint() == plain
    with (tmp_path / "pdfa.py").open("a") as file:
        file.write("\n# a change\n")
    assert fingerprint() != plain
    shutil.copy(plans_dir / "pdfa.py", tmp_path / "pdfa.py")
    assert fingerprint() == plain
    with (tmp_path / "layout.py").open("a") as file:
        file.write("\n# a change\n")
    assert fingerprint() != plain

    # The static files the HTML names, and what their stylesheets name in turn.
    assert [name for name, _digest in pdfcache.static_digests(html)] == ["css/plan-pdf.css", "img/utkast-watermark.png"]
    stylesheet = tmp_path / "plan-pdf.css"
    stylesheet.write_text('@page { background: url("../img/other.png") }')
    image = tmp_path / "other.png"
    image.write_bytes(b"one")
    found = {"css/plan-pdf.css": stylesheet, "img/other.png": image}
    monkeypatch.setattr(pdfcache.finders, "find", lambda name: str(found[name]) if name in found else None)
    digests = dict(pdfcache.static_digests(html))
    assert digests["img/other.png"] == hashlib.sha256(b"one").hexdigest()
    assert digests["img/utkast-watermark.png"] == "missing"
    before = fingerprint()
    image.write_bytes(b"other")
    assert fingerprint() != before


def test_the_adopted_plan_and_every_version_are_their_stored_bytes_with_an_etag_and_304(client_for, layouts):
    adopted = Plan.objects.get(first_year=2018)
    for role in ("styrelse", "forbundschef"):
        client = client_for(role)
        for path, version in (
            (f"/planer/{adopted.pk}/pdf/", adopted.versions.get(is_adoption=True)),
            (f"/planer/{adopted.pk}/version/1/pdf/", adopted.versions.get(number=1)),
        ):
            response = client.get(path)
            assert response.status_code == 200 and response.content == bytes(version.pdf)
            etag = f'"{hashlib.sha256(bytes(version.pdf)).hexdigest()}"'
            assert response["ETag"] == etag and response["Cache-Control"] == "private, no-cache"
            again = client.get(path, headers={"if-none-match": etag})
            assert again.status_code == 304 and again.content == b"", path
    assert layouts == []


def test_a_repeat_download_and_a_304_run_no_more_queries_than_the_first_download(client_for, draft):
    client = client_for("ekonom")
    with CaptureQueriesContext(connection) as queued:  # the waiting page: the layout is queued
        get_enqueuing(client, f"/planer/{draft.pk}/pdf/")
    assert len(queued) <= 60  # the document is built (its fingerprint), the job stored and enqueued
    run_render_queue()
    with CaptureQueriesContext(connection) as first:
        etag = download(client, draft)["ETag"]
    for headers in ({}, {"if_none_match": etag}):
        with CaptureQueriesContext(connection) as again:
            download(client, draft, **headers)
        assert len(again) <= len(first) <= 50, headers
