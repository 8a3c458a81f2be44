"""The plan as a PDF (WeasyPrint, A4): cover, contents with page numbers, footers, watermark.

Rendering never touches the network: the only resources are the app's own static files,
read from disk by `StaticFileFetcher`. The layout itself lives in `plans.layout`, which
production runs in separate, lower-priority processes.
"""

import logging

from django.template.loader import render_to_string

from .layout import BASE_URL, RENDER_ERRORS, STATIC_PREFIX, StaticFileFetcher, html_to_pdf, render_pdf
from .selectors import Document

__all__ = ["BASE_URL", "STATIC_PREFIX", "PdfRenderError", "StaticFileFetcher", "html_to_pdf", "render_document_pdf"]

logger = logging.getLogger("sofint.pdf")


class PdfRenderError(Exception):
    """The PDF could not be made; the reason is in the log."""


def render_html(document: Document) -> str:
    """Return the HTML the PDF is made from (also used by the benchmark)."""
    footer = f"{document.dated_title} · {document.organisation_name}"
    return render_to_string(
        "plans/pdf/plan.html",
        {"document": document, "static_prefix": STATIC_PREFIX, "footer_css": css_string(footer)},
    )


def css_string(text: str) -> str:
    """Escape `text` for a double-quoted CSS string inside a <style> element."""
    text = " ".join(text.split())
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return text


def render_document_pdf(document: Document, *, archival: bool = False, html: str | None = None) -> tuple[bytes, int]:
    """Render a plan document (live or frozen) to a PDF; return its bytes and page count.

    `html` is the document's HTML when the caller has made it already (plans.pdfcache).
    Raises PdfRenderError, after logging what went wrong, when the PDF cannot be made.
    """
    try:
        if html is None:
            html = render_html(document)
        return render_pdf(html, title=document.dated_title, author=document.organisation_name, archival=archival)
    except RENDER_ERRORS as error:
        logger.exception("Could not render the PDF of %s", document.title)
        raise PdfRenderError(document.title) from error
