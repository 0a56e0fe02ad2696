"""Settings, read from environment variables (see .env.example)."""

import os
import tempfile
from pathlib import Path

import dj_database_url
import plotly

from thurrock_kpi import release

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default="False"):
    return os.environ.get(name, default).lower() in ("1", "true", "yes", "on")


def envlist(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-set-SECRET_KEY-in-production")
DEBUG = envbool("DEBUG", "True")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "django_tables2",
    "django_filters",
    "kpis",
    "reports",
    # Long work off the request (kpis/tasks.py, TASKS below), and the database queue its worker
    # (`manage.py db_worker`) reads.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A read-only or unreachable database answers 503 with a page saying nothing was saved, not a 500.
    "thurrock_kpi.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into its response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # throttles failed log-ins before checking the password
    "django.contrib.auth.backends.ModelBackend",
]
# Why a figure changed (a return or reopen reason, "upload FILE") is kept whole in its history:
# django-simple-history's default is 100 characters, which PostgreSQL enforces.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # one person at one address

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "after_login"
LOGOUT_REDIRECT_URL = "home"

# A month's figures are due on this day of the following month.
KPI_DUE_DAY = int(os.environ.get("KPI_DUE_DAY", "10"))
# The largest workbook the performance team may upload at /imports/ (bytes; 10 MB by default:
# the council's whole appendix is well under 1 MB).
KPI_UPLOAD_MAX_BYTES = int(os.environ.get("KPI_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
# The most an import (upload or command line) reads, so one workbook cannot take the server's
# memory or time. Bytes its parts unpack to, checked before any XML is parsed: a 1 MB upload
# can unpack to gigabytes (100 MB is ten times the largest upload).
KPI_IMPORT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("KPI_IMPORT_MAX_UNCOMPRESSED_BYTES", str(100 * 1024 * 1024)))
# Rows of all its sheets, counted as they are read: 250,000 is twice the largest legitimate
# workbook (a council of 1,000 indicators over ten years, about 120,000 readings), which an
# upload checks and writes in a task (TASKS below), not within a web server's timeout.
KPI_IMPORT_MAX_ROWS = int(os.environ.get("KPI_IMPORT_MAX_ROWS", "250000"))
# A month sheet posts nine fields an indicator: Django's default limit (1,000 fields) refused
# with "400 Bad Request" the sheet of a service with more than about a hundred indicators.
DATA_UPLOAD_MAX_NUMBER_FIELDS = int(os.environ.get("DATA_UPLOAD_MAX_NUMBER_FIELDS", "20000"))

ROOT_URLCONF = "thurrock_kpi.urls"

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
            ],
        },
    },
]

# The common widgets written in Python, the same HTML as their templates (thurrock_kpi/widgets.py).
FORM_RENDERER = "thurrock_kpi.widgets.Renderer"

WSGI_APPLICATION = "thurrock_kpi.wsgi.application"

# SQLite file by default (the embedded demo); PostgreSQL in production through DATABASE_URL.
# A connection kept between requests (CONN_MAX_AGE > 0) is checked before a request reuses it
# (CONN_HEALTH_CHECKS), so one the database dropped (a restart, a failover) is replaced
# instead of failing that request (tests/faults/test_private_cluster.py).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A transaction takes SQLite's one write lock when it begins, so two people saving at once
    # queue (for up to `timeout` seconds) and the second sees the first's figure, instead of
    # failing half-way with "database is locked". PostgreSQL locks rows and needs neither.
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
    # Tests run on a file too: Django's shared in-memory test database fails at once where a file
    # waits for its lock. One file per test process, as agents and CI may run the suite side by side.
    TEST_DATABASE = Path(tempfile.gettempdir()) / f"thurrock-kpi-test-{os.getpid()}.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(TEST_DATABASE)}

# What reports.cache keeps (a quarter's scorecard, each reading page's content), keyed by the
# data's token, so it is never stale: shared by every process and server, so a change is
# computed once for all of them. Redis when REDIS_URL is set; the database otherwise (the
# kpi_cache table, made by `manage.py createcachetable`). Keys carry the release too
# (thurrock_kpi/release.py): what an older release kept is not served.
RELEASE = release.digest(BASE_DIR)
if os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"],
                          "KEY_PREFIX": f"{os.environ.get('CACHE_KEY_PREFIX', 'thurrock-kpi')}:{RELEASE}"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kpi_cache",
                          "KEY_PREFIX": RELEASE,
                          "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "1000"))}}}
# Sessions where every server finds them. With Redis, cached_db: read from Redis, written
# through to the database, so nobody is signed out when Redis restarts or evicts, nor by a
# deploy (the cache's keys carry the release). Otherwise the database alone.
SESSION_ENGINE = ("django.contrib.sessions.backends.cached_db" if os.environ.get("REDIS_URL")
                  else "django.contrib.sessions.backends.db")

# Where tasks (kpis/tasks.py: checking and writing an uploaded workbook) run. TASKS_BACKEND=database:
# queued in the database, run by `manage.py db_worker` (as many as wanted, on any server).
# Unset: run at once, inside the request that asked, so the demo needs no other process.
if os.environ.get("TASKS_BACKEND", "immediate") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Our own files, and plotly's bundled plotly.min.js served as static/plotly/plotly.min.js:
# nothing is fetched from a CDN at run time.
STATICFILES_DIRS = [BASE_DIR / "static", ("plotly", Path(plotly.__file__).parent / "package_data")]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the app and package folders too, so the product works before (or
# without) collectstatic; `manage.py collectstatic` makes it faster in production.
WHITENOISE_USE_FINDERS = True
DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"
