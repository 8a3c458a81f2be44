import django.core.validators
from django.db import migrations, models
from django.db.models.functions import ExtractYear

from core.roles import sync_role_groups


def fill_year(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    Meeting.objects.filter(year__isnull=True).update(year=ExtractYear("starts_on"))


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_calendar_year_adoption_subscription"),
    ]

    operations = [
        migrations.RunPython(fill_year, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="meeting",
            name="year",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Året vars kalendarium mötet hör till; normalt samma år som datumet.",
                validators=[
                    django.core.validators.MinValueValidator(2000),
                    django.core.validators.MaxValueValidator(2100),
                ],
                verbose_name="årsplanering",
            ),
        ),
        migrations.RunPython(sync_role_groups, migrations.RunPython.noop),
    ]
