import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from core.roles import sync_role_groups


@pytest.fixture
def empty_installation(db):
    """An installation as `make setup` starts it: migrated, the role groups there, no data at all.

    The demo that the session loaded is flushed inside the test's transaction, which the
    test's end rolls back; the content types are cached by id, so the cache goes too.
    """
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    sync_role_groups(apps)
    yield
    ContentType.objects.clear_cache()
