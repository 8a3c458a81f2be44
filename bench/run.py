"""Benchmarks: each page's median time and query count at 1× and 20× the demo data.

Run with `make bench`. Prints figures and ratios; asserts nothing (tests check
query counts, this shows the time they cost).
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
# The other benches start from their own fresh database (unless one is given), not from this one grown to 20×.
SUB_BENCH_ENV = dict(os.environ)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sofint.settings.test")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from tests.growth import grow_all  # noqa: E402
from tests.urls import collect_urls, sample_path  # noqa: E402

ROUNDS = 10
FACTOR = 20
GROWERS = [grow_all]


def pages():
    """The app's own pages that answer a GET (as the query-count tests choose them); PDFs have their own bench."""
    from tests.test_queries import APPS, POST_ONLY

    return [
        url
        for url in collect_urls()
        if url.namespace in APPS and url.name not in POST_ONLY and not url.name.endswith("pdf")
    ]


def measure(client, path):
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    query_count = len(queries)  # read now: the next request clears the log
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times) * 1000, query_count


def main():
    setup_test_environment()
    # As in Django's own tests: keep one connection across requests so queries can be counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    client = Client()
    client.force_login(get_user_model().objects.get(username="forbundschef"))
    paths = {url.name: sample_path(url) for url in pages()}

    at_1x = {name: measure(client, path) for name, path in paths.items()}
    for grow in GROWERS:
        grow(factor=FACTOR)
    at_20x = {name: measure(client, path) for name, path in paths.items()}

    print(f"Page times (median of {ROUNDS}) and queries, demo data 1x vs {FACTOR}x, {connection.vendor}")
    print(f"{'page':32} {'1x ms':>8} {'20x ms':>8} {'ratio':>6} {'q 1x':>5} {'q 20x':>5}")
    for name in paths:
        (ms1, q1), (ms20, q20) = at_1x[name], at_20x[name]
        print(f"{name:32} {ms1:8.1f} {ms20:8.1f} {ms20 / ms1:6.2f} {q1:5d} {q20:5d}")
    for extra in sorted(BASE_DIR.glob("bench/*_bench.py")):
        print(f"\n== {extra.name}")
        sys.stdout.flush()
        subprocess.run([sys.executable, str(extra)], env=SUB_BENCH_ENV, check=False)  # noqa: S603 - our own scripts


if __name__ == "__main__":
    main()
