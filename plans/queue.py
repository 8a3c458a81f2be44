"""The render queue: every document layout runs in a worker, a bounded number at a time.

A draft PDF that is not kept yet (plans.pdfcache) is not laid out in the request: the request
stores a `PdfJob` (the HTML, under its fingerprint) and enqueues `lay_out_pdf` on Django's task
framework (the `django-tasks` backport: with Django 6 only the imports change). The backend is
the database by default (`manage.py render_worker` runs the workers) or RQ on Redis for workers
on more machines (settings `TASKS`). The page the user sees polls `job_status`.

Bounds, whatever the backend and however many workers are started:

- at most `PDF_LAYOUTS` layouts at once on a machine: each layout holds one of that many lock
  files (`layout_slot`), shared by every process on the machine; a worker beyond them waits;
- each at a lower CPU priority (`PDF_RENDER_NICE`, set once in the worker process);
- each stopped after `PDF_RENDER_TIMEOUT` seconds (SIGALRM in the worker's main thread) and
  reported as failed;
- a job whose worker died (killed, out of memory, the machine restarted) is still marked as
  running when its timeout and a minute more have passed: it is enqueued once more, and a
  second time reported as failed (`recover_stalled`, called whenever its status is read).
"""

import fcntl
import logging
import os
import signal
import threading
import time
import traceback
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from . import layout
from .layout import RENDER_ERRORS
from .models import PdfJob, Plan, RenderedPdf

try:  # Django 6
    from django.tasks import task
except ImportError:  # Django 5.2: the backport
    from django_tasks import task

logger = logging.getLogger("sofint.pdf")

# A running job is taken for lost when its timeout and this many seconds more have passed.
STALL_GRACE = 60
# A job is run at most this many times (the first and one retry after its worker died).
MAX_ATTEMPTS = 2


class LayoutTimeout(BaseException):
    """The layout ran past PDF_RENDER_TIMEOUT and was stopped.

    A BaseException, as KeyboardInterrupt is: raised by the alarm wherever the layout happens
    to be, it must not be swallowed by a library's own `except Exception` (WeasyPrint has some).
    """


class NoLayoutSlot(Exception):
    """No layout slot came free in time."""


@contextmanager
def layout_slot(*, wait: float):
    """Hold one of the machine's `PDF_LAYOUTS` layout slots while the block runs.

    A slot is an exclusive lock on a file in PDF_LAYOUT_SLOTS_DIR; the kernel lets it go when
    its process ends, however it ends, so a dead worker never keeps one.
    """
    directory = Path(settings.PDF_LAYOUT_SLOTS_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    while True:
        for number in range(max(1, settings.PDF_LAYOUTS)):
            descriptor = os.open(directory / f"slot-{number}", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(descriptor)
                continue
            try:
                yield number
            finally:
                fcntl.flock(descriptor, fcntl.LOCK_UN)
                os.close(descriptor)
            return
        if time.monotonic() >= deadline:
            raise NoLayoutSlot
        time.sleep(0.1)


@contextmanager
def time_limit(seconds: float):
    """Raise LayoutTimeout inside the block after `seconds` (only in a main thread, as a worker runs tasks)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(_signum, _frame):
        raise LayoutTimeout

    previous = signal.signal(signal.SIGALRM, expired)
    # The alarm repeats after its first expiry: one that lands in a callback from C (cffi prints
    # and drops what such a callback raises) is followed by another, until one stops the layout.
    signal.setitimer(signal.ITIMER_REAL, seconds, min(seconds, 0.5))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def lower_priority() -> None:
    """Run this process at PDF_RENDER_NICE (once: os.nice adds to what is there)."""
    current = os.nice(0)
    if current < settings.PDF_RENDER_NICE:
        os.nice(settings.PDF_RENDER_NICE - current)


@task()
def lay_out_pdf(fingerprint: str) -> int | None:
    """Lay out the draft PDF queued under `fingerprint`, keep it (plans.RenderedPdf) and return its pages."""
    from .pdfcache import keep_pdf  # pdfcache imports this module

    job = PdfJob.objects.filter(fingerprint=fingerprint).select_related("plan").first()
    if job is None:
        return None  # laid out already by an earlier run of this job
    kept = RenderedPdf.objects.filter(fingerprint=fingerprint).values_list("pages", flat=True).first()
    if kept is not None:
        job.delete()
        return kept
    PdfJob.objects.filter(pk=job.pk).update(
        state=PdfJob.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1, error=""
    )
    lower_priority()
    timeout = settings.PDF_RENDER_TIMEOUT
    started = time.monotonic()
    try:
        with layout_slot(wait=timeout), time_limit(timeout):
            layout_began = time.monotonic()
            pdf, pages = layout.html_to_pdf(job.html, title=job.title, author=job.author)
    except (LayoutTimeout, NoLayoutSlot) as error:
        reason = "timeout" if isinstance(error, LayoutTimeout) else "no layout slot"
        logger.error("The PDF of %s was stopped after %d s (%s)", job.plan, timeout, reason)
        _fail(job, reason)
        raise
    except RENDER_ERRORS as error:
        logger.exception("Could not render the PDF of %s", job.plan)
        _fail(job, "".join(traceback.format_exception(error)))
        raise
    keep_pdf(plan=job.plan, fingerprint=fingerprint, pdf=pdf, pages=pages)
    job.delete()
    logger.info(
        "Laid out the PDF of %s: %d pages, waited %.2f s for a slot, layout %.2f s",
        job.plan, pages, layout_began - started, time.monotonic() - layout_began,
    )  # fmt: skip
    return pages


def _fail(job: PdfJob, error: str) -> None:
    PdfJob.objects.filter(pk=job.pk).update(state=PdfJob.FAILED, error=error[:10000])


def request_pdf(*, plan: Plan, fingerprint: str, html: str, title: str, author: str, again: bool = False) -> PdfJob:
    """Return the job that lays out `fingerprint`, queued now unless it is queued already.

    `again` queues a failed job once more. The task is enqueued when the request's transaction
    commits, so that a worker never looks for a job that is not there yet.
    """
    defaults = {"plan": plan, "html": html, "title": title, "author": author, "enqueued_at": timezone.now()}
    try:
        with transaction.atomic():
            job, created = PdfJob.objects.get_or_create(fingerprint=fingerprint, defaults=defaults)
    except IntegrityError:  # another request queued it meanwhile
        job, created = PdfJob.objects.get(fingerprint=fingerprint), False
    if created:
        transaction.on_commit(lambda: enqueue(fingerprint))
    elif again and job.state == PdfJob.FAILED:
        requeue(job, attempts=0)
    else:
        recover_stalled(job)
    return job


def enqueue(fingerprint: str) -> None:
    """Put the layout of `fingerprint` in the task queue and note the task's id on its job."""
    result = lay_out_pdf.enqueue(fingerprint)
    PdfJob.objects.filter(fingerprint=fingerprint).update(task_id=result.id)


def requeue(job: PdfJob, *, attempts: int | None = None) -> None:
    """Queue `job` again (after its worker died, or when asked to try a failed one again)."""
    changes = {"state": PdfJob.QUEUED, "started_at": None, "error": "", "enqueued_at": timezone.now()}
    if attempts is not None:
        changes["attempts"] = attempts
    PdfJob.objects.filter(pk=job.pk).update(**changes)
    for field, value in changes.items():
        setattr(job, field, value)
    transaction.on_commit(lambda: enqueue(job.fingerprint))


def recover_stalled(job: PdfJob) -> None:
    """Queue a job whose worker died once more; the second time, report it as failed."""
    if job.state != PdfJob.RUNNING or job.started_at is None:
        return
    if timezone.now() - job.started_at < timedelta(seconds=settings.PDF_RENDER_TIMEOUT + STALL_GRACE):
        return
    if job.attempts < MAX_ATTEMPTS:
        logger.warning("The worker laying out the PDF of %s stopped; queued once more", job.plan_id)
        requeue(job)
    else:
        logger.error("The worker laying out the PDF of plan %s stopped again; given up", job.plan_id)
        job.state, job.error = PdfJob.FAILED, "worker stopped twice"
        _fail(job, job.error)


def place_in_queue(job: PdfJob) -> int:
    """Return how many jobs are queued before `job`, itself included (0 when it is being laid out)."""
    if job.state != PdfJob.QUEUED:
        return 0
    return PdfJob.objects.filter(state=PdfJob.QUEUED, enqueued_at__lt=job.enqueued_at).count() + 1
