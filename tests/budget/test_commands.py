"""`manage.py import_contributions`: a run killed half-way leaves the database as it was.

The real command runs in a process of its own against a database of its own (a file
for SQLite, so that both processes can open it). The only thing added to it is a pause
after its first batch of 1 000 new rows: there it says how many rows it sees inside its
transaction and waits, with the rest of the file (1 750 new rows and 250 updates) still
to do. The test checks from outside that the transaction is open and has written, kills
the process with SIGKILL, and compares the database with what it held before.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection

from tests.databases import empty_database
from tests.helpers import manage

BASE_DIR = Path(settings.BASE_DIR)
MEMBERS = 250
YEARS = 12  # 3 000 rows: the first year's 250 are updates, the rest new
APPLICATION = "sofint-import-killed"
TABLES = ("budget_contribution", "budget_historicalcontribution", "core_auditevent")

# Run in the scratch database before the killed import: members, budgets and one earlier import.
SEED = f"""
from django.core.management import call_command
call_command("migrate", verbosity=0)
from budget.models import Budget
from budget.services import contributions_import, import_messages
from governance.models import Member
Member.objects.bulk_create([Member(name=f"Kommun {{n}}", kind=Member.Kind.KOMMUN) for n in range({MEMBERS})])
Budget.objects.bulk_create([Budget(year=3001 + n) for n in range({YEARS})])
rows = "".join(f"3001;Kommun {{n}};{{1000 + n}}\\n" for n in range({MEMBERS}))
result = contributions_import(data=("år;medlem;belopp\\n" + rows).encode(), file_name="förra.csv")
assert not import_messages(result), import_messages(result)
"""


# The command as `manage.py` runs it, paused after its first batch; the test kills it there.
PAUSED_IMPORT = """
import sys
import django
django.setup()
from budget import services
from budget.models import Contribution
create_batch = services.contributions_create_batch
def create_batch_then_wait(**kwargs):
    create_batch(**kwargs)
    print(Contribution.objects.count(), Contribution.history.count(), flush=True)
    sys.stdin.readline()
services.contributions_create_batch = create_batch_then_wait
from django.core.management import execute_from_command_line
execute_from_command_line(["manage.py", "import_contributions", sys.argv[1]])
"""


def contribution_file(path: Path) -> Path:
    """Write every member's contribution for every year, as Swedish Excel saves it."""
    lines = ["år;medlem;belopp"]
    for year in range(3001, 3001 + YEARS):
        lines.extend(f"{year};Kommun {n};{2_000_000 + n:,} kr".replace(",", " ") for n in range(MEMBERS))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


class SQLiteDatabase:
    """The scratch database as the test sees it, from outside the import's process."""

    def __init__(self, url):
        self.path = urlsplit(url).path

    def connect(self):
        return closing(sqlite3.connect(self.path, isolation_level=None, timeout=0))

    def assert_import_is_writing(self):
        # The import holds the write lock. In WAL mode its changed pages stay in its own cache (or
        # in the write-ahead log, never read until committed) rather than in the database file.
        with self.connect() as db, pytest.raises(sqlite3.OperationalError, match="locked"):
            db.execute("BEGIN IMMEDIATE")
        assert Path(self.path + "-wal").exists()

    def wait_for_import_to_end(self):
        """Nothing to wait for: the killed process held the only lock; its pages in the WAL are never read."""

    def rows(self, table):
        with self.connect() as db:
            return db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()  # noqa: S608 - our table names


class PostgresDatabase:
    """The scratch database as the test sees it, from outside the import's process."""

    def __init__(self, url):
        self.url = url

    def query(self, sql, *params):
        import psycopg2

        with closing(psycopg2.connect(self.url)) as db:
            db.autocommit = True
            with db.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

    def assert_import_is_writing(self):
        # Its transaction has an id (it has written) and holds the locks of inserts into both tables.
        held = self.query(
            """SELECT l.relation::regclass::text FROM pg_locks l JOIN pg_stat_activity a USING (pid)
               WHERE a.application_name = %s AND a.state = 'idle in transaction' AND a.backend_xid IS NOT NULL
               AND l.mode = 'RowExclusiveLock' AND l.granted""",
            APPLICATION,
        )
        assert {"budget_contribution", "budget_historicalcontribution"} <= {name for (name,) in held}

    def wait_for_import_to_end(self):
        """Wait until the server has seen its client go and rolled the transaction back."""
        deadline = time.monotonic() + 30
        while self.query("SELECT 1 FROM pg_stat_activity WHERE application_name = %s", APPLICATION):
            assert time.monotonic() < deadline, "the killed import's session never ended"
            time.sleep(0.02)

    def rows(self, table):
        return self.query(f"SELECT * FROM {table} ORDER BY 1")  # noqa: S608 - our table names


@pytest.fixture
def scratch(tmp_path):
    """A migrated database of the run's kind, with members, budgets and one earlier import; and its env."""
    url, drop = empty_database()
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "sofint.settings.test", "PGAPPNAME": APPLICATION}
    try:
        seed = manage(env, "shell", "-c", SEED)
        assert seed.returncode == 0, seed.stderr
        database = PostgresDatabase(url) if connection.vendor == "postgresql" else SQLiteDatabase(url)
        yield database, env
    finally:
        drop()


def snapshot(database):
    return {table: database.rows(table) for table in TABLES}


def test_an_import_killed_half_way_leaves_the_database_as_it_was(scratch, tmp_path):
    database, env = scratch
    data = contribution_file(tmp_path / "bidrag.csv")
    before = snapshot(database)
    assert len(before["budget_contribution"]) == MEMBERS and len(before["core_auditevent"]) == 1

    importer = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", PAUSED_IMPORT, str(data)],
        cwd=BASE_DIR,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        seen_inside = importer.stdout.readline().split()
        assert seen_inside, importer.communicate(timeout=30)
        # Inside its transaction the first 1 000 new rows and their history are written ...
        assert [int(n) for n in seen_inside] == [MEMBERS + 1000, len(before["budget_historicalcontribution"]) + 1000]
        database.assert_import_is_writing()
        # ... and outside nothing of it shows.
        assert snapshot(database) == before
        importer.send_signal(signal.SIGKILL)
        importer.communicate(timeout=30)
    finally:
        if importer.poll() is None:
            importer.kill()
            importer.communicate(timeout=30)
    assert importer.returncode == -signal.SIGKILL
    database.wait_for_import_to_end()

    assert snapshot(database) == before

    # The same file imported afresh goes through whole.
    again = manage(env, "import_contributions", str(data))
    assert again.returncode == 0, again.stderr
    assert f"Klart: {MEMBERS * (YEARS - 1)} nya, {MEMBERS} ändrade, 0 oförändrade" in again.stdout
    after = snapshot(database)
    assert len(after["budget_contribution"]) == MEMBERS * YEARS
    assert len(after["budget_historicalcontribution"]) == len(before["budget_historicalcontribution"]) + MEMBERS * YEARS
    assert len(after["core_auditevent"]) == len(before["core_auditevent"]) + 1
