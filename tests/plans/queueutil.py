"""Run the render queue in the test: the real database backend, its worker in this process for one batch."""

from unittest import mock

from django.test import TestCase
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker


def run_render_queue() -> None:
    """Run every queued task now, as `manage.py db_worker --batch` does, then return.

    The worker closes connections it takes for unusable; the test's connection is inside the
    test's transaction, so it would close it (on PostgreSQL). Django's test client keeps its
    connection open around each request the same way (it disconnects close_old_connections).
    """
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        _worker().run()


def _worker() -> Worker:
    return Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    )  # fmt: skip


def get_enqueuing(client, path, **kwargs):
    """GET `path` and enqueue what it queues (the task is enqueued when the request's transaction commits)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.get(path, **kwargs)


def download_draft(client, plan, **kwargs):
    """Ask for the draft's PDF; when it is queued, run the queue and ask again (what the waiting page does)."""
    path = f"/planer/{plan.pk}/pdf/"
    response = get_enqueuing(client, path, **kwargs)
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        run_render_queue()
        response = client.get(path, **kwargs)
    return response
