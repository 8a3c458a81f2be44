"""Benchmark: the demo draft's PDF through the view, first and again, against WeasyPrint alone.

WeasyPrint alone lays out the draft's HTML (plans.pdf.render_html), nothing else. The first
download goes through the view with nothing kept (the store emptied before each run): the
data read, the HTML made, the layout, the PDF kept. The repeat download is the same draft,
unchanged: its HTML made and fingerprinted, the kept bytes sent. The conditional one is a
browser that has it already (If-None-Match): 304. Prints the median times and the ratios
to WeasyPrint alone; issue 16 asks for the first ≤ 1.1× and the repeat ≤ 0.05×.
"""

import functools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sofint.settings.test")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/pdf-cache-bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from plans.models import Plan, RenderedPdf  # noqa: E402
from plans.pdf import html_to_pdf, render_html  # noqa: E402
from plans.selectors import plan_document  # noqa: E402

RUNS = 7
REPEATS = 5
FIRST_LIMIT = 1.1
REPEAT_LIMIT = 0.05


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main():
    # No setup_test_environment(): the view runs as in production, its templates not instrumented.
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    draft = Plan.objects.get(first_year=2019)
    client = Client()
    client.force_login(get_user_model().objects.get(username="forbundschef"))
    path = f"/planer/{draft.pk}/pdf/"

    document = plan_document(draft)
    html = render_html(document)

    def weasyprint_alone():
        html_to_pdf(html, title=document.dated_title, author=document.organisation_name)

    def download(**headers):
        response = client.get(path, headers=headers)
        assert response.status_code in (200, 304), response.status_code
        return response

    weasyprint_alone()  # fonts and caches warm
    # Round by round, so that the machine's other load weighs on each measure alike.
    times = {"alone": [], "first": [], "repeat": [], "conditional": []}
    for _ in range(RUNS):
        times["alone"].append(timed(weasyprint_alone))
        RenderedPdf.objects.all().delete()
        times["first"].append(timed(download))
        etag = download()["ETag"]
        for _ in range(REPEATS):
            times["repeat"].append(timed(download))
            times["conditional"].append(timed(functools.partial(download, if_none_match=etag)))
    assert download(if_none_match=etag).status_code == 304
    alone, first, repeat, conditional = (statistics.median(times[name]) for name in times)

    def line(label, seconds, limit=None):
        verdict = ""
        if limit is not None:
            verdict = f"  (≤ {limit:.2f}× asked: {'yes' if seconds / alone <= limit else 'NO'})"
        print(f"{label:44} {seconds * 1000:7.1f} ms  {seconds / alone:6.3f}×{verdict}")

    print(f"Draft PDF ({draft}), medians of {RUNS} layouts and {REPEATS} repeats ({connection.vendor})")
    line("WeasyPrint alone on the draft's HTML", alone)
    line("first download through the view (not kept)", first, FIRST_LIMIT)
    line("repeat download of the unchanged draft", repeat, REPEAT_LIMIT)
    line("conditional repeat (If-None-Match: 304)", conditional)


if __name__ == "__main__":
    main()
