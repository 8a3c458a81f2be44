"""Production mode: deployment checks, gunicorn with WhiteNoise, CSP, no asset from elsewhere."""

import http.client
import http.cookies
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.helpers import manage

BASE_DIR = Path(settings.BASE_DIR)


def prod_env(tmp_path, **extra):
    # The browser tests' async-safety switch must not leak into a production check.
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "sofint.settings.prod",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,sofint.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
    }
    env.update(extra)
    return env


def test_check_deploy_passes_with_prod_settings(tmp_path):
    result = manage(prod_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_prod_refuses_a_weak_secret(tmp_path):
    result = manage(prod_env(tmp_path, DJANGO_SECRET_KEY="short"), "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env, *, stderr=subprocess.DEVNULL):
    """Start gunicorn with one worker on a free port; return the process and its base URL."""
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).parent / "gunicorn"), "sofint.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )
    return server, f"http://127.0.0.1:{port}"


PASSWORD = secrets.token_urlsafe(16)
CREATE_USER = (
    "from django.contrib.auth import get_user_model; "
    f"get_user_model().objects.create_user('ekonom', password='{PASSWORD}')"
)


@pytest.fixture(scope="module")
def prod_site(tmp_path_factory):
    """A migrated production database with collected static files and one user; its environment."""
    env = prod_env(tmp_path_factory.mktemp("prod"))
    for args in (("migrate", "--noinput"), ("collectstatic", "--noinput"), ("shell", "-c", CREATE_USER)):
        result = manage(env, *args)
        assert result.returncode == 0, result.stderr
    return env


def wait_for(server, base, path="/logga-in/", **kwargs):
    """Return the first answer of a just-started gunicorn to a plain HTTP request for `path`."""
    for _ in range(100):
        assert server.poll() is None, "gunicorn stopped"
        try:
            return request(base, "GET", path, **kwargs)
        except OSError:
            time.sleep(0.1)
    pytest.fail("gunicorn did not answer")


def request(base, method, path, *, headers=None, body=None):
    """Send one request over plain HTTP, following no redirect; return the response, body read."""
    netloc = urllib.parse.urlsplit(base).netloc
    connection = http.client.HTTPConnection(netloc, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        response.body = response.read()
        response.text = response.body.decode(errors="replace")
        return response
    finally:
        connection.close()


def test_gunicorn_serves_pages_and_assets_itself(prod_site):
    server, base = start_gunicorn(prod_site | {"DJANGO_SECURE_SSL_REDIRECT": "false"})
    try:
        login = wait_for(server, base)
        page = login.text
        assert "default-src 'self'" in login.headers["Content-Security-Policy"]
        assert login.headers["X-Frame-Options"] == "DENY"
        stylesheets = re.findall(r'href="(/static/[^"]+\.css)"', page)
        assert stylesheets and all(re.search(r"\.[0-9a-f]{12}\.css$", href) for href in stylesheets), stylesheets
        for href in stylesheets:
            asset = request(base, "GET", href)
            assert asset.status == 200
            assert "max-age" in asset.headers["Cache-Control"]
        assert request(base, "GET", "/static/vendor/bootstrap-icons/fonts/bootstrap-icons.woff2").status == 200
    finally:
        server.terminate()
        server.wait(timeout=10)


def cookies(response) -> dict[str, http.cookies.Morsel]:
    jar = http.cookies.SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return dict(jar)


def test_login_behind_the_tls_proxy_sets_secure_cookies_and_security_headers(prod_site):
    """Log in through the real form as production is reached: over the proxy that says the request was HTTPS."""
    server, base = start_gunicorn(prod_site)  # production's own settings: plain HTTP is redirected
    try:
        plain = wait_for(server, base)
        host = urllib.parse.urlsplit(base).netloc
        assert plain.status == 301 and plain.headers["Location"] == f"https://{host}/logga-in/"
        assert not cookies(plain)

        proxied = {"X-Forwarded-Proto": "https"}
        form = request(base, "GET", "/logga-in/", headers=proxied)
        assert form.status == 200
        assert form.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert form.headers["X-Content-Type-Options"] == "nosniff"
        assert form.headers["X-Frame-Options"] == "DENY"
        assert form.headers["Referrer-Policy"] == "same-origin"
        assert form.headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "frame-ancestors 'none'" in form.headers["Content-Security-Policy"]
        csrf = cookies(form)["csrftoken"]
        assert (csrf["secure"], csrf["httponly"], csrf["samesite"]) == (True, True, "Lax")

        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "ekonom", "password": PASSWORD})
        login = request(base, "POST", "/logga-in/", body=body, headers=proxied | {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf.value}",
            "Origin": f"https://{host}",
            "Referer": f"https://{host}/logga-in/",
        })  # fmt: skip
        assert login.status == 302, login.text
        assert login.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        issued = cookies(login)
        session = issued["sessionid"]
        assert (session["secure"], session["httponly"], session["samesite"], session["path"]) == (
            True,
            True,
            "Lax",
            "/",
        )
        assert issued["csrftoken"]["secure"] is True  # rotated at login, still secure

        home = request(base, "GET", "/", headers=proxied | {"Cookie": f"sessionid={session.value}"})
        assert home.status == 200 and "Logga ut" in home.text
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_an_unreachable_database_gives_a_swedish_503(tmp_path):
    # A port nothing listens on: every query fails as when the database server is down.
    env = prod_env(
        tmp_path,
        DJANGO_SECURE_SSL_REDIRECT="false",
        DATABASE_URL="postgres://sofint@127.0.0.1:9/sofint",
    )
    server, base = start_gunicorn(env, stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/logga-in/", timeout=10)  # noqa: S310
                pytest.fail("the login page answered without its database")
            except urllib.error.HTTPError as error:
                response = error
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not answer")
        body = response.read().decode()
        assert response.status == 503
        assert response.headers["Retry-After"] == "60"
        assert "sofint är tillfälligt otillgänglig" in body and '<html lang="sv">' in body
        for leak in ("Traceback", "OperationalError", "psycopg2", "127.0.0.1:9", "DATABASE"):
            assert leak not in body
    finally:
        server.terminate()
        _out, errors = server.communicate(timeout=10)
    assert b"Database unreachable: OperationalError" in errors


def test_no_template_or_stylesheet_loads_anything_from_elsewhere():
    offenders = []
    for path in [*BASE_DIR.glob("templates/**/*.html"), *BASE_DIR.glob("static/css/*.css")]:
        text = path.read_text()
        # A link a person follows (<a href>, the accessibility statement's to Digg) loads nothing.
        if re.search(r"""(src=|<link[^>]*href=)["']?(https?:)?//""", text) or re.search(r"url\((https?:)?//", text):
            offenders.append(str(path))
    assert offenders == []


@pytest.mark.django_db
def test_every_response_has_a_content_security_policy(client):
    response = client.get("/logga-in/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_csrf_is_enforced_on_login():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/logga-in/", {"username": "x", "password": "y"})
    assert response.status_code == 403


def test_settings_are_swedish():
    assert settings.LANGUAGE_CODE == "sv"
    assert settings.TIME_ZONE == "Europe/Stockholm"


SUBSCRIBE = (
    "from django.contrib.auth import get_user_model; from meetings.services import subscription_regenerate; "
    "user = get_user_model().objects.create_superuser('kalender', password=None); "
    "subscription = subscription_regenerate(user=user); print(subscription.key, subscription.secret)"
)


def test_gunicorn_logs_calendar_addresses_without_their_secret(prod_site, tmp_path):
    """The access log, gunicorn's error log and Django's log (standard error) never hold a subscriber's secret."""
    created = manage(prod_site, "shell", "-c", SUBSCRIBE)
    assert created.returncode == 0, created.stderr
    key, secret = created.stdout.splitlines()[-1].split()
    access_log, error_log, stderr_log = tmp_path / "access.log", tmp_path / "error.log", tmp_path / "stderr.log"
    env = prod_site | {
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "GUNICORN_ACCESS_LOG": str(access_log),
        "GUNICORN_ERROR_LOG": str(error_log),
    }
    wrong = secrets.token_urlsafe(32)
    with stderr_log.open("w") as stderr:
        server, base = start_gunicorn(env, stderr=stderr)
        try:
            wait_for(server, base)
            feed = request(base, "GET", f"/kalender/prenumeration/{key}/{secret}.ics?typ=ics")
            assert feed.status == 200 and "BEGIN:VCALENDAR" in feed.text
            assert request(base, "GET", f"/kalender/prenumeration/{key}/{wrong}.ics").status == 404
            assert request(base, "GET", f"/kalender/prenumeration/{key}/{secret}").status == 404  # no .ics
        finally:
            server.terminate()
            server.wait(timeout=10)
    access, errors, django_log = access_log.read_text(), error_log.read_text(), stderr_log.read_text()
    masked = f"/kalender/prenumeration/{key}/***"
    assert f'"GET {masked}.ics?typ=ics HTTP/1.1" 200' in access
    assert f'"GET {masked}.ics HTTP/1.1" 404' in access and f'"GET {masked} HTTP/1.1" 404' in access
    assert f"Not Found: {masked}.ics" in django_log
    assert "Booting worker" in errors  # the error log was written, through the same filter
    for log in (access, errors, django_log):
        assert secret not in log and wrong not in log
