"""The owners of existing projects survive the move from the many-to-many to ordered owner rows."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("projects", "0005_input_limits")]
AFTER = [("projects", "0008_drop_owners_many_to_many")]


def _state(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def test_owners_and_status_history_are_carried_over():
    try:
        old = _state(BEFORE)
        Member = old.get_model("governance", "Member")
        Project = old.get_model("projects", "Project")
        StatusChange = old.get_model("projects", "StatusChange")
        User = old.get_model("auth", "User")
        first = Member.objects.create(name="Migrerad region", kind=3)
        second = Member.objects.create(name="Migrerad kommun", kind=4)
        project = Project.objects.create(name="Gammal insats", kind="individ")
        project.owners.set([first, second])
        user = User.objects.create(username="migrerad")
        StatusChange.objects.create(
            project=project,
            from_status="ide",
            to_status="ansokan",
            changed_by=user,
            changed_at=datetime.datetime(2018, 3, 1, 23, 30, tzinfo=datetime.UTC),
        )

        new = _state(AFTER)
        ProjectOwner = new.get_model("projects", "ProjectOwner")
        rows = list(ProjectOwner.objects.filter(project_id=project.pk).order_by("position"))
        assert [(row.member_id, row.unit, row.position) for row in rows] == [(first.pk, "", 1), (second.pk, "", 2)]
        change = new.get_model("projects", "StatusChange").objects.get(project_id=project.pk)
        assert change.decided_on == datetime.date(2018, 3, 2)  # the local (Stockholm) day it was entered
    finally:
        _state(MigrationExecutor(connection).loader.graph.leaf_nodes())
