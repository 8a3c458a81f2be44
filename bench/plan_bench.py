"""Benchmark: the SOFINT 2018 plan to PDF through the app, against WeasyPrint alone.

Prints both times (median of several runs), their ratio, the page count, the SQL
queries of the app's export and its peak memory, at 1× and 20× the data.
"""

import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sofint.settings.test")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/plan-bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from plans.models import Plan  # noqa: E402
from plans.pdf import html_to_pdf, render_document_pdf, render_html  # noqa: E402
from plans.selectors import plan_document  # noqa: E402
from tests.growth import grow_all  # noqa: E402

RUNS = 5


def app_export(plan):
    """What the app does for a PDF download: build the document from the data, then lay it out."""
    return render_document_pdf(plan_document(plan))


def timed(function, *args, **kwargs):
    times, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = function(*args, **kwargs)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def peak_memory(function, *args, **kwargs):
    tracemalloc.start()
    function(*args, **kwargs)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024


def measure(label, plan):
    with CaptureQueriesContext(connection) as queries:
        app_export(plan)
    query_count = len(queries)
    document = plan_document(plan)
    html = render_html(document)
    app_time, (_pdf, pages) = timed(app_export, plan)
    alone_time, _ = timed(html_to_pdf, html, title=document.title, author=document.organisation_name)
    memory = peak_memory(app_export, plan)
    print(
        f"{label:4} app {app_time * 1000:7.0f} ms  weasyprint alone {alone_time * 1000:7.0f} ms  "
        f"ratio {app_time / alone_time:5.2f}  pages {pages:3d}  queries {query_count:3d}  peak {memory:6.1f} MiB"
    )
    return query_count


def main():
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    plan = Plan.objects.get(first_year=2018)
    print(f"Plan PDF export, median of {RUNS} runs ({connection.vendor})")
    queries_1x = measure("1x", plan)
    grow_all(factor=20)
    queries_20x = measure("20x", plan)
    print(f"queries 1x {queries_1x}, 20x {queries_20x}: {'same' if queries_1x == queries_20x else 'DIFFERENT'}")


if __name__ == "__main__":
    main()
