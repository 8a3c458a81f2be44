"""Keep secret-bearing addresses out of every log line and error report.

A calendar subscription address carries its secret in the path
(`/kalender/prenumeration/<key>/<secret>.ics`): whoever reads it can read the calendar.
Django (django.request, django.server), gunicorn (access and error log) and the app all
write request paths into their logs, and an error report adds the request and the
view's arguments. `mask_secrets()` writes such a path as `/kalender/prenumeration/<key>/***.ics`;
`SecretMaskFilter` applies it to every record that reaches a handler (installed on each
handler in settings.LOGGING and on gunicorn's loggers in gunicorn.conf.py), and
`SecretMaskingExceptionReporter` to the 500 report mailed to the admins or shown with DEBUG.

This module is imported by gunicorn's configuration before Django is set up, so it
imports nothing of Django at module level.
"""

import logging
import re

MASK = "***"

# The key is only a look-up handle; the secret is everything after it up to the end of the
# path, so that an address with a typo or without `.ics` is masked as well.
_SUBSCRIPTION = re.compile(
    r"(/kalender/prenumeration/(?!ny-adress/)[^/\s?#\"'<>]+/)([^\s?#\"'<>]+?)(\.ics)?(?=[\s?#\"'<>]|$)"
)

# URL arguments whose value is a credential: masked wherever a report shows them bare.
SECRET_URL_KWARGS = frozenset({"secret"})

_FORMATTER = logging.Formatter()


def mask_secrets(text: str) -> str:
    """Return `text` with the secret of every calendar subscription address replaced by ***."""
    if "/prenumeration/" not in text:  # the common case costs one substring test
        return text
    return _SUBSCRIPTION.sub(lambda match: f"{match[1]}{MASK}{match[3] or ''}", text)


def _masked(value):
    if isinstance(value, str):
        return mask_secrets(value)
    if isinstance(value, bytes):
        return mask_secrets(value.decode("latin-1")).encode("latin-1")
    return value


class SecretMaskFilter(logging.Filter):
    """Mask secret-bearing addresses in a record's message and arguments; never drop a record.

    The record is changed in place, so every handler after this one sees the masked form.
    Arguments that are not strings (a request, a number) are left as they are but checked
    once formatted: if the formatted message still holds a secret, the message is stored
    formatted and masked. The request a record may carry (`record.request`) is not
    changed: the error report made from it masks itself (`core.errors.SecretMaskingExceptionReporter`).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask_secrets(record.msg)
        if isinstance(record.args, dict):
            for name, value in list(record.args.items()):
                record.args[name] = _masked(value)
        elif isinstance(record.args, tuple):
            record.args = tuple(_masked(value) for value in record.args)
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a broken format string is the formatter's to report
            return True
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, ()
        # An exception's text (its message may quote the address) is written once here,
        # masked, and formatters reuse it.
        if record.exc_info and not record.exc_text:
            record.exc_text = mask_secrets(_FORMATTER.formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = mask_secrets(record.stack_info)
        return True
