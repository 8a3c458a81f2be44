"""Time the contribution import: the worst file it accepts and the refusal of one far too long.

    .venv/bin/python bench/import_bench.py [--rows N]   (N: BUDGET_IMPORT_MAX_ROWS, 5 000, by default)

Prints, for a file of N rows (the most the import reads): preview and confirm times, rows
per second and peak memory, in CSV and in XLSX, and for the same number of wrong rows;
a bare bulk_create of the rows for comparison; then the time and memory to refuse a
175 000-row XLSX just under the size limit (issue 12: it took 42 s and 650 MB), through
the service and through the admin's upload. `make bench` runs it (bench/run.py runs every
bench/*_bench.py). Runs on a throw-away test database (SQLite in memory, or the test copy
of DATABASE_URL), never on the real one. The rows are synthetic: members "Benchkommun N"
and years 3001….
"""

import argparse
import io
import os
import random
import resource
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sofint.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

MEMBERS_PER_YEAR = 250
# The file: 175 000 rows in 1.97 MB of XLSX, under the 2 MiB limit.
LONG_FILE_ROWS = 175_000


def synthetic_file(rows: int, members: list, years: list[int]) -> bytes:
    """Write `rows` contributions the way a Swedish Excel CSV has them: `;`, Windows-1252, "1 234 000 kr"."""
    lines = ["år;medlem;belopp"]
    for index in range(rows):
        year = years[index // len(members)]
        member = members[index % len(members)]
        amount = 100_000 + index
        lines.append(f"{year};{member.name};{amount:,} kr".replace(",", " "))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def xlsx_file(rows: list[tuple]) -> bytes:
    """Write `rows` under the header år, medlem, belopp as a minimal XLSX, as a script (not Excel) would.

    Written by hand rather than with openpyxl, which takes ten seconds for the long file;
    the cells carry no addresses, which openpyxl's reader numbers by their order.
    """
    strings = ["år", "medlem", "belopp", *sorted({name for _year, name, _amount in rows})]
    index = {text: n for n, text in enumerate(strings)}
    body = ['<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c></row>']
    body += [
        f'<row><c><v>{year}</v></c><c t="s"><v>{index[name]}</v></c><c><v>{amount}</v></c></row>'
        for year, name, amount in rows
    ]
    ns = "http://schemas.openxmlformats.org"
    sheet_type = f"{ns}/officeDocument/2006/relationships/worksheet"
    strings_type = f"{ns}/officeDocument/2006/relationships/sharedStrings"
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{ns}/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{main}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{main}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{main}.sharedStrings+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" '
        f'Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{ns}/spreadsheetml/2006/main" '
        f'xmlns:r="{ns}/officeDocument/2006/relationships"><sheets>'
        '<sheet name="Bidrag" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{ns}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{sheet_type}" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{strings_type}" Target="sharedStrings.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst xmlns="{ns}/spreadsheetml/2006/main">'
        + "".join(f"<si><t>{text}</t></si>" for text in strings)
        + "</sst>",
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{ns}/spreadsheetml/2006/main"><sheetData>'
        + "".join(body)
        + "</sheetData></worksheet>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>' + text)
    return out.getvalue()


def long_xlsx_file(members: list) -> bytes:
    """The issue's attack: 175 000 rows with amounts hard to compress, just under 2 MiB."""
    draw = random.Random(12)  # noqa: S311 - test data, not a secret
    rows = [
        (3001, members[draw.randrange(len(members))].name, draw.randrange(10**9, 10**13))
        for _row in range(LONG_FILE_ROWS)
    ]
    return xlsx_file(rows)


def max_rss_mib() -> float:
    """The process's largest resident size so far (a high-water mark: it never goes down)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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
    parser.add_argument("--rows", type=int, default=None, help="rows per file (default: BUDGET_IMPORT_MAX_ROWS)")
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.conf import settings

        run(args.rows or settings.BUDGET_IMPORT_MAX_ROWS)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(rows: int) -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
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
    print(
        f"Import av medlemsbidrag, databas: {connection.vendor}; gränser: {settings.BUDGET_IMPORT_MAX_ROWS} rader, "
        f"{settings.BUDGET_IMPORT_MAX_BYTES / 2**20:.0f} MiB"
    )

    # First the refusal, while the process is small, so that its growth in resident size shows.
    long_file = long_xlsx_file(members)
    assert len(long_file) < settings.BUDGET_IMPORT_MAX_BYTES, len(long_file)

    def refuse():
        try:
            contributions_import(data=long_file, file_name="lang.xlsx", dry_run=True)
        except ValidationError as error:
            return error.messages
        raise AssertionError("the long file was not refused")

    rss_before = max_rss_mib()
    refused, refuse_s = timed(refuse)
    rss_after = max_rss_mib()
    refuse_peak = peak_memory(refuse)
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("bench", "bench@example.invalid", "bench"))
    upload = {"import_file": SimpleUploadedFile("lang.xlsx", long_file), "format": 1, "resource": 0}
    admin.get("/admin/budget/contribution/import/")  # the admin's first page loads its templates

    def post():
        upload["import_file"].seek(0)
        return admin.post("/admin/budget/contribution/import/", upload)

    response, admin_s = timed(post)
    assert refused[0] in response.content.decode(), response.status_code
    print(f"Vägran av en fil med {LONG_FILE_ROWS} rader ({len(long_file) / 1e6:.2f} MB XLSX): {refused[0]}")
    print(f"  tjänsten                {refuse_s:6.2f} s  minnestopp {refuse_peak / 2**20:.1f} MiB (tracemalloc)")
    print(f"                                    processens storlek {rss_before:.0f} → {rss_after:.0f} MiB (max RSS)")
    print(
        f"  adminens uppladdning    {admin_s:6.2f} s  svar {len(response.content) / 1024:.0f} KiB  "
        f"(krav: under 2 s: {'ja' if max(refuse_s, admin_s) < 2 else 'NEJ'})"
    )

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

    # The same rows in XLSX, which the import streams.
    xlsx_data = xlsx_file(
        [(years[i // len(members)], members[i % len(members)].name, 100_000 + i) for i in range(rows)]
    )
    Contribution.objects.all().delete()
    xlsx_preview = lambda: contributions_import(data=xlsx_data, file_name="bench.xlsx", dry_run=True)  # noqa: E731
    _result, xlsx_preview_s = timed(xlsx_preview)
    xlsx_peak = peak_memory(xlsx_preview)
    xlsx_confirmed, xlsx_confirm_s = timed(lambda: contributions_import(data=xlsx_data, file_name="bench.xlsx"))
    assert xlsx_confirmed.totals["new"] == rows

    # The worst wrong file: every row wrong. Twenty are told, the rest counted.
    wrong = synthetic_file(rows, [Member(name=f"Okänd {n}") for n in range(len(members))], years)
    wrong_preview = lambda: contributions_import(data=wrong, file_name="fel.csv", dry_run=True)  # noqa: E731
    wrong_result, wrong_s = timed(wrong_preview)
    wrong_peak = peak_memory(wrong_preview)
    wrong_messages = import_messages(wrong_result)

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

    print(f"Största tillåtna fil: {rows} rader ({len(data) // 1024} KiB CSV, {len(xlsx_data) // 1024} KiB XLSX)")
    line("förhandsgranskning", preview_s, f"minnestopp {preview_peak / 2**20:.1f} MiB")
    line("bekräfta", confirm_s, f"minnestopp {confirm_peak / 2**20:.1f} MiB")
    line("samma fil igen", again_s, "(inga ändringar)")
    line("XLSX förhandsgranskning", xlsx_preview_s, f"minnestopp {xlsx_peak / 2**20:.1f} MiB")
    line("XLSX bekräfta", xlsx_confirm_s)
    line(
        "alla rader fel",
        wrong_s,
        f"minnestopp {wrong_peak / 2**20:.1f} MiB, {len(wrong_messages)} meddelanden ({wrong_messages[-1]})",
    )
    line("bulk_create", bulk_s)
    line("bulk_create + historik", history_s)
    print(
        f"  bekräfta / bulk_create: {confirm_s / bulk_s:.1f}×; / bulk_create med historik: {confirm_s / history_s:.1f}×"
    )
    print(f"  processens största storlek under körningen: {max_rss_mib():.0f} MiB (max RSS)")


if __name__ == "__main__":
    main()
