from django.db import migrations

from core.roles import sync_role_groups

BUILTIN_KINDS = [
    ("styrelsemote", "Styrelsemöte", 1),
    ("samverkan", "Samverkan och evenemang", 2),
    ("beredningsgrupp", "Beredningsgrupp", 3),
]


def create_kinds(apps, schema_editor):
    MeetingKind = apps.get_model("meetings", "MeetingKind")
    for code, name, order in BUILTIN_KINDS:
        MeetingKind.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("core", "0001_role_groups"),
    ]

    operations = [
        migrations.RunPython(create_kinds, migrations.RunPython.noop),
        migrations.RunPython(sync_role_groups, migrations.RunPython.noop),
    ]
