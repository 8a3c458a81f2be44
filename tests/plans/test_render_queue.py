"""The render queue: a draft PDF not made yet is queued once, laid out by a worker, then served at once."""

import datetime
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from plans import queue
from plans.models import PdfJob, Plan, RenderedPdf
from plans.pdfcache import pdf_key
from plans.selectors import plan_document
from tests.plans.queueutil import get_enqueuing, run_render_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return Plan.objects.get(first_year=2019)


def test_a_pdf_asked_for_twice_is_queued_once_laid_out_once_and_then_served_at_once(client_for, draft):
    client = client_for("forbundschef")
    first = get_enqueuing(client, f"/planer/{draft.pk}/pdf/")
    assert first.status_code == 200 and first["Content-Type"].startswith("text/html")
    html = first.content.decode()
    assert 'role="status"' in html and "PDF:en görs … Plats i kön: 1." in html
    assert "uppdatera sidan" in html and "js/pdf-wait.js" in html
    assert first["Cache-Control"] == "no-store"
    second = get_enqueuing(client_for("ekonom"), f"/planer/{draft.pk}/pdf/")
    assert "PDF:en görs" in second.content.decode()
    assert DBTaskResult.objects.count() == 1 and PdfJob.objects.count() == 1
    job = PdfJob.objects.get()
    status_url = f"/planer/{draft.pk}/pdf/status/?f={job.fingerprint}"
    assert client.get(status_url).json()["state"] == "queued"

    run_render_queue()

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert not PdfJob.objects.exists()
    kept = RenderedPdf.objects.get(fingerprint=job.fingerprint)
    assert client.get(status_url).json() == {
        "state": "ready", "place": 0, "pages": kept.pages, "text": f"PDF:en är klar: {kept.pages} sidor.",
    }  # fmt: skip
    pdf = client.get(f"/planer/{draft.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert pdf["ETag"] == f'"{job.fingerprint}"'
    assert client.get(f"/planer/{draft.pk}/pdf/", headers={"If-None-Match": pdf["ETag"]}).status_code == 304


def test_a_layout_past_its_timeout_is_stopped_reported_in_swedish_and_logged(client_for, draft, settings, caplog):
    settings.PDF_RENDER_TIMEOUT = 0.05
    client = client_for("forbundschef")
    get_enqueuing(client, f"/planer/{draft.pk}/pdf/")
    with caplog.at_level(logging.ERROR, logger="sofint.pdf"):
        run_render_queue()
    assert "was stopped after" in caplog.text
    job = PdfJob.objects.get()
    assert job.state == PdfJob.FAILED and DBTaskResult.objects.get().status == "FAILED"
    answer = client.get(f"/planer/{draft.pk}/pdf/status/?f={job.fingerprint}").json()
    assert answer["state"] == "failed" and "tog för lång tid" in answer["text"]
    page = client.get(f"/planer/{draft.pk}/pdf/").content.decode()
    assert "tog för lång tid" in page and "?igen=1" in page
    # Asked again: queued once more.
    get_enqueuing(client, f"/planer/{draft.pk}/pdf/?igen=1")
    assert PdfJob.objects.get().state == PdfJob.QUEUED and DBTaskResult.objects.count() == 2


def test_a_job_whose_worker_died_is_queued_once_more_then_reported(draft, settings, django_capture_on_commit_callbacks):
    key = pdf_key(plan_document(draft))
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.PDF_RENDER_TIMEOUT + queue.STALL_GRACE + 1)
    job = PdfJob.objects.create(
        plan=draft, fingerprint=key.fingerprint, html=key.html, title="t", author="a",
        state=PdfJob.RUNNING, attempts=1, enqueued_at=long_ago, started_at=long_ago,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        queue.recover_stalled(job)
    job.refresh_from_db()
    assert job.state == PdfJob.QUEUED and DBTaskResult.objects.count() == 1
    PdfJob.objects.filter(pk=job.pk).update(state=PdfJob.RUNNING, attempts=2, started_at=long_ago)
    job.refresh_from_db()
    queue.recover_stalled(job)
    job.refresh_from_db()
    assert job.state == PdfJob.FAILED and DBTaskResult.objects.count() == 1


def test_a_machine_lays_out_at_most_its_number_of_layouts_at_once(settings, tmp_path):
    settings.PDF_LAYOUT_SLOTS_DIR = str(tmp_path)
    settings.PDF_LAYOUTS = 2
    with queue.layout_slot(wait=0) as first, queue.layout_slot(wait=0) as second:
        assert {first, second} == {0, 1}
        with pytest.raises(queue.NoLayoutSlot), queue.layout_slot(wait=0.2):
            pass
    with queue.layout_slot(wait=0) as again:  # let go when the block ends
        assert again == 0


def test_the_default_is_the_cores_but_one_and_the_database_backend():
    assert django_settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert django_settings.PDF_LAYOUTS >= 1


def test_the_rq_backend_on_redis_passes_the_checks():
    environment = {"DJANGO_TASKS_BACKEND": "rq", "REDIS_URL": "redis://127.0.0.1:6379/5"}
    script = (
        "import django; django.setup(); from django.conf import settings;"
        "from django.core.management import call_command;"
        "from django_tasks import task_backends;"
        "assert type(task_backends['default']).__name__ == 'RQBackend';"
        "assert settings.RQ_QUEUES['default']['URL'].endswith('/5');"
        "assert settings.RQ_QUEUES['default']['DEFAULT_TIMEOUT'] > settings.PDF_RENDER_TIMEOUT;"
        "call_command('check', fail_level='WARNING')"
    )
    environment["DJANGO_SETTINGS_MODULE"] = "sofint.settings.test"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], env={**os.environ, **environment},
        capture_output=True, text=True, timeout=60, cwd=django_settings.BASE_DIR,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
