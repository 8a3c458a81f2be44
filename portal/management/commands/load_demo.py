import datetime
import importlib

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, call_command
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budget.models import Budget
from budget.services import budget_adopt
from core.history import base_records, history_models, record_loaded
from core.roles import sync_role_groups
from meetings.models import Meeting, MeetingKind
from plans.checklist import plan_readiness
from plans.models import Plan
from plans.services import plan_adopt, plan_copy_to_next_year, plan_send_to_board
from publishing.models import Publication
from publishing.services import plan_publish

# In dependency order. Loading is by primary key (users by username), so loading
# twice updates the same rows and never duplicates them.
DEMO_FIXTURES = [
    "sofint2018_governance",
    "sofint2018_calendar",
    "sofint2018_projects",
    # SOFINT 2018's own goals for the year ("5.5 Mål och resultat av samverkan"), without follow-ups.
    "sofint2018_goals",
    "demo_users",
]
# The budget, like the plan, is loaded once and adopted through the service, which stores
# what its page shows; a second run leaves the adopted budget as it is.
BUDGET_FIXTURE = "sofint2018_budget"
BUDGET_ADOPTED_ON = datetime.date(2018, 3, 23)

# The plan is written once and then adopted, which freezes it: it is loaded only when
# it is not there yet, so a second run never turns the adopted plan back into a draft.
PLAN_FIXTURE = "sofint2018_plan"
PLAN_YEAR = 2018
PLAN_SENT = datetime.datetime(2018, 3, 1, 9, 0)
PLAN_ADOPTED_ON = datetime.date(2018, 3, 23)
# The adopted plan is published on the open web a few days later, so a new user sees /publicerat/.
PLAN_PUBLISHED = datetime.datetime(2018, 3, 26, 10, 0)


class Command(BaseCommand):
    help = "Load the SOFINT 2018 demo data and one demo user per role (safe to run again)."

    @transaction.atomic
    def handle(self, *args, **options):
        # The groups come from a data migration; make sure they are whole before users join them.
        sync_role_groups(apps)
        # So are the built-in meeting kinds; a flushed test database has lost both.
        kinds_migration = importlib.import_module("meetings.migrations.0002_builtin_kinds_and_roles")
        kinds_migration.create_kinds(apps, None)
        for fixture in DEMO_FIXTURES:
            call_command("loaddata", fixture, verbosity=0)
        # loaddata saves raw rows, which simple-history passes over: each gets a base record
        # (later changes are compared with it), and the change history says once what was loaded.
        self.loaded = base_records(models_=history_models())
        self.load_budget()
        self.load_plan()
        self.load_publication()
        if self.loaded:
            record_loaded(label=_("Demodata för SOFINT 2018"), count=self.loaded)
        self.stdout.write(self.style.SUCCESS("Demodata för SOFINT 2018 är inläst."))

    def load_budget(self):
        if Budget.objects.filter(year=PLAN_YEAR).adopted().exists():
            return
        call_command("loaddata", BUDGET_FIXTURE, verbosity=0)
        self.loaded += base_records(models_=history_models())
        ekonom = get_user_model().objects.get(username="ekonom")
        budget_adopt(budget=Budget.objects.get(year=PLAN_YEAR), adopted_on=BUDGET_ADOPTED_ON, acting_user=ekonom)

    def load_plan(self):
        if Plan.objects.filter(first_year=PLAN_YEAR).exists():
            return
        call_command("loaddata", PLAN_FIXTURE, verbosity=0)
        self.loaded += base_records(models_=history_models())
        plan = Plan.objects.get(first_year=PLAN_YEAR)
        director = get_user_model().objects.get(username="forbundschef")
        meeting = Meeting.objects.filter(kind__code=MeetingKind.BOARD, starts_on=PLAN_ADOPTED_ON).first()
        tz = timezone.get_current_timezone()
        # Sent as SOFINT sent it: with whatever the checklist finds in the seed (its calendar lists a 2017 fair).
        plan_send_to_board(
            plan=plan, acting_user=director, meeting=meeting, now=timezone.make_aware(PLAN_SENT, tz),
            acknowledged=len(plan_readiness(plan)),
        )  # fmt: skip
        plan_adopt(
            plan=plan,
            acting_user=director,
            adopted_on=PLAN_ADOPTED_ON,
            meeting=meeting,
            now=timezone.make_aware(datetime.datetime.combine(PLAN_ADOPTED_ON, datetime.time(12)), tz),
        )
        if not Plan.objects.filter(first_year=PLAN_YEAR + 1).exists():
            plan_copy_to_next_year(plan=plan, acting_user=director)

    def load_publication(self):
        # Once: a publication the förbundschef has since withdrawn stays withdrawn on a second run.
        plan = Plan.objects.get(first_year=PLAN_YEAR)
        if not plan.is_adopted or Publication.objects.filter(plan_version__plan=plan).exists():
            return
        director = get_user_model().objects.get(username="forbundschef")
        now = timezone.make_aware(PLAN_PUBLISHED, timezone.get_current_timezone())
        plan_publish(plan=plan, acting_user=director, now=now)
