"""Time the contribution import: preview and confirm of N rows, rows per second, peak memory,
and a bare bulk_create of the same rows for comparison.

    .venv/bin/python bench/import_bench.py [--rows 10000]

Runs on a throw-away test database (SQLite in memory, or the test copy of DATABASE_URL),
never on the real one. The rows are synthetic: members "Benchkommun N" and years 3001….
"""

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sofint.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

MEMBERS_PER_YEAR = 250


def synthetic_file(rows: int, members: list, years: list[int]) -> bytes:
    """Write `rows` contributions the way a Swedish Excel CSV has them: `;`, Windows-1252, "1 234 000 kr"."""
    lines = ["år;medlem;belopp"]
    for index in range(rows):
        year = years[index // len(members)]
        member = members[index % len(members)]
        amount = 100_000 + index
        lines.append(f"{year};{member.name};{amount:,} kr".replace(",", " "))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def timed(action):
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def peak_memory(action) -> int:
    """Run `action` again under tracemalloc (which slows it, so it is timed apart) and return its peak."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args.rows)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(rows: int) -> None:
    from simple_history.utils import bulk_create_with_history

    from budget.models import Budget, Contribution
    from budget.services import contributions_import, import_messages
    from governance.models import Member

    members = Member.objects.bulk_create(
        [Member(name=f"Benchkommun {n}", kind=Member.Kind.KOMMUN) for n in range(min(rows, MEMBERS_PER_YEAR))]
    )
    year_count = -(-rows // len(members))
    years = [3001 + n for n in range(year_count)]
    Budget.objects.bulk_create([Budget(year=year) for year in years])
    data = synthetic_file(rows, members, years)

    def preview():
        return contributions_import(data=data, file_name="bench.csv", dry_run=True)

    def confirm():
        return contributions_import(data=data, file_name="bench.csv")

    previewed, preview_s = timed(preview)
    assert not import_messages(previewed), import_messages(previewed)[:3]
    assert not Contribution.objects.exists()
    preview_peak = peak_memory(preview)
    confirmed, confirm_s = timed(confirm)
    assert confirmed.totals["new"] == rows and Contribution.objects.count() == rows
    again, again_s = timed(confirm)
    assert again.totals["skip"] == rows
    Contribution.objects.all().delete()
    confirm_peak = peak_memory(confirm)

    # The floor: the same rows written with one bare bulk_create, nothing read or checked.
    budgets = {budget.year: budget for budget in Budget.objects.all()}
    objs = [
        Contribution(budget=budgets[years[i // len(members)]], member=members[i % len(members)], amount=100_000 + i)
        for i in range(rows)
    ]
    Contribution.objects.all().delete()
    _none, bulk_s = timed(lambda: Contribution.objects.bulk_create(objs, batch_size=1000))
    # The same with the history rows the import also writes (who and when, for the auditors).
    for obj in objs:
        obj.pk = None
    Contribution.objects.all().delete()
    _none, history_s = timed(lambda: bulk_create_with_history(objs, Contribution, batch_size=1000))

    def line(label, seconds, extra=""):
        print(f"  {label:<24}{seconds:6.2f} s {rows / seconds:8.0f} rader/s  {extra}".rstrip())

    print(f"Import av medlemsbidrag, {rows} rader ({len(data) // 1024} KiB CSV), databas: {connection.vendor}")
    line("förhandsgranskning", preview_s, f"minnestopp {preview_peak / 2**20:.1f} MiB")
    line("bekräfta", confirm_s, f"minnestopp {confirm_peak / 2**20:.1f} MiB")
    line("samma fil igen", again_s, "(inga ändringar)")
    line("bulk_create", bulk_s)
    line("bulk_create + historik", history_s)
    print(
        f"  bekräfta / bulk_create: {confirm_s / bulk_s:.1f}×; / bulk_create med historik: {confirm_s / history_s:.1f}×"
    )


if __name__ == "__main__":
    main()
