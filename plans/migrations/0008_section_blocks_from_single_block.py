"""Each section's single data block becomes its block number 1 (a SectionBlock row).

The PROJECT block's insats goes with it; a name typed before the block named its insats
by key, that matched none (0003), is kept as what the block showed (`reference_label`),
so the block says which insats it sought and the readiness list asks for one.
"""

from django.db import migrations

PROJECT_BLOCK = "project"


def blocks_from_sections(apps, schema_editor):
    Section = apps.get_model("plans", "Section")
    SectionBlock = apps.get_model("plans", "SectionBlock")
    rows = []
    for section in Section.objects.exclude(block="").select_related("project").order_by("pk"):
        is_project = section.block == PROJECT_BLOCK
        rows.append(
            SectionBlock(
                section_id=section.pk,
                position=0,
                kind=section.block,
                project_id=section.project_id if is_project else None,
                param="" if is_project else section.block_param,
                reference_label=(section.project.name if section.project_id else section.block_param)
                if is_project
                else "",
            )
        )
    SectionBlock.objects.bulk_create(rows)


def sections_from_blocks(apps, schema_editor):
    Section = apps.get_model("plans", "Section")
    SectionBlock = apps.get_model("plans", "SectionBlock")
    for block in SectionBlock.objects.filter(position=0).order_by("pk"):
        is_project = block.kind == PROJECT_BLOCK
        Section.objects.filter(pk=block.section_id).update(
            block=block.kind,
            project_id=block.project_id if is_project else None,
            block_param=(block.reference_label if block.project_id is None else "") if is_project else block.param,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0007_plan_titles_and_section_blocks"),
    ]

    operations = [
        migrations.RunPython(blocks_from_sections, sections_from_blocks),
    ]
