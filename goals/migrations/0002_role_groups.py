from django.db import migrations

from core.roles import sync_role_groups


class Migration(migrations.Migration):
    """Give the role groups their permissions on the förbund's goals: the förbundschef all, the others view."""

    dependencies = [
        ("goals", "0001_forbund_goals"),
        ("core", "0001_role_groups"),
    ]

    operations = [
        migrations.RunPython(sync_role_groups, migrations.RunPython.noop),
    ]
