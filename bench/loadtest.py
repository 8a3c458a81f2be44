"""Load test: gunicorn with production settings on PostgreSQL and 20× the demo data.

Locust (headless, a second process on loopback, bounded in time) drives LOAD_USERS (20)
simulated people, logged in round-robin as the four demo roles, for LOAD_SECONDS (60) in
each of two phases:

1. the main pages, the calendar feed and the bare Django view `/ping/`;
2. the same, while LOAD_PDF_USERS (4) of the 20 download the draft plan's PDF over and over
   (rendered on every request), to see what rendering does to the pages.

People arrive LOAD_SPAWN_RATE (4) a second and pause LOAD_THINK_MIN–LOAD_THINK_MAX
seconds (1–3) between clicks. gunicorn runs
with the repository's gunicorn.conf.py, as in production. Prints requests per second,
p50/p95/p99 and errors per page, and the ratios to the bare view and between the phases,
against the aims: no errors, HTML p95 under 200 ms, at most 1.5× slower while PDFs render.
"""

import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PY = sys.executable
SECONDS = int(float(os.environ.get("LOAD_SECONDS", "60")))
USERS = int(os.environ.get("LOAD_USERS", "20"))
PDF_USERS = int(os.environ.get("LOAD_PDF_USERS", "4"))
# People arrive over a few seconds, as they do, rather than all clicking in the same millisecond.
SPAWN_RATE = float(os.environ.get("LOAD_SPAWN_RATE", "4"))
PG = os.environ.get("LOAD_DATABASE_ADMIN_URL", "postgres://postgres@127.0.0.1:5432")
DB = f"sofint_load_{os.getpid()}"
HTML_PAGES = ["start", "styrelse", "kalender", "insatser", "maluppfyllelse", "budget", "plan (fastställd)",
              "plan (utkast)"]  # fmt: skip
AIM_P95_MS, AIM_RATIO = 200, 1.5

SETUP = """
import json
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from meetings import services
from plans.models import Plan
from tests.growth import grow_all
grow_all(factor=20)
sessions = []
for username in ("forbundschef", "ekonom", "styrelse", "revisor"):
    user = get_user_model().objects.get(username=username)
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    sessions.append(session.session_key)
feed = services.subscription_regenerate(user=get_user_model().objects.get(username="styrelse"))
print(json.dumps({"sessions": sessions, "feed": f"/kalender/prenumeration/{feed.key}/{feed.secret}.ics",
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
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


def wait_for(base):
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{base}/ping/", timeout=2)  # noqa: S310 - loopback
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not answer")


def preflight(base, setup):
    """Every page the users read answers 200 for every role before the clock starts."""
    paths = ["/", "/styrelse/", "/kalender/2018/", "/insatser/", "/maluppfyllelse/2018/", "/budget/2018/",
             f"/planer/{setup['adopted']}/", f"/planer/{setup['plan']}/"]  # fmt: skip
    for session in setup["sessions"]:
        for path in paths:
            request = urllib.request.Request(base + path, headers={"Cookie": f"sessionid={session}"})  # noqa: S310
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                if response.status != 200 or response.url != base + path:
                    raise SystemExit(f"{path} answered {response.status} at {response.url}")


def locust(base, env, *, users, classes, seconds, out):
    """Run locust headless against `base` and return its records: (name, ms, ok)."""
    args = [str(Path(PY).parent / "locust"), "-f", "bench/locustfile.py", "--headless", "--host", base,
            "--users", str(users), "--spawn-rate", str(SPAWN_RATE), "--run-time", f"{seconds}s", "--stop-timeout", "30",
            "--only-summary", "--loglevel", "WARNING", *classes]  # fmt: skip
    subprocess.run(args, cwd=BASE_DIR, env={**env, "SOFINT_LOAD_OUT": str(out)}, check=False,  # noqa: S603
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=seconds + 120)  # fmt: skip
    with open(out, encoding="utf-8") as file:
        return [json.loads(line) for line in file]


def report(title, records, seconds):
    times, errors = defaultdict(list), defaultdict(int)
    for name, ms, ok, _started in records:
        if ok:
            times[name].append(ms)
        else:
            errors[name] += 1
    print(f"\n{title}: {len(records) / seconds:.1f} requests/s, {sum(errors.values())} errors")
    print(f"{'page':24} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}")
    for name in sorted(set(times) | set(errors)):
        values = times[name]
        print(f"{name:24} {len(values):6d} {percentile(values, 50):8.1f} {percentile(values, 95):8.1f} "
              f"{percentile(values, 99):8.1f} {errors[name]:6d}")  # fmt: skip
    html = [ms for name in HTML_PAGES for ms in times[name]]
    print(f"{'HTML pages together':24} {len(html):6d} {percentile(html, 50):8.1f} {percentile(html, 95):8.1f} "
          f"{percentile(html, 99):8.1f}")  # fmt: skip
    return times, sum(errors.values())


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
        LOAD_PDF_USERS=str(PDF_USERS),
    )
    server = None
    try:
        print(f"Preparing {DB}: migrate, demo data, 20× data, collectstatic …", flush=True)
        run([PY, "manage.py", "migrate", "--noinput"], env)
        run([PY, "manage.py", "load_demo"], env)
        run([PY, "manage.py", "collectstatic", "--noinput"], env)
        setup = json.loads(run([PY, "manage.py", "shell", "-c", SETUP], env).stdout.strip().splitlines()[-1])
        env["SOFINT_LOAD_SETUP"] = json.dumps(setup)
        port = free_port()
        # gunicorn.conf.py in BASE_DIR sets the worker model; only the address changes here.
        server = subprocess.Popen(  # noqa: S603
            [str(Path(PY).parent / "gunicorn"), "sofint.wsgi", "--bind", f"127.0.0.1:{port}"],
            cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        wait_for(base)
        preflight(base, setup)
        think = f"{os.environ.get('LOAD_THINK_MIN', '1')}–{os.environ.get('LOAD_THINK_MAX', '3')} s"
        print(
            f"{USERS} users, {think} between clicks, {SECONDS} s per phase; gunicorn with gunicorn.conf.py", flush=True
        )
        with tempfile.TemporaryDirectory() as tmp:
            alone = locust(base, env, users=USERS, classes=["Reader"], seconds=SECONDS, out=Path(tmp, "alone.jsonl"))
            mixed = locust(base, env, users=USERS, classes=["Reader", "PdfReader"], seconds=SECONDS,
                           out=Path(tmp, "mixed.jsonl"))  # fmt: skip
        alone_times, alone_errors = report(f"Phase 1: {USERS} users read pages and the feed", alone, SECONDS)
        mixed_times, mixed_errors = report(
            f"Phase 2: {USERS - PDF_USERS} users read while {PDF_USERS} download the plan PDF", mixed, SECONDS
        )

        def p95(times, names):
            return percentile([ms for name in names for ms in times[name]], 95)

        bare_p95 = p95(alone_times, ["bare"])
        alone_p95, mixed_p95 = p95(alone_times, HTML_PAGES), p95(mixed_times, HTML_PAGES)
        errors = alone_errors + mixed_errors
        ratio = mixed_p95 / alone_p95
        pdfs = len(mixed_times["plan-PDF"])
        print(f"\nHTML p95 {alone_p95:.1f} ms alone (aim < {AIM_P95_MS}), {mixed_p95:.1f} ms while PDFs render "
              f"(ratio {ratio:.2f}, aim ≤ {AIM_RATIO}); bare view p95 {bare_p95:.1f} ms "
              f"(HTML/bare {alone_p95 / bare_p95:.1f}×); PDFs made {pdfs}; errors {errors}")  # fmt: skip
        met = errors == 0 and alone_p95 < AIM_P95_MS and ratio <= AIM_RATIO
        print("Aims met." if met else "Aims NOT met.")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        psql(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')


if __name__ == "__main__":
    main()
