"""Settings shared by every environment, driven by environment variables."""

import os
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "core.apps.RoleAdminConfig",  # django.contrib.admin with a site a role may enter
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "core",
    "governance",
    "projects",
    "budget",
    "plans",
    "meetings",
    "goals",
    # What the förbund publishes on the open web (adopted plans), above the apps whose documents it shows.
    "publishing",
    # The roof over the domain apps: the start page, the account, the demo data, the backup.
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Django's, asking the view first: a page open to all reads no session (core/middleware.py).
    "core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A write refused because the row changed or the document was adopted meanwhile: 409, not 500.
    "core.middleware.ConflictMiddleware",
    # Records who made each change in the models that keep a history (simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes must come last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sofint.urls"
WSGI_APPLICATION = "sofint.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.organisation",
            ],
            "builtins": ["core.templatetags.sofint"],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# SQLite (the embedded default) serves two people saving at once: a request's transaction
# (ATOMIC_REQUESTS) takes the write lock when it begins rather than midway (IMMEDIATE), so
# two saves queue up instead of one failing with "database is locked"; one waits up to 20 s
# for the one before it; reads outside a transaction never wait for a writer (WAL).
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS | DATABASES["default"].get("OPTIONS", {})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out login before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend that remembers the permissions it refused, for the 403 to name the roles.
    "core.backends.RoleModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska"))]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["sofint.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Failed logins: five tries per username and address, then a 15-minute pause.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client's address for the throttle. DJANGO_PROXY_COUNT is the number of reverse proxies
# in front; each appends the address it was reached from to X-Forwarded-For, so the client
# is that many entries from the right. Whatever the client itself wrote into the header
# stands further left and is never read. With no proxy the header is not read at all:
# reached directly, a client could write a new address on every try and never be locked out.
PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=0)
AXES_IPWARE_PROXY_COUNT = max(PROXY_COUNT - 1, 0)  # python-ipware counts the hops after the client
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if PROXY_COUNT else ["REMOTE_ADDR"]
# Not strict: a header with more entries than proxies (the client wrote one) is still read
# from the right, instead of being passed over for the proxy's own address.
IPWARE_STRICT = False

# Every asset is served by the app itself; nothing is fetched from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = True
# History is for reading (auditors); a revert would bypass the services and their locks.
SIMPLE_HISTORY_REVERT_DISABLED = True
# A form posts at most this many fields (Django's default; the largest admin page, a budget
# with its inline rows, stays far below it); more is a Swedish 400, not a 500.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# Contribution files larger than this are refused before they are read.
BUDGET_IMPORT_MAX_BYTES = env.int("BUDGET_IMPORT_MAX_BYTES", default=2 * 1024 * 1024)
# … and files with more rows than this (after the header): refused after reading one row more.
BUDGET_IMPORT_MAX_ROWS = env.int("BUDGET_IMPORT_MAX_ROWS", default=5000)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Plan PDFs: 0 lays them out in the request's own process (development, tests); a number
# above 0 runs that many separate render processes per web worker, at a lower CPU priority
# (`nice` 0–19), so pages stay fast while PDFs are made. Production uses 1.
PDF_RENDER_PROCESSES = env.int("DJANGO_PDF_RENDER_PROCESSES", default=0)
PDF_RENDER_NICE = env.int("DJANGO_PDF_RENDER_NICE", default=10)
PDF_RENDER_TIMEOUT = env.int("DJANGO_PDF_RENDER_TIMEOUT", default=300)

# The render queue (plans.queue): draft PDFs are laid out by a worker, never in the request.
# At most PDF_LAYOUTS layouts run at once on a machine (default: its cores − 1, at least 1),
# each at `PDF_RENDER_NICE` and stopped after PDF_RENDER_TIMEOUT seconds. The database backend
# needs nothing more (`manage.py render_worker`); DJANGO_TASKS_BACKEND=rq puts the queue in
# Redis (REDIS_URL) for workers on more machines (`manage.py rqworker --job-class django_tasks_rq.Job default`).
PDF_LAYOUTS = env.int("DJANGO_PDF_LAYOUTS", default=max(1, (os.cpu_count() or 2) - 1))
# Where the machine's layout slots are (one lock file each), shared by every process on it.
PDF_LAYOUT_SLOTS_DIR = env("DJANGO_PDF_LAYOUT_SLOTS_DIR", default=str(BASE_DIR / ".layout-slots"))
TASKS_BACKEND = env("DJANGO_TASKS_BACKEND", default="database")
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {
        # RQ stops a job itself a minute after the layout's own timeout, should that one fail.
        "default": {
            "URL": env("REDIS_URL", default="redis://127.0.0.1:6379/0"),
            "DEFAULT_TIMEOUT": PDF_RENDER_TIMEOUT + 60,
        }
    }
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Every handler masks the calendar subscription's secret (core/logging.py). Django's own
# handlers (runserver's request lines, the admins' e-mail) are declared here too, so that
# none of them is left without the filter.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_secrets": {"()": "core.logging.SecretMaskFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_secrets"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": ["mask_secrets"]},
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false", "mask_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # WeasyPrint narrates every layout step at INFO; keep its warnings only.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},  # it announces its logging bridge at INFO on import
    },
}
# The 500 report (mailed to ADMINS, shown with DEBUG) masks the subscription secret too.
DEFAULT_EXCEPTION_REPORTER = "core.errors.SecretMaskingExceptionReporter"

# The years a förbund can mean (plans, budgets, calendars, terms, dates). Anything outside
# is a field error in a form and a 404 in an address.
SOFINT_YEAR_MIN = env.int("SOFINT_YEAR_MIN", default=2000)
SOFINT_YEAR_MAX = env.int("SOFINT_YEAR_MAX", default=2100)
SOFINT_BOARD_SEES_DRAFTS = env.bool("SOFINT_BOARD_SEES_DRAFTS", default=False)  # board reads working copies too
# How long a proxy or browser may keep a published page or PDF without asking again (seconds):
# also the longest a withdrawn publication can still be seen in a cache.
SOFINT_PUBLIC_MAX_AGE = env.int("SOFINT_PUBLIC_MAX_AGE", default=300)
