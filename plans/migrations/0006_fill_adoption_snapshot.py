"""Store, for the plans adopted before it was stored with the adoption, the meeting as it was.

The adoption form only accepts the adoption meeting's own date, so an adopted plan's
`adopted_on` is the meeting's date at the adoption, even if the meeting has been moved
since; its title and kind are taken as they are now (there is no earlier record). A
version sent to a meeting gets the meeting as it is now, the adopted version the date of
the adoption.
"""

from django.db import migrations


def fill(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    PlanVersion = apps.get_model("plans", "PlanVersion")
    adopted = Plan.objects.filter(status="faststalld", adopted_at__isnull=False, adopted_at_date__isnull=True)
    for plan in adopted.select_related("adopted_at__kind"):
        Plan.objects.filter(pk=plan.pk).update(
            adopted_at_date=plan.adopted_on, adopted_at_title=plan.adopted_at.title,
            adopted_at_kind=plan.adopted_at.kind.name,
        )  # fmt: skip
    versions = PlanVersion.objects.filter(meeting__isnull=False, meeting_on__isnull=True)
    for version in versions.select_related("meeting", "plan").defer("pdf", "document"):
        adoption = version.is_adoption and version.plan.adopted_at_id == version.meeting_id
        PlanVersion.objects.filter(pk=version.pk).update(
            meeting_on=version.plan.adopted_on if adoption else version.meeting.starts_on,
            meeting_title=version.meeting.title,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0005_adoption_snapshot"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
