import pytest
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from tests.conftest import MIGRATED_STATE


@pytest.fixture
def empty_installation(db):
    """An installation as `make setup` finds it: migrated, and nothing else.

    The demo that the session loaded is flushed inside the test's transaction (the test's
    end rolls it back), and what the migrations themselves write (the role groups, the cost
    categories, the meeting kinds), kept before the demo was loaded, is put back. Content
    types are cached by id, and flushing gives them new ones: the cache goes too.
    """
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)
    call_command("loaddata", str(MIGRATED_STATE), verbosity=0)
    yield
    ContentType.objects.clear_cache()
