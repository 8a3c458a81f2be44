"""The single block fields of Section go: its blocks are SectionBlock rows now (0008)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0008_section_blocks_from_single_block"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='section',
            name='block',
        ),
        migrations.RemoveField(
            model_name='section',
            name='block_param',
        ),
        migrations.RemoveField(
            model_name='section',
            name='project',
        ),
    ]
