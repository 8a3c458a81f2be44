"""Copy each project's owners (the old many-to-many) into ordered owner rows, and date the status history.

A status change recorded before this migration took effect the day it was entered: its
decided_on is the local date of changed_at.
"""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    ProjectOwner = apps.get_model("projects", "ProjectOwner")
    StatusChange = apps.get_model("projects", "StatusChange")
    rows = []
    for project in Project.objects.prefetch_related("owners").order_by("pk"):
        for position, member in enumerate(sorted(project.owners.all(), key=lambda m: m.pk), start=1):
            rows.append(ProjectOwner(project=project, member=member, unit="", position=position))
    ProjectOwner.objects.bulk_create(rows)
    for change in StatusChange.objects.filter(decided_on__isnull=True):
        change.decided_on = timezone.localdate(change.changed_at)
        change.save(update_fields=["decided_on"])


def backwards(apps, schema_editor):
    # A unit within a member goes back to the member; the order is lost with the many-to-many.
    ProjectOwner = apps.get_model("projects", "ProjectOwner")
    Through = apps.get_model("projects", "Project").owners.through
    pairs = set(ProjectOwner.objects.values_list("project_id", "member_id"))
    Through.objects.bulk_create([Through(project_id=project, member_id=member) for project, member in sorted(pairs)])


class Migration(migrations.Migration):
    dependencies = [("projects", "0006_owner_rows_periods_and_dated_history")]

    operations = [migrations.RunPython(forwards, backwards)]
