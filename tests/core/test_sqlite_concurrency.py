"""SQLite, the embedded default, serves two people saving at once: one save and one 409, never "database is locked".

The saves run against a SQLite file in a process of its own (tests/core/sqlite_race.py),
since the suite's own database lives in memory; whatever database the suite runs on.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

from sofint.settings.base import SQLITE_OPTIONS

SAVED, CONFLICT = [302, False], [409, True]


@pytest.fixture(scope="module")
def race(tmp_path_factory):
    database = tmp_path_factory.mktemp("sqlite-race") / "sofint.sqlite3"
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {"DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "sofint.settings.test"}
    result = subprocess.run(  # noqa: S603 - our own module
        [sys.executable, "-m", "tests.core.sqlite_race"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_sqlite_runs_in_wal_mode_with_immediate_transactions_and_a_busy_timeout(race):
    assert race["journal_mode"] == "wal"
    assert SQLITE_OPTIONS["transaction_mode"] == "IMMEDIATE" and SQLITE_OPTIONS["timeout"] == 20


@pytest.mark.parametrize("kind", ["same_section", "same_contribution"])
def test_two_saves_of_one_row_at_once_give_one_save_and_one_conflict(race, kind):
    assert sorted(race[kind]) == [SAVED, CONFLICT], race[kind]


def test_the_saved_one_of_two_is_stored_whole(race):
    sections, contributions = race["stored"]["sections"], race["stored"]["contributions"]
    assert [title for title, _ in sections if title.startswith("Rubrik")] in (["Rubrik 0"], ["Rubrik 1"])
    assert [amount for amount, _ in contributions if amount < 5_000] in ([1_000], [1_001])
    assert {revision for _, revision in sections + contributions} == {2}  # each row saved exactly once


@pytest.mark.parametrize("kind", ["sections", "contributions"])
def test_saves_of_different_rows_at_once_all_succeed(race, kind):
    assert race[kind] == [SAVED] * 5, race[kind]
    new = {"sections": lambda title: title.startswith("Ny rubrik"), "contributions": lambda amount: amount > 5_000}[
        kind
    ]
    assert len([value for value, _ in race["stored"][kind] if new(value)]) == 5
