"""gunicorn settings for production, read by `gunicorn sofint.wsgi` from this folder.

Threaded workers: a request that waits for a plan PDF from the render processes
(`PDF_RENDER_PROCESSES`) holds a thread, not a whole worker, so pages keep being served.
Every value can be overridden on the command line or with GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = 120
graceful_timeout = 30
# Recycle workers now and then so no slow leak grows for ever; jitter keeps them from all
# restarting at once.
max_requests = 2000
max_requests_jitter = 200


def post_fork(server, worker):
    """Start the worker's PDF render processes at boot, so the first PDF doesn't pay for it."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sofint.settings.prod")
    django.setup()
    from plans.layout import start_render_pool

    start_render_pool()
