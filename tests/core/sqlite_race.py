"""Saves at the same moment against a SQLite file, as `make run` serves them; run in a process of its own.

    DATABASE_URL=sqlite:///path python -m tests.core.sqlite_race

The test suite's own SQLite database lives in memory, where locking is not SQLite's
file locking; this process migrates a file database, makes one draft plan and budget,
and sends real requests (the whole middleware and ATOMIC_REQUESTS, one thread and one
database connection per person) that a barrier releases together. It prints what each
request answered, as JSON, for tests/core/test_sqlite_concurrency.py to judge.
"""

import json
import os
import sys
import threading
import traceback

ROWS = 6  # rows of each kind: the first for two people at once, the others for one person each


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sofint.settings.test")
    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings

    # The tables straight from the models, as pytest-django's --no-migrations makes them: a
    # second instead of the migrations' five. Nothing here needs the data migrations' rows.
    with override_settings(MIGRATION_MODULES=NoMigrations()):
        call_command("migrate", run_syncdb=True, verbosity=0)
    section_ids, contribution_ids, user = setup_data()
    connection.close()
    outcome = {
        "journal_mode": journal_mode(),
        "same_section": race(user, [section_post(section_ids[0], title=f"Rubrik {n}") for n in range(2)]),
        "same_contribution": race(user, [contribution_post(contribution_ids[0], amount=1_000 + n) for n in range(2)]),
        "sections": race(user, [section_post(pk, title=f"Ny rubrik {pk}") for pk in section_ids[1:]]),
        "contributions": race(user, [contribution_post(pk, amount=5_000 + pk) for pk in contribution_ids[1:]]),
        "stored": stored(section_ids, contribution_ids),
    }
    json.dump(outcome, sys.stdout)


class NoMigrations(dict):
    """MIGRATION_MODULES that names no migrations for any app."""

    def __contains__(self, app_label):
        return True

    def __getitem__(self, app_label):
        return None


def setup_data():
    from django.contrib.auth import get_user_model

    from budget.models import Budget, Contribution
    from governance.models import Member
    from plans.models import Plan, Section

    user = get_user_model().objects.create_superuser("forbundschef", password="-")  # noqa: S106
    plan = Plan.objects.create(first_year=2031, last_year=2031)
    sections = [Section.objects.create(plan=plan, title=f"Avsnitt {n}", position=n) for n in range(ROWS)]
    budget = Budget.objects.create(year=2031)
    members = [Member.objects.create(name=f"Kommun {n}", kind=Member.Kind.KOMMUN) for n in range(ROWS)]
    contributions = [Contribution.objects.create(budget=budget, member=m, amount=1) for m in members]
    return [s.pk for s in sections], [c.pk for c in contributions], user


def section_post(pk: int, *, title: str):
    from plans.models import Section

    section = Section.objects.get(pk=pk)
    data = {"title": title, "body": "Text", "block": "", "project": "", "block_param": "", "revision": 1}
    return f"/planer/{section.plan_id}/avsnitt/{pk}/", data


def contribution_post(pk: int, *, amount: int):
    from budget.models import Contribution

    row = Contribution.objects.get(pk=pk)
    data = {"budget": row.budget_id, "member": row.member_id, "amount": amount, "revision": 1, "_save": "Spara"}
    return f"/admin/budget/contribution/{pk}/change/", data


def race(user, posts):
    """Send every post at once, one person each; return each answer's status and whether it says
    the row changed meanwhile (or the error raised)."""
    from django.db import connection
    from django.test import Client

    barrier = threading.Barrier(len(posts))
    answers = [None] * len(posts)

    def person(index, path, data):
        client = Client(raise_request_exception=True)
        client.force_login(user)
        connection.close()
        try:
            barrier.wait(10)
            response = client.post(path, data)
            answers[index] = [response.status_code, "ändrades av någon annan" in response.content.decode()]
        except Exception as error:  # noqa: BLE001 - the outcome is reported, not raised
            answers[index] = f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=3)}"
        finally:
            connection.close()

    threads = [threading.Thread(target=person, args=(n, *post)) for n, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return answers


def journal_mode() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        return cursor.fetchone()[0]


def stored(section_ids, contribution_ids):
    from budget.models import Contribution
    from plans.models import Section

    return {
        "sections": sorted(Section.objects.filter(pk__in=section_ids).values_list("title", "revision")),
        "contributions": sorted(Contribution.objects.filter(pk__in=contribution_ids).values_list("amount", "revision")),
    }


if __name__ == "__main__":
    main()
