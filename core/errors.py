"""Error pages that work when nothing else does: no database, no context processors."""

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

logger = logging.getLogger("sofint.errors")


def server_error(request):
    """Answer an unhandled error: 503 when the database cannot be reached, else 500.

    Both pages are plain templates rendered without a request context, so they need
    neither the database nor a session, and they never show a traceback.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError) and _is_unreachable(error):
        logger.error("Database unreachable: %s", type(error).__name__)
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "60"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())


def _is_unreachable(error: DatabaseError) -> bool:
    return isinstance(error, OperationalError | InterfaceError)
