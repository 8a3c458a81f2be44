import gzip
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management import BaseCommand
from django.utils import timezone

# Rebuilt by `migrate` on the receiving side, or not worth keeping (draft PDFs are laid out again on demand).
EXCLUDED_APPS = {"contenttypes", "sessions", "axes"}
EXCLUDED_MODELS = {"auth.permission", "plans.renderedpdf"}


def backup_models():
    """Return every model whose rows make up sofint's data, in an order that loads cleanly."""
    app_list = {
        config: [
            model
            for model in config.get_models()
            if not model._meta.proxy and model._meta.label_lower not in EXCLUDED_MODELS
        ]
        for config in apps.get_app_configs()
        if config.label not in EXCLUDED_APPS
    }
    return serializers.sort_dependencies(app_list.items(), allow_cycles=True)


class Command(BaseCommand):
    help = "Write a complete backup of sofint's data (every app, stored PDFs and history) as gzipped JSON."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            help="Where to write the backup (default: sofint-backup-<date>.json.gz in the current folder).",
        )

    def handle(self, *args, **options):
        path = Path(options["output"] or f"sofint-backup-{timezone.localdate().isoformat()}.json.gz")

        def rows():
            for model in backup_models():
                yield from model._base_manager.order_by(model._meta.pk.name).iterator()

        with gzip.open(path, "wt", encoding="utf-8") as file:
            serializers.serialize(
                "json", rows(), stream=file, use_natural_foreign_keys=True, use_natural_primary_keys=True
            )
        self.stdout.write(self.style.SUCCESS(f"Säkerhetskopian är skriven till {path}."))
