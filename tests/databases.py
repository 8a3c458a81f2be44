"""Throw-away databases of the test run's kind, for tests that run Django in another process."""

import os
import uuid
from collections.abc import Callable
from pathlib import Path

from django.db import connection


def empty_database() -> tuple[str, Callable[[], None]]:
    """Return a DATABASE_URL for a new, empty database of the same kind as the test run's, and its drop."""
    if connection.vendor == "postgresql":
        import psycopg2

        params = connection.settings_dict
        name = f"sofint_scratch_{uuid.uuid4().hex[:8]}"
        admin = psycopg2.connect(
            dbname="postgres", user=params["USER"], host=params["HOST"], port=params["PORT"] or 5432,
            password=params["PASSWORD"] or None,
        )  # fmt: skip
        admin.autocommit = True
        admin.cursor().execute(f'CREATE DATABASE "{name}"')

        def drop():
            admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()

        password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
        return f"postgres://{params['USER']}{password}@{params['HOST']}:{params['PORT'] or 5432}/{name}", drop
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"sofint-scratch-{uuid.uuid4().hex[:8]}.sqlite3"  # noqa: S108

    def drop():
        for leftover in (path, *(path.with_name(path.name + suffix) for suffix in ("-journal", "-wal", "-shm"))):
            leftover.unlink(missing_ok=True)

    return f"sqlite:///{path}", drop
