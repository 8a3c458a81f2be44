"""Error pages that work when nothing else does (no database, no context), and reports without secrets."""

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseForbidden, HttpResponseServerError
from django.template import loader
from django.views.debug import ExceptionReporter

from .logging import MASK, SECRET_URL_KWARGS, mask_secrets
from .roles import ROLES, RoleRequired, roles_sentence, roles_with_permission

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


def permission_denied(request, exception=None):
    """Answer a refusal with the Swedish 403 in the site's frame, naming the roles that may do it.

    The roles come from the refusal itself (core.roles.RoleRequired), else from the
    permissions this request was refused (core.backends.RoleModelBackend): a view that
    asks `user.has_perm("plans.change_plan")` and refuses is answered "Förbundschef".
    """
    if isinstance(exception, RoleRequired):
        roles = exception.roles
    else:
        refused = getattr(request.user, "_sofint_refused_permissions", None) or []
        wanted = {role for permission in refused for role in roles_with_permission(permission)}
        roles = [role for role in ROLES if role in wanted]
    template = loader.get_template("403.html")
    return HttpResponseForbidden(template.render({"roles": roles, "roles_text": roles_sentence(roles)}, request))


def _is_unreachable(error: DatabaseError) -> bool:
    return isinstance(error, OperationalError | InterfaceError)


class SecretMaskingExceptionReporter(ExceptionReporter):
    """An error report (the admins' e-mail, DEBUG's page) with no subscription secret in it.

    The address, the request's META and the view's arguments in each frame all carry the
    secret; the report is written as usual and then masked as a whole, the bare secret
    (a URL argument named in `core.logging.SECRET_URL_KWARGS`) included.
    """

    def get_traceback_html(self):
        return self._mask(str(super().get_traceback_html()))

    def get_traceback_text(self):
        return self._mask(str(super().get_traceback_text()))

    def _mask(self, text: str) -> str:
        text = mask_secrets(text)
        match = getattr(self.request, "resolver_match", None)
        for name, value in (getattr(match, "kwargs", None) or {}).items():
            if name in SECRET_URL_KWARGS and value:
                text = text.replace(str(value), MASK)
        return text
