import io
import os
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings

from tests.core.factories import UserFactory

ROLES = ["forbundschef", "ekonom", "styrelse", "revisor"]

# The property-based tests (tests/fuzz): "ci" is fixed and bounded, for `make test`;
# "long" (HYPOTHESIS_PROFILE=long, `make fuzz`) tries many more, new examples each run.
# Each example runs in a rolled-back savepoint of its test's transaction.
_FUZZ_HEALTH = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]
hypothesis_settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    max_examples=10,
    deadline=None,
    suppress_health_check=_FUZZ_HEALTH,
    phases=[Phase.explicit, Phase.generate],  # a failure is reported as found: shrinking a page's post takes minutes
)
hypothesis_settings.register_profile(
    "long", database=None, max_examples=400, deadline=None, suppress_health_check=_FUZZ_HEALTH, print_blob=True
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the feed keeps written calendars there)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo data once into the test database; each test runs in a rolled-back transaction.

    Loading it per test would render the demo plan's PDFs hundreds of times. What it loaded
    is kept as a fixture too, for the transactional tests that empty the database (see `demo`).
    """
    with django_db_blocker.unblock():
        MIGRATED_STATE.write_text(_dump_state())
        call_command("load_demo", verbosity=0)
        DEMO_STATE.write_text(_dump_state())


# What `migrate` alone leaves in a database (role groups, cost categories, meeting kinds), kept
# before the demo is loaded, for the tests that start from an empty installation (tests/entry).
MIGRATED_STATE = Path(tempfile.gettempdir()) / f"sofint-migrated-state-{os.getpid()}.json"
# What `load_demo` adds to it, stored PDFs included: loading this takes a second, `load_demo` five.
DEMO_STATE = Path(tempfile.gettempdir()) / f"sofint-demo-state-{os.getpid()}.json"


def _dump_state() -> str:
    out = io.StringIO()
    call_command(
        "dumpdata", natural_foreign=True, natural_primary=True, exclude=["contenttypes", "auth.permission"],
        stdout=out, verbosity=0,
    )  # fmt: skip
    return out.getvalue()


@pytest.fixture
def demo(db):
    """The SOFINT 2018 demo data and the four demo users, as `make run` loads them.

    A transactional test (the browser tests) empties the database when it ends, so the
    data is loaded again when it is missing, from what `load_demo` made at the session's start.
    """
    from governance.models import Organisation

    if not Organisation.objects.exists():
        call_command("loaddata", str(DEMO_STATE), verbosity=0)


@pytest.fixture
def users(demo):
    """The demo users by role, plus a logged-in user with no role at all."""
    from django.contrib.auth import get_user_model

    found = {user.username: user for user in get_user_model().objects.filter(username__in=ROLES)}
    found["utan_roll"] = UserFactory(username="utan_roll")
    return found


@pytest.fixture
def client_for(client, users):
    """Return a test client logged in as the given role (None: anonymous)."""

    def login(role):
        client.logout()
        if role is not None:
            client.force_login(users[role])
        return client

    return login


@pytest.fixture
def empty_calendar(db):
    """No meetings or adoptions: for tests of the calendar's rules on a year of their own making.

    The demo's calendar is in the database for every test; plans that point at its
    meetings let go of them first (all of it is rolled back after the test).
    """
    from meetings.models import CalendarAdoption, Meeting
    from plans.models import Plan, PlanVersion
    from projects.models import FollowUpReport, StatusChange

    PlanVersion.objects.update(meeting=None)
    Plan.objects.update(adopted_at=None)
    FollowUpReport.objects.update(meeting=None)
    StatusChange.objects.update(meeting=None)
    CalendarAdoption.objects.all().delete()
    Meeting.objects.all().delete()
