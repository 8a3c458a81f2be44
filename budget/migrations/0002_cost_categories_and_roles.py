from django.db import migrations

from core.roles import sync_role_groups

# The SOFINT 2018 cost categories in the budget's order, with the national split each counts towards.
COST_CATEGORIES = [
    ("insatser", "Insatser", "insatser"),
    ("styrelse-och-revision", "Styrelse och revision", "styrelse"),
    ("lokal", "Lokal", "administration"),
    ("kommunikation", "Kommunikation", "administration"),
    ("verksamhetsutveckling", "Verksamhetsutveckling", "administration"),
    ("kop-av-tjanster", "Köp av tjänster", "administration"),
    ("inventarier", "Inventarier och förbrukningsmaterial", "administration"),
    ("avgifter", "Avgifter", "administration"),
    ("ovriga-kostnader", "Övriga kostnader", "administration"),
    ("finansierade-aktiviteter", "Finansierade aktiviteter", "insatser"),
]


def create_categories(apps, schema_editor):
    CostCategory = apps.get_model("budget", "CostCategory")
    for position, (code, name, split) in enumerate(COST_CATEGORIES, 1):
        CostCategory.objects.get_or_create(
            code=code, defaults={"name": name, "position": position, "national_split": split}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("budget", "0001_initial"),
        ("core", "0001_role_groups"),
    ]

    operations = [
        migrations.RunPython(create_categories, migrations.RunPython.noop),
        migrations.RunPython(sync_role_groups, migrations.RunPython.noop),
    ]
