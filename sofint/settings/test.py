"""Settings for the test suite: the same app, with a fast password hasher."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="test-only-insecure-key")
DEBUG = False
# Fast hashing in tests; PBKDF2 stays so the demo fixture's passwords still verify.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default="/tmp/sofint-test-media")  # noqa: S108
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Serve static files from the app folders as in development; nothing is collected for tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # The test database is thrown away: a commit need not wait for the disk (this session only).
    options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()
# Each test process has its own layout slots: parallel runs on one machine do not wait for each other.
PDF_LAYOUT_SLOTS_DIR = f"/tmp/sofint-test-slots-{os.getpid()}"  # noqa: S108, F405
