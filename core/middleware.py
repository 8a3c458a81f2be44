"""The project's own middleware: a refused write as a Swedish 409, and the login requirement that spares open pages."""

import logging

from django.contrib.auth import middleware as auth_middleware
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


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Django's login requirement, asking the view before the user.

    Django's own reads `request.user` first, which loads the session on every request and
    so makes the session middleware add `Vary: Cookie` to every response, also to the pages
    open to all (`login_not_required`). A page open to all (the published documents) then
    could not be kept by a shared cache as one copy for everyone. Asked in this order, such
    a page reads no session unless it wants to; every other page is refused as before.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
