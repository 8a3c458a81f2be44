"""The database server goes away while gunicorn runs in production mode, then comes back.

PostgreSQL is stopped for one database only, as far as the app can tell: its connections
are cut and new ones refused (`ALLOW_CONNECTIONS false`), so the rest of the server,
which the suite itself may be using, goes on.
"""

import os
import subprocess
import time
import urllib.error
import urllib.request

from tests.test_production import manage, prod_env, start_gunicorn

PG = os.environ.get("OUTAGE_DATABASE_ADMIN_URL", "postgres://postgres@127.0.0.1:5432")


def psql(sql):
    subprocess.run(["psql", f"{PG}/postgres", "-qc", sql], check=True, capture_output=True)  # noqa: S603, S607


def cut_connections(name):
    """End every server process of database `name` (made by the test: a safe identifier)."""
    psql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")  # noqa: S608


def fetch(url):
    """GET `url`; return status and body, whatever the status."""
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_until_up(base):
    for _ in range(300):
        try:
            return fetch(f"{base}/ping/")
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not answer")


def test_pages_answer_503_while_the_database_is_down_and_recover_when_it_is_back(tmp_path):
    name = f"sofint_outage_{os.getpid()}_{time.monotonic_ns()}"
    psql(f'CREATE DATABASE "{name}"')
    server = None
    try:
        env = prod_env(tmp_path, DJANGO_SECURE_SSL_REDIRECT="false", DATABASE_URL=f"{PG}/{name}")
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
            result = manage(env, *command)
            assert result.returncode == 0, result.stderr
        server, base = start_gunicorn(env, stderr=subprocess.PIPE)
        wait_until_up(base)
        # Persistent connections are open before the outage (CONN_MAX_AGE).
        for _ in range(3):
            assert fetch(f"{base}/logga-in/")[0] == 200

        # A restart between two requests: the kept connections are gone, nobody notices.
        cut_connections(name)
        assert [fetch(f"{base}/logga-in/")[0] for _ in range(3)] == [200, 200, 200]

        psql(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        cut_connections(name)
        for _ in range(3):
            status, body = fetch(f"{base}/logga-in/")
            assert status == 503, body[:200]
            assert "sofint är tillfälligt otillgänglig" in body and '<html lang="sv">' in body
            for leak in ("Traceback", "OperationalError", "psycopg2", name, "5432"):
                assert leak not in body
        assert fetch(f"{base}/ping/")[0] == 200  # the server itself is up

        psql(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        # Back at once, without restarting anything: a stale connection is noticed and replaced.
        assert [fetch(f"{base}/logga-in/")[0] for _ in range(3)] == [200, 200, 200]
    finally:
        if server is not None:
            server.terminate()
            _out, errors = server.communicate(timeout=30)
        psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert b"Database unreachable" in errors
