"""gunicorn settings for production, read by `gunicorn sofint.wsgi` from this folder.

Threaded workers: a request that waits for a plan PDF from the render processes
(`PDF_RENDER_PROCESSES`) holds a thread, not a whole worker, so pages keep being served.
Every value can be overridden on the command line or with GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os
import sys

from gunicorn.glogging import Logger

# The project's own modules, whichever folder gunicorn was started from.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from core.logging import SecretMaskFilter, mask_secrets  # noqa: E402

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
# The access log on standard output ("-"), the error log on standard error, as a service
# manager collects them; either can be a file. Neither ever holds a subscription secret.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")


class SecretMaskingLogger(Logger):
    """gunicorn's logger, writing a calendar subscription address as `/kalender/prenumeration/<key>/***.ics`.

    Every value an access-log line can show (the request line, the path, the query, the
    headers, the environment) is masked, and so is every line of the error log.
    """

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(existing, SecretMaskFilter) for existing in log.filters):
                log.addFilter(SecretMaskFilter())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {name: mask_secrets(value) if isinstance(value, str) else value for name, value in atoms.items()}


logger_class = SecretMaskingLogger


def post_fork(server, worker):
    """Start the worker's PDF render processes at boot, so the first PDF doesn't pay for it."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sofint.settings.prod")
    django.setup()
    from plans.layout import start_render_pool

    start_render_pool()
