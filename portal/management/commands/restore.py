import gzip
import shutil
import tempfile
from pathlib import Path

from django.core.management import BaseCommand, CommandError, call_command
from django.db import transaction

from governance.models import Organisation


class Command(BaseCommand):
    help = "Restore a backup made with `backup` into an empty database (migrated first)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .json.gz file written by `manage.py backup`.")

    def handle(self, *args, **options):
        source = Path(options["path"])
        if not source.exists():
            raise CommandError(f"Filen {source} finns inte.")
        call_command("migrate", verbosity=0, interactive=False)
        if Organisation.objects.exists():
            raise CommandError("Databasen har redan data. Återställ bara till en tom databas.")
        with tempfile.TemporaryDirectory() as folder:
            fixture = Path(folder) / "sofint-backup.json"
            with gzip.open(source, "rb") as compressed, open(fixture, "wb") as plain:
                shutil.copyfileobj(compressed, plain)
            with transaction.atomic():
                # The data migrations' rows (roles, meeting kinds, cost categories) come
                # back from the backup itself, so the database starts out empty of data.
                call_command("flush", interactive=False, verbosity=0)
                call_command("loaddata", str(fixture), verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Säkerhetskopian {source} är återställd."))
