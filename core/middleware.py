"""Answer a refused write that no view handled: a Swedish 409 Conflict, never a 500."""

import logging

from django.template.response import TemplateResponse

from .revisions import DocumentLockedError, StaleWriteError

logger = logging.getLogger("sofint.conflicts")


class ConflictMiddleware:
    """Turn `DocumentLockedError` and `StaleWriteError` raised by a view into a 409 page with their message.

    The request's transaction (ATOMIC_REQUESTS) has been rolled back by then, so nothing
    of the refused request is saved. Views that can show the error on their form do so
    themselves; this is what the user sees when, say, the plan was adopted by someone
    else between opening a page and saving it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DocumentLockedError | StaleWriteError):
            return None
        logger.info("Refused %s %s: %s", request.method, request.path, type(exception).__name__)
        response = TemplateResponse(
            request,
            "409.html",
            {"messages_text": exception.messages, "back": request.path},
            status=409,
        )
        return response.render()
