"""The PROJECT block names its insats by a foreign key instead of by typed text.

Existing sections are mapped by name, case and surrounding spaces ignored; a name that
matches no insats is left in `block_param`, so the block still says which insats it
looked for and the readiness list asks for a choice.
"""

import django.db.models.deletion
from django.db import migrations, models

PROJECT_BLOCK = "project"


def project_from_name(apps, schema_editor):
    Section = apps.get_model("plans", "Section")
    Project = apps.get_model("projects", "Project")
    projects = {}
    for pk, name in Project.objects.order_by("pk").values_list("pk", "name"):
        projects.setdefault(name.strip().casefold(), pk)  # the first of two namesakes, as the old lookup did
    for section in Section.objects.filter(block=PROJECT_BLOCK, project__isnull=True).exclude(block_param=""):
        project_id = projects.get(section.block_param.strip().casefold())
        if project_id is not None:
            Section.objects.filter(pk=section.pk).update(project_id=project_id, block_param="")


def name_from_project(apps, schema_editor):
    Section = apps.get_model("plans", "Section")
    for section in Section.objects.filter(block=PROJECT_BLOCK, project__isnull=False).select_related("project"):
        Section.objects.filter(pk=section.pk).update(block_param=section.project.name, project=None)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_roles"),
        ("projects", "0002_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="section",
            name="project",
            field=models.ForeignKey(
                blank=True,
                help_text="För blocket 'En insats'.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="plan_sections",
                to="projects.project",
                verbose_name="insats",
            ),
        ),
        migrations.RunPython(project_from_name, name_from_project),
        migrations.AlterField(
            model_name="section",
            name="block_param",
            field=models.CharField(
                blank=True,
                help_text="För budgetblocken: utan-diagram visar tabellerna utan diagram.",
                max_length=200,
                verbose_name="datablockets urval",
            ),
        ),
    ]
