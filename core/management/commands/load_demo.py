from django.apps import apps
from django.core.management import BaseCommand, call_command
from django.db import transaction

from core.roles import sync_role_groups

# In dependency order. Loading is by primary key (users by username), so loading
# twice updates the same rows and never duplicates them.
DEMO_FIXTURES = [
    "sofint2018_governance",
    "sofint2018_budget",
    "demo_users",
]


class Command(BaseCommand):
    help = "Load the SOFINT 2018 demo data and one demo user per role (safe to run again)."

    @transaction.atomic
    def handle(self, *args, **options):
        # The groups come from a data migration; make sure they are whole before users join them.
        sync_role_groups(apps)
        for fixture in DEMO_FIXTURES:
            call_command("loaddata", fixture, verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demodata för SOFINT 2018 är inläst."))
