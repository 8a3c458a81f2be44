"""Draft PDFs laid out once: each kept under a fingerprint of everything it shows.

Laying a plan out takes WeasyPrint a second or more; building the HTML it is made from takes
a few hundredths. So a draft's PDF is looked up by the sha256 of everything that decides its
bytes, and laid out only when nothing is stored under that fingerprint:

- the HTML (`plans.pdf.render_html`): every text, every data block, the cover's status line
  with the day's date, the template's markup;
- the static files that HTML reads (the PDF stylesheet, the watermark, whatever the
  stylesheet itself names with url()), by their contents;
- the code that lays it out: the source of plans/layout.py, plans/pdf.py, this module and
  any plans/pdfa*.py (post-processing), read from the module files, so that a change to
  them is a new fingerprint without anyone remembering to bump a number;
- WeasyPrint's, pydyf's, Pango's and pikepdf's (qpdf's) versions, and whether the PDF is archival.

Any change the reader would see (a budget line, a board seat, a section's text, a meeting)
changes the HTML and so the fingerprint: a stale PDF cannot be served, and nothing has to
be invalidated by hand. The system fonts (Liberation Sans, DejaVu Sans) are not in the
fingerprint: they change only with the operating system; after such an upgrade, empty the
table (`RenderedPdf.objects.all().delete()` in `manage.py shell`).

The PDFs are kept in a table (plans.RenderedPdf) rather than Django's cache because sofint
configures no shared cache: the default is local memory, one per gunicorn worker and emptied
at each restart, so most downloads would miss it. A row is seen by every worker, survives
restarts and deploys, and needs nothing more installed. Only the newest few per plan are
kept (`KEEP_PER_PLAN`): older fingerprints are of texts that have since changed.
"""

import functools
import hashlib
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pydyf
import weasyprint
from django.contrib.staticfiles import finders
from django.db import IntegrityError, transaction
from django.db.models import Subquery
from weasyprint.text.ffi import pango

from .layout import STATIC_PREFIX
from .models import Plan, RenderedPdf
from .pdf import PdfRenderError, logger, render_document_pdf, render_html
from .selectors import Document

# Enough for the current text, the one before it and one more (a change undone).
KEEP_PER_PLAN = 3
# Bump when the way the fingerprint is made changes, so that no old row is ever taken for a new one.
FINGERPRINT_FORMAT = "sofint-pdf-1"

_PLANS_DIR = Path(__file__).resolve().parent
_CODE_FILES = ("layout.py", "pdf.py", "pdfcache.py")
_STATIC_URL = re.compile(re.escape(STATIC_PREFIX) + r"""[^"'()\s<>]+""")
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')\s]+)""")
_CSS_IMPORT = re.compile(r"""@import\s+["']([^"']+)""")


@dataclass(frozen=True)
class PdfKey:
    """What a PDF is made from, and the fingerprint it is kept under."""

    document: Document
    html: str
    archival: bool
    fingerprint: str

    @property
    def etag(self) -> str:
        return f'"{self.fingerprint}"'


def pdf_key(document: Document, *, archival: bool = False) -> PdfKey:
    """Build the HTML of `document` and return it with its fingerprint (nothing is laid out).

    Raises PdfRenderError, after logging what went wrong, when the HTML cannot be made.
    """
    try:
        html = render_html(document)
    except Exception as error:
        logger.exception("Could not render the PDF of %s", document.title)
        raise PdfRenderError(document.title) from error
    fingerprint = pdf_fingerprint(
        html, title=document.dated_title, author=document.organisation_name, archival=archival
    )
    return PdfKey(document=document, html=html, archival=archival, fingerprint=fingerprint)


def pdf_fingerprint(html: str, *, title: str, author: str, archival: bool) -> str:
    """Return the sha256 (hex) of everything that decides the bytes of the PDF made from `html`."""
    parts = [
        FINGERPRINT_FORMAT,
        f"weasyprint {weasyprint.__version__}",
        f"pydyf {pydyf.__version__}",
        f"pango {pango.pango_version()}",
        f"pikepdf {pikepdf.__version__} qpdf {pikepdf.__libqpdf_version__}",  # plans.pdfa rewrites the file
        f"code {code_version()}",
        f"archival {archival}",
        f"title {title}",
        f"author {author}",
        *(f"static {name} {digest}" for name, digest in static_digests(html)),
        html,
    ]
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode()
        digest.update(b"%d:" % len(data))  # the length first: no two lists of parts hash alike
        digest.update(data)
    return digest.hexdigest()


def code_version() -> str:
    """Return one digest of the source of the modules that make the PDF (layout, post-processing)."""
    paths = sorted({_PLANS_DIR / name for name in _CODE_FILES} | set(_PLANS_DIR.glob("pdfa*.py")))
    return hashlib.sha256(" ".join(f"{path.name}={file_digest(path)}" for path in paths).encode()).hexdigest()


def static_digests(html: str) -> list[tuple[str, str]]:
    """Return (name, sha256) of each static file the layout of `html` reads, stylesheets' own included."""
    seen: dict[str, str] = {}
    waiting = [url.removeprefix(STATIC_PREFIX) for url in _STATIC_URL.findall(html)]
    while waiting:
        name = waiting.pop().split("?")[0].split("#")[0]
        if name in seen:
            continue
        path = finders.find(name) if ".." not in name.split("/") else None
        # A missing file gives a failed layout, which is never kept; the name alone is enough here.
        seen[name] = file_digest(Path(path)) if path else "missing"
        if path and name.endswith(".css"):
            waiting.extend(_css_references(name, Path(path).read_text(encoding="utf-8", errors="replace")))
    return sorted(seen.items())


def _css_references(name: str, css: str) -> list[str]:
    """Return the static names a stylesheet reads (url() and @import), resolved against its own place."""
    names = []
    for reference in _CSS_URL.findall(css) + _CSS_IMPORT.findall(css):
        if reference.startswith("data:"):
            continue
        if reference.startswith(STATIC_PREFIX):
            names.append(reference.removeprefix(STATIC_PREFIX))
        elif "://" not in reference and not reference.startswith("/"):
            names.append(posixpath.normpath(posixpath.join(posixpath.dirname(name), reference)))
    return names


def file_digest(path: Path) -> str:
    """Return the sha256 of a file, read again only when its size or modification time changes."""
    status = os.stat(path)
    return _file_digest(str(path), status.st_mtime_ns, status.st_size)


@functools.lru_cache(maxsize=256)
def _file_digest(path: str, _mtime_ns: int, _size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def cached_pages(key: PdfKey) -> int | None:
    """Return the page count of the PDF kept under `key`, or None when none is kept."""
    return RenderedPdf.objects.filter(fingerprint=key.fingerprint).values_list("pages", flat=True).first()


def cached_document_pdf(*, plan: Plan, key: PdfKey) -> tuple[bytes, int]:
    """Return the PDF made from `key` and its page count: the kept one, or laid out now and kept.

    Raises plans.pdf.PdfRenderError when it cannot be made; a failure is never kept.
    """
    kept = kept_pdf(key)
    if kept is not None:
        return kept
    pdf, pages = render_document_pdf(key.document, archival=key.archival, html=key.html)
    keep_pdf(plan=plan, fingerprint=key.fingerprint, pdf=pdf, pages=pages)
    return pdf, pages


def kept_pdf(key: PdfKey) -> tuple[bytes, int] | None:
    """Return the PDF kept under `key` and its page count, or None when none is kept."""
    kept = RenderedPdf.objects.filter(fingerprint=key.fingerprint).values_list("pdf", "pages").first()
    return (bytes(kept[0]), kept[1]) if kept is not None else None


def keep_pdf(*, plan: Plan, fingerprint: str, pdf: bytes, pages: int) -> None:
    try:
        with transaction.atomic():
            RenderedPdf.objects.create(plan=plan, fingerprint=fingerprint, pdf=pdf, pages=pages)
    except IntegrityError:
        return  # another worker laid the same document out meanwhile and kept it first
    newest = RenderedPdf.objects.filter(plan=plan).order_by("-pk").values("pk")[:KEEP_PER_PLAN]
    RenderedPdf.objects.filter(plan=plan).exclude(pk__in=Subquery(newest)).delete()
