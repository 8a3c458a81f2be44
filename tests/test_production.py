"""Production mode: deployment checks, gunicorn with WhiteNoise, CSP, no asset from elsewhere."""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

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


def manage(env, *args):
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


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


def test_gunicorn_serves_pages_and_assets_itself(tmp_path):
    env = prod_env(tmp_path, DJANGO_SECURE_SSL_REDIRECT="false")
    for args in (("migrate", "--noinput"), ("collectstatic", "--noinput")):
        result = manage(env, *args)
        assert result.returncode == 0, result.stderr
    server, base = start_gunicorn(env)
    try:
        for _ in range(100):
            try:
                login = urllib.request.urlopen(f"{base}/logga-in/", timeout=5)  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not answer")
        page = login.read().decode()
        assert "default-src 'self'" in login.headers["Content-Security-Policy"]
        assert login.headers["X-Frame-Options"] == "DENY"
        stylesheets = re.findall(r'href="(/static/[^"]+\.css)"', page)
        assert stylesheets and all(re.search(r"\.[0-9a-f]{12}\.css$", href) for href in stylesheets), stylesheets
        for href in stylesheets:
            asset = urllib.request.urlopen(f"{base}{href}", timeout=5)  # noqa: S310
            assert asset.status == 200
            assert "max-age" in asset.headers["Cache-Control"]
        icons = urllib.request.urlopen(f"{base}/static/vendor/bootstrap-icons/fonts/bootstrap-icons.woff2", timeout=5)  # noqa: S310
        assert icons.status == 200
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
        if re.search(r"""(src|href)=["']?(https?:)?//""", text) or re.search(r"url\((https?:)?//", text):
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
