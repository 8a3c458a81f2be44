"""No calendar subscription secret in any log line or error report (core/logging.py)."""

import copy
import io
import logging
import logging.config

import pytest
from django.core import mail
from django.test import Client

from core.logging import SecretMaskFilter, mask_secrets
from meetings import services
from sofint.settings import base

SECRET = "S3cr3t-0f_the-subscriber-that-must-never-be-logged-xyz"
PATH = f"/kalender/prenumeration/nyckel/{SECRET}.ics"
MASKED = "/kalender/prenumeration/nyckel/***.ics"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"Internal Server Error: {PATH}", f"Internal Server Error: {MASKED}"),
        (f'"GET {PATH}?x=1 HTTP/1.1" 500 145', f'"GET {MASKED}?x=1 HTTP/1.1" 500 145'),
        (f"https://sofint.example{PATH}", f"https://sofint.example{MASKED}"),
        (f"Not Found: /kalender/prenumeration/nyckel/{SECRET}", "Not Found: /kalender/prenumeration/nyckel/***"),
        ("POST /kalender/prenumeration/ny-adress/ HTTP/1.1", "POST /kalender/prenumeration/ny-adress/ HTTP/1.1"),
        ("GET /kalender/2018.ics HTTP/1.1", "GET /kalender/2018.ics HTTP/1.1"),
    ],
)
def test_mask_secrets_hides_the_secret_and_keeps_the_rest(text, masked):
    assert mask_secrets(text) == masked


def test_the_filter_masks_message_arguments_and_the_exception_text():
    try:
        raise ValueError(f"could not write {PATH}")
    except ValueError as error:
        args = ("Internal Server Error", PATH)
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "%s: %s", args, (ValueError, error, None)
        )
    assert SecretMaskFilter().filter(record) is True
    assert record.getMessage() == f"Internal Server Error: {MASKED}"
    assert SECRET not in record.exc_text and MASKED in record.exc_text
    dict_record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, "%(r)s", ({"r": f"GET {PATH}"},), None
    )
    SecretMaskFilter().filter(dict_record)
    assert dict_record.getMessage() == f"GET {MASKED}"


def test_every_configured_handler_masks_secrets():
    handlers = base.LOGGING["handlers"]
    assert set(handlers) >= {"console", "django.server", "mail_admins"}
    assert all("mask_secrets" in handler["filters"] for handler in handlers.values())
    assert base.DEFAULT_EXCEPTION_REPORTER == "core.errors.SecretMaskingExceptionReporter"


@pytest.fixture
def real_logging():
    """The production logging configuration (settings.base.LOGGING) for one test; return what it wrote.

    The configured console handlers, filters and formatters are the real ones; only the
    stream they write to is a buffer instead of standard error.
    """
    names = ["", "django", "django.request", "django.server"]
    saved = {name: (logging.getLogger(name).handlers[:], logging.getLogger(name).level) for name in names}
    logging.config.dictConfig(copy.deepcopy(base.LOGGING))
    written = io.StringIO()
    for name in names:
        for handler in logging.getLogger(name).handlers:
            if isinstance(handler, logging.StreamHandler):
                handler.setStream(written)
    yield written.getvalue
    for name, (handlers, level) in saved.items():
        logger = logging.getLogger(name)
        logger.handlers[:] = handlers
        logger.setLevel(level)


@pytest.fixture
def subscription(users):
    return services.subscription_regenerate(user=users["styrelse"])


@pytest.fixture
def broken_feed(monkeypatch):
    def fail(*args, **kwargs):
        raise OverflowError("date value out of range")

    monkeypatch.setattr("meetings.views.render_calendar", fail)


@pytest.mark.django_db
def test_a_500_on_the_feed_logs_and_mails_the_address_masked(real_logging, subscription, broken_feed, settings):
    settings.ADMINS = [("Drift", "drift@sofint.example")]
    url = subscription.get_absolute_url()
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 500
    assert subscription.secret not in response.content.decode()

    log = real_logging()
    masked = f"/kalender/prenumeration/{subscription.key}/***.ics"
    assert f"Internal Server Error: {masked}" in log and "OverflowError" in log
    assert subscription.secret not in log

    [report] = mail.outbox
    assert masked in report.subject and subscription.secret not in report.subject
    assert "OverflowError" in report.body and masked in report.body
    assert subscription.secret not in report.body  # the URL, META and the view's own `secret` argument


@pytest.mark.django_db
def test_the_debug_error_page_masks_the_address_too(subscription, broken_feed, settings):
    settings.DEBUG = True
    response = Client(raise_request_exception=False).get(subscription.get_absolute_url())
    assert response.status_code == 500
    page = response.content.decode()
    assert "OverflowError" in page and f"/kalender/prenumeration/{subscription.key}/***.ics" in page
    assert subscription.secret not in page


@pytest.mark.django_db
def test_a_wrong_address_logs_its_404_masked(real_logging, subscription):
    wrong = f"/kalender/prenumeration/{subscription.key}/{SECRET}.ics"
    assert Client().get(wrong).status_code == 404
    log = real_logging()
    assert f"Not Found: /kalender/prenumeration/{subscription.key}/***.ics" in log
    assert SECRET not in log


def test_runserver_request_lines_are_masked(real_logging):
    # What django.core.servers.basehttp.WSGIRequestHandler.log_message writes for each request.
    logging.getLogger("django.server").info(
        '"%s" %s %s', f"GET {PATH} HTTP/1.1", "200", "512", extra={"server_time": "02/Dec/2026 05:00:00"}
    )
    log = real_logging()
    assert f'"GET {MASKED} HTTP/1.1" 200 512' in log and SECRET not in log
