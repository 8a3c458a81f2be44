"""The PDF layout in separate, lower-priority render processes, as production runs it."""

import logging
import os

import pytest

from plans import layout, pdf
from plans.models import Plan
from plans.selectors import plan_document
from tests.plans.pdfutil import normalized, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def render_processes(settings):
    settings.PDF_RENDER_PROCESSES = 1
    settings.PDF_RENDER_NICE = 7
    layout.shutdown_render_pool()
    yield
    layout.shutdown_render_pool()


def test_the_render_process_is_another_process_with_a_lower_priority(render_processes):
    pool = layout._get_pool()
    assert pool.submit(os.getpid).result(timeout=60) != os.getpid()
    assert pool.submit(os.nice, 0).result(timeout=60) == os.nice(0) + 7


def test_a_draft_plan_is_laid_out_in_a_render_process_as_it_is_in_the_request(render_processes, users, settings):
    document = plan_document(Plan.objects.get(first_year=2019))
    pooled, pooled_pages = pdf.render_document_pdf(document)
    settings.PDF_RENDER_PROCESSES = 0
    here, here_pages = pdf.render_document_pdf(document)
    assert pooled_pages == here_pages > 5
    assert normalized(pdf_text(pooled)) == normalized(pdf_text(here))
    assert "Verksamhetsplan 2019" in normalized(pdf_text(pooled))


def test_a_failure_in_the_render_process_is_a_pdf_error_with_its_reason_in_the_log(
    render_processes, users, monkeypatch, caplog
):
    document = plan_document(Plan.objects.get(first_year=2019))
    monkeypatch.setattr(pdf, "render_html", lambda document: '<img src="sofint-pdf://app/static/saknas.png">')
    with caplog.at_level(logging.ERROR, logger="sofint.pdf"), pytest.raises(pdf.PdfRenderError):
        pdf.render_document_pdf(document)
    assert "Could not render the PDF of Verksamhetsplan 2019" in caplog.text
    assert "No static file saknas.png" in caplog.text
    monkeypatch.undo()
    # The render process survives and makes the next PDF.
    assert pdf.render_document_pdf(document)[1] > 5


def test_a_missing_static_file_is_a_pdf_error_in_the_request_too(users, monkeypatch, caplog):
    document = plan_document(Plan.objects.get(first_year=2019))
    monkeypatch.setattr(pdf, "render_html", lambda document: '<img src="sofint-pdf://app/static/saknas.png">')
    with caplog.at_level(logging.ERROR, logger="sofint.pdf"), pytest.raises(pdf.PdfRenderError):
        pdf.render_document_pdf(document)
    assert "saknas.png" in caplog.text


def test_a_render_process_that_dies_is_replaced(render_processes, users):
    pool = layout._get_pool()
    doomed = pool.submit(os._exit, 1)
    with pytest.raises(layout.BrokenProcessPool):
        doomed.result(timeout=60)
    layout.shutdown_render_pool()
    document = plan_document(Plan.objects.get(first_year=2019))
    assert pdf.render_document_pdf(document)[1] > 5


def test_a_worker_starts_its_render_process_before_the_first_pdf(render_processes):
    layout.start_render_pool()
    pool = layout._get_pool()
    assert pool.submit(os.getpid).result(timeout=60) != os.getpid()
    assert len(pool._processes) == 1
