"""Lay HTML out as a PDF: WeasyPrint, the static-file fetcher and the render processes.

Nothing here imports the app's models, so a render process starts without the database:
it gets HTML and gives back bytes. Laying out a long plan takes seconds of CPU; with
`PDF_RENDER_PROCESSES` > 0 (production) it runs in a small pool of separate processes at a
lower CPU priority (`PDF_RENDER_NICE`), so the web workers keep answering pages while
board members download PDFs: the request thread only waits for the result, holding neither
the GIL nor a core.
"""

import io
import mimetypes
import multiprocessing
import os
import threading
import traceback
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeoutError
from concurrent.futures.process import BrokenProcessPool

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from . import pdfa

BASE_URL = "sofint-pdf://app/"
# What a failed layout raises: WeasyPrint stops on a resource it cannot fetch with an error
# that is not an Exception, so that its own handlers let it through.
RENDER_ERRORS = (Exception, FatalURLFetchingError)


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


def html_to_pdf(html: str, *, title: str, author: str, archival: bool = False) -> tuple[bytes, int]:
    """Lay `html` out and return the PDF bytes and its page count.

    Every PDF is tagged PDF/UA-1; an archival one (what is stored: versions sent to the board and
    the adopted plan) is PDF/A-3a as well, accessible and archival in one file. `plans.pdfa` adds
    what WeasyPrint leaves out of both.
    """
    fetcher = StaticFileFetcher(fail_on_errors=True)
    rendered = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render()
    output = io.BytesIO()
    rendered.write_pdf(output, pdf_tags=True, custom_metadata=True, pdf_variant="pdf/a-3a" if archival else "pdf/ua-1")
    return pdfa.complete(output.getvalue()), len(rendered.pages)


class _RenderFailed(Exception):
    """A failure inside a render process, carried back as text (any exception pickles this way)."""


_pool: ProcessPoolExecutor | None = None
_pool_pid: int | None = None
_pool_lock = threading.Lock()


def _render_process_start(nice: int) -> None:
    """Prepare a render process: a lower CPU priority first, then Django (for the static file finders)."""
    os.nice(nice)
    import django

    django.setup(set_prefix=False)


def _render_task(html: str, kwargs: dict) -> tuple[bytes, int]:
    try:
        return html_to_pdf(html, **kwargs)
    except RENDER_ERRORS as error:
        raise _RenderFailed("".join(traceback.format_exception(error))) from None


def _get_pool() -> ProcessPoolExecutor:
    """Return this process's render pool, made on first use (gunicorn forks workers after import)."""
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            context = multiprocessing.get_context("forkserver")
            # The fork server imports WeasyPrint once; each render process is a fork of it.
            context.set_forkserver_preload([__name__])
            _pool = ProcessPoolExecutor(
                max_workers=settings.PDF_RENDER_PROCESSES,
                mp_context=context,
                initializer=_render_process_start,
                initargs=(settings.PDF_RENDER_NICE,),
                # A render process is replaced now and then, so no layout's memory stays for good.
                max_tasks_per_child=50,
            )
            _pool_pid = os.getpid()
        return _pool


def start_render_pool() -> None:
    """Start this process's render processes now rather than on the first PDF (gunicorn's post_fork)."""
    if settings.PDF_RENDER_PROCESSES > 0:
        pool = _get_pool()
        for _ in range(settings.PDF_RENDER_PROCESSES):
            pool.submit(os.getpid)


def shutdown_render_pool() -> None:
    """Stop this process's render pool, if it has one (tests, and after a broken pool)."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def render_pdf(html: str, *, title: str, author: str, archival: bool = False) -> tuple[bytes, int]:
    """Lay `html` out in a render process when production asks for them, else right here."""
    kwargs = {"title": title, "author": author, "archival": archival}
    if settings.PDF_RENDER_PROCESSES > 0:
        return _render_in_pool(html, kwargs)
    return html_to_pdf(html, **kwargs)


def _render_in_pool(html: str, kwargs: dict) -> tuple[bytes, int]:
    future = _get_pool().submit(_render_task, html, kwargs)
    try:
        return future.result(timeout=settings.PDF_RENDER_TIMEOUT)
    except BrokenProcessPool:
        # A render process died (for instance killed for memory): start afresh next time.
        shutdown_render_pool()
        raise
    except FutureTimeoutError:
        future.cancel()
        raise
