"""Production settings: gunicorn behind a TLS-terminating proxy, PostgreSQL, WhiteNoise."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SQLITE_OPTIONS, env

SECRET_KEY = env("DJANGO_SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY måste vara minst 50 tecken lång.")
DEBUG = env.bool("DJANGO_DEBUG", default=False)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CONN_MAX_AGE = env.int("DJANGO_CONN_MAX_AGE", default=60)
# Health checks: a kept connection that the database server dropped (a restart, a failover)
# is replaced before the request uses it, instead of failing that request.
DATABASES = {
    "default": {
        **env.db("DATABASE_URL"),
        "ATOMIC_REQUESTS": True,
        "CONN_MAX_AGE": CONN_MAX_AGE,
        "CONN_HEALTH_CHECKS": True,
    }
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # a small förbund's single server
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS | DATABASES["default"].get("OPTIONS", {})
PDF_RENDER_PROCESSES = env.int("DJANGO_PDF_RENDER_PROCESSES", default=1)
