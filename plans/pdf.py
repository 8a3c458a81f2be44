"""The plan as a PDF (WeasyPrint, A4): cover, contents with page numbers, footers, watermark.

Rendering never touches the network: the only resources are the app's own static files,
read from disk by `StaticFileFetcher`.
"""

import io
import logging
import mimetypes

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .selectors import Document

logger = logging.getLogger("sofint.pdf")

BASE_URL = "sofint-pdf://app/"


class PdfRenderError(Exception):
    """The PDF could not be made; the reason is in the log."""


STATIC_PREFIX = f"{BASE_URL}static/"


class StaticFileFetcher(URLFetcher):
    """Serve static files from disk and refuse every other address."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if not url.startswith(STATIC_PREFIX):
            raise ValueError(f"PDF rendering fetches nothing from elsewhere: {url}")
        relative = url.removeprefix(STATIC_PREFIX).split("?")[0].split("#")[0]
        path = finders.find(relative) if ".." not in relative.split("/") else None
        if not path:
            raise ValueError(f"No static file {relative}")
        with open(path, "rb") as file:
            body = file.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def render_html(document: Document) -> str:
    """Return the HTML the PDF is made from (also used by the benchmark)."""
    footer = f"{document.title} · {document.organisation_name}"
    return render_to_string(
        "plans/pdf/plan.html",
        {"document": document, "static_prefix": STATIC_PREFIX, "footer_css": css_string(footer)},
    )


def css_string(text: str) -> str:
    """Escape `text` for a double-quoted CSS string inside a <style> element."""
    text = " ".join(text.split())
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return text


def html_to_pdf(html: str, *, title: str, author: str, archival: bool = False) -> tuple[bytes, int]:
    """Lay `html` out and return the PDF bytes and its page count."""
    fetcher = StaticFileFetcher(fail_on_errors=True)
    rendered = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render()
    options = {"pdf_tags": True, "custom_metadata": True}
    if archival:
        options["pdf_variant"] = "pdf/a-3b"
    output = io.BytesIO()
    rendered.write_pdf(output, **options)
    return output.getvalue(), len(rendered.pages)


def render_document_pdf(document: Document, *, archival: bool = False) -> tuple[bytes, int]:
    """Render a plan document (live or frozen) to a PDF; return its bytes and page count.

    Raises PdfRenderError, after logging what went wrong, when the PDF cannot be made.
    """
    try:
        return html_to_pdf(
            render_html(document), title=document.title, author=document.organisation_name, archival=archival
        )
    except Exception as error:
        logger.exception("Could not render the PDF of %s", document.title)
        raise PdfRenderError(document.title) from error
