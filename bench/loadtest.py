"""Load test: gunicorn with production settings on PostgreSQL and 20× the demo data.

20 concurrent users for LOAD_SECONDS (default 60) over the main pages, the calendar feed
and the plan PDF, driven from this second process over loopback; a bare Django view on the
same server is measured in the same run. Phase 1 loads the HTML pages alone; phase 2 adds
users who download the plan PDF, to see what rendering does to the pages. Prints requests
per second, p50/p95/p99 per page, errors, and the ratios.
"""

import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PY = sys.executable
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
USERS = int(os.environ.get("LOAD_USERS", "20"))
PG = os.environ.get("LOAD_DATABASE_ADMIN_URL", "postgres://postgres@127.0.0.1:5432")
DB = f"sofint_load_{os.getpid()}"

SETUP = """
import json
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from meetings import services
from plans.models import Plan
from tests.factories import grow_all
grow_all(factor=20)
user = get_user_model().objects.get(username="styrelse")
session = SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session.create()
feed = services.subscription_regenerate(user=user)
print(json.dumps({"session": session.session_key, "feed": f"/kalender/prenumeration/{feed.key}/{feed.secret}.ics",
                  "plan": Plan.objects.get(first_year=2019).pk, "adopted": Plan.objects.get(first_year=2018).pk}))
"""


def run(args, env, **kwargs):
    return subprocess.run(args, cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True, **kwargs)  # noqa: S603


def psql(sql):
    subprocess.run(["psql", f"{PG}/postgres", "-qc", sql], check=True, capture_output=True)  # noqa: S603, S607


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] * 1000 if values else float("nan")


def drive(base, cookie, paths, seconds, users):
    """Let `users` threads request `paths` round-robin for `seconds`; return latencies and errors per path."""
    times, errors = defaultdict(list), defaultdict(int)
    stop = time.monotonic() + seconds

    def user(offset):
        index = offset
        while time.monotonic() < stop:
            path = paths[index % len(paths)]
            index += 1
            request = urllib.request.Request(base + path, headers={"Cookie": cookie})  # noqa: S310 - loopback
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                    response.read()
                    ok = response.status == 200
            except (urllib.error.URLError, OSError):
                ok = False
            elapsed = time.perf_counter() - start
            if ok:
                times[path].append(elapsed)
            else:
                errors[path] += 1

    threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, errors


def report(title, times, errors, seconds):
    total = sum(len(v) for v in times.values())
    print(f"\n{title}: {total / seconds:.1f} requests/s, {sum(errors.values())} errors")
    print(f"{'page':48} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}")
    for path in sorted(set(times) | set(errors)):
        values = times[path]
        print(
            f"{path[:48]:48} {len(values):6d} {percentile(values, 50):8.1f} {percentile(values, 95):8.1f} "
            f"{percentile(values, 99):8.1f} {errors[path]:6d}"
        )


def main():
    psql(f'CREATE DATABASE "{DB}"')
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="sofint.settings.prod",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"{PG}/{DB}",
        DJANGO_STATIC_ROOT=f"/tmp/{DB}-static",  # noqa: S108
        DJANGO_LOG_LEVEL="WARNING",
    )
    server = None
    try:
        print(f"Preparing {DB}: migrate, demo data, 20× data, collectstatic …", flush=True)
        run([PY, "manage.py", "migrate", "--noinput"], env)
        run([PY, "manage.py", "load_demo"], env)
        run([PY, "manage.py", "collectstatic", "--noinput"], env)
        setup = json.loads(run([PY, "manage.py", "shell", "-c", SETUP], env).stdout.strip().splitlines()[-1])
        port = free_port()
        server = subprocess.Popen(  # noqa: S603
            [str(Path(PY).parent / "gunicorn"), "sofint.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "3",
             "--threads", "2", "--timeout", "120"],
            cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/ping/", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        cookie = f"sessionid={setup['session']}"
        html = ["/", "/styrelse/", "/kalender/2018/", "/insatser/", "/maluppfyllelse/2018/", "/budget/2018/",
                f"/planer/{setup['adopted']}/", setup["feed"]]  # fmt: skip
        bare = ["/ping/"]
        pdf = [f"/planer/{setup['plan']}/pdf/"]

        bare_times, bare_errors = drive(base, cookie, bare, min(SECONDS, 10), USERS)
        report("Bare Django view", bare_times, bare_errors, min(SECONDS, 10))
        alone_times, alone_errors = drive(base, cookie, html, SECONDS / 2, USERS)
        report(f"HTML pages and feed, {USERS} users", alone_times, alone_errors, SECONDS / 2)

        pdf_result = {}

        def pdf_users():
            pdf_result["times"], pdf_result["errors"] = drive(base, cookie, pdf, SECONDS / 2, 4)

        pdf_thread = threading.Thread(target=pdf_users)
        pdf_thread.start()
        mixed_times, mixed_errors = drive(base, cookie, html, SECONDS / 2, USERS - 4)
        pdf_thread.join()
        report(f"HTML pages while 4 users download the plan PDF, {USERS - 4} users", mixed_times, mixed_errors,
               SECONDS / 2)  # fmt: skip
        report("Plan PDF (rendered on each request)", pdf_result["times"], pdf_result["errors"], SECONDS / 2)

        def p95(times, paths):
            return percentile([t for path in paths for t in times[path]], 95)

        html_pages = html[:-1]
        bare_p95 = p95(bare_times, bare)
        alone_p95, mixed_p95 = p95(alone_times, html_pages), p95(mixed_times, html_pages)
        errors = sum(bare_errors.values()) + sum(alone_errors.values()) + sum(mixed_errors.values())
        errors += sum(pdf_result["errors"].values())
        print(f"\nHTML p95 {alone_p95:.1f} ms alone, {mixed_p95:.1f} ms while PDFs render "
              f"(ratio {mixed_p95 / alone_p95:.2f}); bare view p95 {bare_p95:.1f} ms "
              f"(HTML/bare {alone_p95 / bare_p95:.1f}×); errors {errors}")  # fmt: skip
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        psql(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')


if __name__ == "__main__":
    main()
