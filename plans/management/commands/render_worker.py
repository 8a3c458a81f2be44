"""Run the machine's render workers: PDF_LAYOUTS database workers (`db_worker`), restarted if one dies.

Each worker lays out one document at a time; the layout slots (plans.queue.layout_slot) hold the
machine to PDF_LAYOUTS layouts at once even when more workers are started by hand.
"""

import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run the render queue's workers for this machine (database backend)"

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=None, help="How many (default: PDF_LAYOUTS)")

    def handle(self, *args, workers=None, **options):
        if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
            raise CommandError(
                "The queue is not in the database: start `manage.py rqworker --job-class django_tasks_rq.Job default`."
            )
        count = max(1, workers or settings.PDF_LAYOUTS)
        manage = str(settings.BASE_DIR / "manage.py")
        command = [sys.executable, manage, "db_worker", "--no-reload", "--interval", "0.5"]
        children = [start(command) for _ in range(count)]
        self.stdout.write(f"Render queue: {count} worker(s), at most {settings.PDF_LAYOUTS} layouts at once.")
        stopping = False

        def stop(_signum, _frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while not stopping:
            time.sleep(1)
            for index, child in enumerate(children):
                if child.poll() is not None and not stopping:
                    # Its job, if it had one, is queued again once its timeout has passed (plans.queue).
                    self.stderr.write(f"A render worker stopped (exit {child.returncode}); starting another.")
                    children[index] = start(command)
        for child in children:
            child.terminate()
        for child in children:
            child.wait(timeout=settings.PDF_RENDER_TIMEOUT)


def start(command: list[str]) -> subprocess.Popen:
    return subprocess.Popen(command)  # noqa: S603 (this project's own manage.py)
