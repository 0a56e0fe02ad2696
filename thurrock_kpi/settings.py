"""Settings, read from environment variables (see .env.example)."""

import os
import re
import tempfile
from datetime import date
from pathlib import Path

import csp.constants
import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

from thurrock_kpi import release

BASE_DIR = Path(__file__).resolve().parent.parent
# A .env beside manage.py, when there is one (.env.example lists every variable): manage.py, wsgi.py
# and so gunicorn all load these settings, so all read it. A variable set in the real environment wins.
load_dotenv(BASE_DIR / ".env", override=False)


def envbool(name, default="False"):
    # Empty counts as unset (`NAME=` in .env): the default, which may be the secure one, stands.
    return (os.environ.get(name) or default).lower() in ("1", "true", "yes", "on")


def envlist(name, default=""):
    return [item.strip() for item in (os.environ.get(name) or default).split(",") if item.strip()]


def envint(name, default=None):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# Off unless asked for: `make demo` asks (DEBUG=True); a server started any other way runs as production.
DEBUG = envbool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if not DEBUG and 0 < len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        f"SECRET_KEY is {len(SECRET_KEY)} characters: use 50 or more random ones, e.g. the output of: "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'.")
if not SECRET_KEY:
    if not DEBUG:
        # Never a key of ours in production: anyone with the source could forge sessions and reset links.
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment or in .env (see .env.example), to 50 or more "
            "random characters, e.g. the output of: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'. "
            "Only DEBUG=True (the demo) runs without one.")
    SECRET_KEY = "dev-only-insecure-key-DEBUG-is-on"
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

# HTTPS, behind the council's TLS proxy (README "Production"). The proxy says a request came in on
# HTTPS with a header, e.g. SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto: trusted only when named, as a
# client could send it too when nothing in front strips it. Without it, behind a proxy every request
# looks like plain HTTP: its https Origin fails CSRF and SSL redirect loops.
_proxy_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
# A header's name as the proxy sends it (X-Forwarded-Proto). Django's own spelling
# (HTTP_X_FORWARDED_PROTO) would become HTTP_HTTP_…, a header any client can send and no
# proxy strips; a value with it ("X-Forwarded-Proto: https") would never match, and the
# SSL redirect would loop: both are refused.
if _proxy_header and (not re.fullmatch(r"[A-Za-z0-9-]+", _proxy_header) or _proxy_header.upper().startswith("HTTP")):
    raise ImproperlyConfigured(
        f"SECURE_PROXY_SSL_HEADER={_proxy_header!r}: give the header's name as the proxy sends it, "
        "e.g. X-Forwarded-Proto (no HTTP_ prefix, no value).")
SECURE_PROXY_SSL_HEADER = (f"HTTP_{_proxy_header.upper().replace('-', '_')}", "https") if _proxy_header else None
# Off by default: without the proxy header every request would be redirected, forever.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT")
# A load balancer probes the app itself, over plain HTTP: the health check answers it, never a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# HSTS binds browsers to HTTPS for this long (seconds; a year: 31536000): 0 by default, as it cannot
# be taken back from a browser that saw it. Production turns it on with the two below.
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD")
# Cookies only over HTTPS unless DEBUG is on (the demo is plain http://127.0.0.1).
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", str(not DEBUG))
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", str(not DEBUG))
# The address people type, with its scheme (https://kpi.example.gov.uk): a form's Origin is checked
# against it when the proxy passes on a Host of its own.
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

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
    "plan",  # the corporate plan's deliverables, and the risks and opportunities register
    "scrutiny",  # the scrutiny committee's recommendations tracker
    # Long work off the request (kpis/tasks.py, TASKS below), and the database queue its worker
    # (`manage.py db_worker`) reads.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First, so a request's log line times all the rest and sees the response the client got.
    "thurrock_kpi.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # CONTENT_SECURITY_POLICY below
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's, keeping a session alive while it is used (SESSION_COOKIE_AGE below).
    "thurrock_kpi.sessions.SessionMiddleware",
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
# The address is REMOTE_ADDR by default. Behind a proxy that is the proxy's, shared by everyone, so one
# person's failures would lock out all: set AXES_IPWARE_PROXY_COUNT (django-ipware's count of proxies
# named in X-Forwarded-For; 0 when the one proxy in front sets it to the client's address) and the
# client's address is read from X-Forwarded-For. A header naming more addresses than that is not
# believed, so a client cannot choose its own address there.
AXES_IPWARE_PROXY_COUNT = envint("AXES_IPWARE_PROXY_COUNT")
AXES_IPWARE_META_PRECEDENCE_ORDER = envlist(
    "AXES_IPWARE_META_PRECEDENCE_ORDER",
    "REMOTE_ADDR" if AXES_IPWARE_PROXY_COUNT is None else "HTTP_X_FORWARDED_FOR,REMOTE_ADDR")

# Django's password rules (length, not like the username, not a common or all-digit password), kept
# wherever a password is set through a form: the admin's user and password pages.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": envint("PASSWORD_MIN_LENGTH", 12)}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# A session ends after this long without a request (seconds; 2 hours by default): requests save
# it again now and then (thurrock_kpi/sessions.py), so the time runs from the last one, not from
# signing in.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 2 * 60 * 60)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "after_login"
LOGOUT_REDIRECT_URL = "home"

# A month's figures are due on this day of the following month.
KPI_DUE_DAY = int(os.environ.get("KPI_DUE_DAY", "10"))
# Officers are reminded of last month's figures still owed this many days before the due day
# (`manage.py send_reminders`, daily from cron; 0: no reminders).
KPI_REMINDER_DAYS = envint("KPI_REMINDER_DAYS", 3)


def envdate(name):
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: write a date as YYYY-MM-DD, e.g. 2017-01-15, "
                                   "or leave it empty for today") from None


# The day due dates, "late" and reminders count from (kpis.selectors.calendar.as_of): empty, today
# (production); the 2016/17 demo sets the month after its latest figures (Makefile, `make demo`), so
# it does not call every figure since 2017 late.
KPI_AS_OF = envdate("KPI_AS_OF")
# Statistical process control (reports.spc): the rule set, "mdc" (NHS England's Making Data Count
# tool) or "ptd" (NHSRplotthedots); and moving-range screening, empty for the rule set's own choice
# (mdc off, ptd on), "on" or "off" whatever the rule set.
KPI_SPC_RULES = (os.environ.get("KPI_SPC_RULES") or "mdc").strip().lower()
if KPI_SPC_RULES not in ("mdc", "ptd"):
    raise ImproperlyConfigured(f"KPI_SPC_RULES={KPI_SPC_RULES!r}: write mdc or ptd, or leave it empty for mdc")
KPI_SPC_SCREEN_OUTLIERS = os.environ.get("KPI_SPC_SCREEN_OUTLIERS", "").strip().lower()
if KPI_SPC_SCREEN_OUTLIERS not in ("", "on", "off"):
    raise ImproperlyConfigured(f"KPI_SPC_SCREEN_OUTLIERS={KPI_SPC_SCREEN_OUTLIERS!r}: write on or off, "
                               "or leave it empty for the rule set's own choice")
# The day the scrutiny tracker counts from (its overdue view, the latest date a progress update
# may carry: scrutiny.selectors.today): empty, today. Not KPI_AS_OF: the demo reads its 2016/17
# figures as of January 2017, but its tracker is the committee's of 2024/25.
TRACKER_AS_OF = envdate("TRACKER_AS_OF")

# --- E-mail (kpis.services.notify): returned figures, reminders, the late digest ---
# The demo prints each mail to the console; production sends through the council's SMTP server.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS")
# Seconds to wait for the mail server: a returned figure is e-mailed within its request.
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "kpi@localhost"
# The address people type, for the links in e-mails (a mail has no request to take it from).
KPI_SITE_URL = os.environ.get("KPI_SITE_URL") or "http://127.0.0.1:8000"
# Where people write to the performance team: the phase banner and the footer of every page.
KPI_CONTACT_EMAIL = os.environ.get("KPI_CONTACT_EMAIL") or "performance@thurrock.gov.uk"

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
                "thurrock_kpi.context_processors.contact",
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
# The names a page gives static files (hashed in production, plain in the demo) are part of what is
# cached, so they are part of the release: a page cached by a DEBUG server is never served by another.
STATIC_MANIFEST = envbool("STATIC_MANIFEST", str(not DEBUG))
RELEASE = release.digest(BASE_DIR, static_names="hashed" if STATIC_MANIFEST else "plain")
if os.environ.get("REDIS_URL"):
    # Django's Redis cache, with a Redis that does not answer taken as a miss (thurrock_kpi/cache.py).
    CACHES = {"default": {"BACKEND": "thurrock_kpi.cache.RedisCache", "LOCATION": os.environ["REDIS_URL"],
                          "KEY_PREFIX": f"{os.environ.get('CACHE_KEY_PREFIX', 'thurrock-kpi')}:{RELEASE}",
                          # An unreachable Redis fails a request (and /healthz) in seconds, never hangs it.
                          "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2}}}
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
# Our own files, plotly.js's cartesian bundle among them (static/vendor/plotly/, `make assets`):
# nothing is fetched from a CDN at run time.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
# Production serves what `manage.py collectstatic` wrote (make serve runs it): compressed, each file
# named by its content's hash, so browsers keep it for a year and a release's new CSS is a new URL.
# That storage refuses a page whose files were not collected, so the demo (DEBUG on) and the tests
# (STATIC_MANIFEST=False, set by tests/settings.py) serve the files as they are, without collectstatic.
# (STATIC_MANIFEST is read above, with the release: cached pages hold the static files' names.)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "thurrock_kpi.storage.StaticFiles" if STATIC_MANIFEST
                    else "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the app and package folders too, so the product works before (or
# without) collectstatic; `manage.py collectstatic` makes it faster in production.
WHITENOISE_USE_FINDERS = True
DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"
FILTERS_EMPTY_CHOICE_LABEL = "Any"  # django-filter's choosers: "Any" status, not "---------"

# Content-Security-Policy (django-csp): scripts, styles, images, fonts and fetches from our own
# origin only. No inline script or style and no eval anywhere: pages pass data to scripts with
# json_script and data- attributes, sizes go in SVG attributes, and plotly.js's own stylesheet is a
# static file (thurrock_kpi/plotly_css.py; the styles it sets on elements from script are allowed).
# tests/browser/test_csp.py holds every kind of page, the indicator's chart and the admin to it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.constants.SELF],
        "script-src": [csp.constants.SELF],
        "style-src": [csp.constants.SELF],
        # blob: for the chart's "Download plot as a PNG": plotly.js draws the chart into an image
        # made from a blob it creates. Only a script already running in our origin can make one.
        "img-src": [csp.constants.SELF, "blob:"],
        "object-src": [csp.constants.NONE],
        "base-uri": [csp.constants.SELF],
        "frame-ancestors": [csp.constants.NONE],
        "form-action": [csp.constants.SELF],
    },
}

# Logs: one JSON object a line on stdout (thurrock_kpi/logs.py): a line per request, and Django's
# errors with their tracebacks. LOG_LEVEL=WARNING keeps only 4xx, 5xx and errors.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "thurrock_kpi.logs.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own output through ours alone (its default also prints errors in plain text when
        # DEBUG is on). django.request at ERROR: a 500 with its traceback; 4xx are in the request lines.
        "django": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["stdout"], "level": "ERROR", "propagate": False},
        # django-axes says "BEGIN" at INFO as every process starts: it would land in the output of
        # commands that print JSON or CSV to stdout (manage.py scorecard --json).
        "axes": {"level": "WARNING"},
    },
}
