"""The one settings file: everything that varies between machines comes from the environment.

The schema below is the single list of variables; .env.example and docs/configuration.md
describe the same variables, and tests/test_settings.py checks that the three agree.
"""

import re
from pathlib import Path

import environ
from croniter import croniter  # procrastinate's own cron reader (JOB_SCHEDULE)
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent

# name: (type, default). A variable without a default must be set.
ENV_SCHEMA = {
    "DEBUG": (bool, False),
    "SECRET_KEY": (str, ""),
    "ALLOWED_HOSTS": (list, ["localhost", "127.0.0.1"]),
    "DATABASE_URL": (str, f"sqlite:///{PROJECT_DIR / 'var' / 'mittaristo.sqlite3'}"),
    "DATABASE_PREPARE": (bool, True),
    "CONN_MAX_AGE": (int, 0),
    "LANGUAGE_CODE": (str, "fi"),
    "TIME_ZONE": (str, "Europe/Helsinki"),
    "STATIC_ROOT": (str, str(PROJECT_DIR / "var" / "static")),
    "CSRF_TRUSTED_ORIGINS": (list, []),
    "UPLOAD_DIR": (str, str(PROJECT_DIR / "var" / "uploads")),
    "UPLOAD_MAX_MB": (int, 50),
    "UPLOAD_MAX_UNPACKED_MB": (int, 1000),
    "IMPORT_MAX_CELLS": (int, 12_000_000),
    "UPLOAD_MAX_AGE_HOURS": (int, 24),
    "IMPORT_JOB_ROWS": (int, 20000),
    "IMPORT_LOCK_WAIT": (float, 10.0),
    "JOB_RECORDS_KEEP_DAYS": (int, 90),
    "SERIES_UNREAD_KEEP_DAYS": (int, 90),
    "JOB_SCHEDULE": (str, ""),
    "SECURE_SSL_REDIRECT": (bool, False),
    "SECURE_PROXY_SSL_HEADER": (bool, False),
    "SECURE_HSTS_SECONDS": (int, 0),
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": (bool, False),
    "SECURE_HSTS_PRELOAD": (bool, False),
    "LOGIN_FAILURE_LIMIT": (int, 5),
    "LOGIN_LOCK_MINUTES": (int, 15),
    "LOGIN_ADDRESS_FAILURE_LIMIT": (int, 30),
    "LOGIN_ADDRESS_LOCK_MINUTES": (int, 60),
    "PASSWORD_RESET_LIMIT": (int, 3),
    "PASSWORD_RESET_ADDRESS_LIMIT": (int, 20),
    "PASSWORD_RESET_LOCK_MINUTES": (int, 60),
    "SURVEY_MIN_GROUP": (int, 5),
    "SURVEY_CODE_FAILURE_LIMIT": (int, 20),
    "SURVEY_CODE_LOCK_MINUTES": (int, 15),
    "INVESTMENT_CALCULATION_THRESHOLD": (int, 1_000_000),
    "API_READ_RATE": (str, "300/min"),
    "API_WRITE_RATE": (str, "60/min"),
    "API_WRITE_MAX_ROWS": (int, 10_000),
    "LOGIN_CACHE_URL": (str, "dbcache://mittaristo_login_cache"),
    "CACHE_URL": (str, "locmemcache://"),
    "REPORT_CACHE_URL": (str, "dbcache://mittaristo_report_cache"),
    "EMAIL_URL": (str, "consolemail://"),
    "DEFAULT_FROM_EMAIL": (str, "mittaristo@localhost"),
    "SITE_URL": (str, ""),
    "ADMINS": (list, []),
    "LOG_LEVEL": (str, "INFO"),
    "LOG_FORMAT": (str, ""),
    "LOG_CLIENT_ADDRESS": (bool, False),
    "OIDC_CLIENT_ID": (str, ""),
    "OIDC_CLIENT_SECRET": (str, ""),
    "OIDC_AUTHORIZATION_ENDPOINT": (str, ""),
    "OIDC_TOKEN_ENDPOINT": (str, ""),
    "OIDC_USERINFO_ENDPOINT": (str, ""),
    "OIDC_JWKS_ENDPOINT": (str, ""),
    "OIDC_SIGN_ALGO": (str, "RS256"),
    "OIDC_SCOPES": (str, "openid email profile"),
    "OIDC_GROUPS_CLAIM": (str, "groups"),
    "OIDC_GROUP_ROLES": (dict, {}),
    "OIDC_CREATE_USERS": (bool, True),
    "OIDC_PROVIDER_NAME": (str, ""),
}
env = environ.Env(**ENV_SCHEMA)

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY")
DEVELOPMENT_KEY = "insecure-development-key-only-for-debug"
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (see docs/configuration.md)."
        )
    SECRET_KEY = DEVELOPMENT_KEY
elif not DEBUG and (
    # Django's own test (check --deploy, security.W009), made a refusal: a key anyone could guess
    # signs sessions and password-reset links that anyone could forge.
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith("django-insecure-")
    or SECRET_KEY == DEVELOPMENT_KEY
):
    raise ImproperlyConfigured(
        "SECRET_KEY is too short or a known default: when DEBUG is off it must be at least 50 "
        'random characters, e.g. python3 -c "import secrets; print(secrets.token_urlsafe(50))" '
        "(see docs/configuration.md)."
    )
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")

DATABASES = {"default": env.db_url_config(env("DATABASE_URL"))}
# Seconds a server process keeps its database connection between requests (0: a new connection
# for every request, which costs PostgreSQL a process start). Checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = env("CONN_MAX_AGE")
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env("CONN_MAX_AGE") > 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # More than one process writes (the server's workers, the import worker): a transaction
    # takes the write lock when it begins, so two never deadlock upgrading a read lock, and a
    # writer waits up to 20 s for another instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env("DATABASE_PREPARE"):
    # Parameters travel apart from the query text, so psycopg can prepare a query a connection
    # runs often (after five runs): PostgreSQL then plans it once, not on every request.
    # Behind a PgBouncer in transaction mode, set DATABASE_PREPARE=false.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Reminders (mittaristo send-reminders) go out through Django's e-mail backend: printed on the
# console by default (the demo), SMTP with e.g. EMAIL_URL=smtp+tls://user:pass@host:587.
globals().update(
    {k: v for k, v in env.email_url_config(env("EMAIL_URL")).items() if v not in (None, "")}
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
# The site's own address as people reach it (scheme and host, e.g. https://mittaristo.example.fi):
# e-mail sent outside a request (reminders) links to it; empty, they carry a path only.
SITE_URL = env("SITE_URL").rstrip("/")
if SITE_URL and not re.fullmatch(r"https?://[^/?#\s]+", SITE_URL):
    raise ImproperlyConfigured(
        "SITE_URL must be a scheme and a host, e.g. https://mittaristo.example.fi, "
        f"not {SITE_URL!r}."
    )
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who is mailed each error with its traceback (optional; the log on standard error has it too).
ADMINS = [(address, address) for address in env("ADMINS")]

# Logs go to standard error (the service manager keeps them: journald, docker, gunicorn's
# stderr): one JSON object per line (LOG_FORMAT=json, the default outside DEBUG) or plain text,
# with the request's id and any traceback; one line per request with the user's id and no
# name, e-mail or address unless LOG_CLIENT_ADDRESS (core/logs.py). Errors are mailed to ADMINS.
LOG_FORMAT = env("LOG_FORMAT") or ("text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOG_CLIENT_ADDRESS = env("LOG_CLIENT_ADDRESS")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "mittaristo.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "mittaristo.core.logs.JsonLinesFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["request_id"],
        },
    },
    "root": {
        "handlers": ["stderr", "mail_admins"] if ADMINS else ["stderr"],
        "level": env("LOG_LEVEL"),
    },
    # Django's own loggers write through the root's handlers (its defaults print nothing
    # outside DEBUG); the development server's request lines stay as they are.
    "loggers": {
        "django": {"level": env("LOG_LEVEL"), "propagate": True},
        # runserver prints each request itself; gunicorn leaves it to this log.
        "mittaristo.request": {"level": "WARNING" if DEBUG else env("LOG_LEVEL")},
        # httpx logs every request at INFO, a replayed one too (where it reads as a request to
        # the network); `fetch` reports what it fetched itself.
        "httpx": {"level": "WARNING"},
        # WeasyPrint logs each step and page of a report at INFO, fontTools its font subsetting.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Not a line per scheduled job at every start of the application.
        "procrastinate.periodic": {"level": "WARNING"},
        "procrastinate.blueprints": {"level": "WARNING"},
    },
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "mittaristo.core",
    "mittaristo.jobs",
    "mittaristo.strategy",
    "mittaristo.observations",
    "mittaristo.monitoring",
    "mittaristo.reviews",
    "mittaristo.sources",
    "mittaristo.surveys",
    "mittaristo.investments",
    "mittaristo.web",
    "mittaristo.reports",
    "mittaristo.api",
    "mittaristo.schedule",
    "mittaristo.demo",
    "ninja",  # its templates and static files: the API docs without a CDN
]

MIDDLEWARE = [
    "mittaristo.core.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "mittaristo.web.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mittaristo.web.organisations.OrganisationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

# The SSO backend answers only a provider's callback, and only when single sign-on is on.
AUTHENTICATION_BACKENDS = ["mittaristo.core.roles.RoleBackend", "mittaristo.core.sso.SSOBackend"]

ROOT_URLCONF = "mittaristo.urls"
WSGI_APPLICATION = "mittaristo.wsgi.application"

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
                "django.template.context_processors.i18n",
                "mittaristo.web.navigation.navigation",  # what the person's role may open
            ],
        },
    },
]

# Passwords (whoever sets one: the admin, `mittaristo changepassword`): at least 12 characters,
# not common, not all digits, not close to the person's name, not a few repeated characters, not
# the service's or municipality's name with digits (core/passwords.py). OWASP ASVS 2.1.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "mittaristo.core.passwords.VarietyValidator"},
    {"NAME": "mittaristo.core.passwords.ContextWordsValidator"},
]

# Finnish is the strategy's own language and the fallback for every translated text.
LANGUAGE_CODE = env("LANGUAGE_CODE")
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env("TIME_ZONE")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env("STATIC_ROOT")
STATICFILES_DIRS = [BASE_DIR / "static"]

# Security: cookies only over HTTPS outside DEBUG; HSTS and the HTTPS redirect are set per site
# (behind a TLS-terminating proxy, SECURE_PROXY_SSL_HEADER trusts its X-Forwarded-Proto).
# The content security policy is in web/security.py.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT")
# The load balancer asks each app server for /health/ over plain HTTP (core/health.py).
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
if env("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS")
SECURE_HSTS_INCLUDE_SUBDOMAINS = env("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env("SECURE_HSTS_PRELOAD")
# The chosen language lives in a cookie for a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG

# The default cache keeps rendered page parts; each process may keep its own. Login throttling
# (web/throttle.py) counts failures in the "logins" cache, which every server process must share:
# the database's by default (its table is made by `mittaristo migrate`), or Redis
# (redis://127.0.0.1:6379/1). `mittaristo check --deploy` refuses a per-process one.
DJANGO_REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"
# Django's own, keeping its client object per connection pool (core/redis_cache.py).
REDIS_CACHE = "mittaristo.core.redis_cache.RedisCache"


def cache_config(url: str) -> dict:
    """A cache from its URL, as django-environ reads it, with two things it misses."""
    config = env.cache_url_config(url)
    if config["BACKEND"] == DJANGO_REDIS_CACHE:
        config["BACKEND"] = REDIS_CACHE
    # django-environ lower-cases every query option for Django's Redis backend, KEY_PREFIX,
    # TIMEOUT and VERSION too, which Django then ignores: give them back their names.
    for name in ("key_prefix", "timeout", "version", "key_function"):
        if name in config:
            config[name.upper()] = config.pop(name)
    if config["BACKEND"] == REDIS_CACHE:
        # Without these a Redis that stopped answering (a machine gone, not a refused port)
        # would hold every request, and the health check, for the system's TCP timeout.
        options = config.setdefault("OPTIONS", {})
        options.setdefault("socket_connect_timeout", 2)
        options.setdefault("socket_timeout", 2)
    return config


CACHES = {
    "default": cache_config(env("CACHE_URL")),
    "logins": cache_config(env("LOGIN_CACHE_URL")),
    # The reports' files (reports/document.py): shared by the web processes and the worker,
    # which builds a published round's files in advance (reports/prebuild.py).
    "reports": cache_config(env("REPORT_CACHE_URL")),
}
# A full database or in-process cache deletes a third of its entries, locks included: a flood
# of made-up names would open every lock. Far more room than failures and known addresses need.
if CACHES["logins"]["BACKEND"] != REDIS_CACHE:
    CACHES["logins"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 100_000)
# Sessions: in the database, and with a shared default cache (Redis) read from that cache as
# well ("cached_db"): a request reads its session from Redis, a login or logout writes both.
# Not "cache" alone: a Redis restart, an eviction under maxmemory or the cache.clear() after an
# upgrade (docs/operations.md) would then log everybody out. Never cached_db over a per-process
# cache: a logout on one process would leave the session alive in the others' copies.
SESSION_CACHE_ALIAS = "default"
if CACHES["default"]["BACKEND"] == REDIS_CACHE:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
LOGIN_FAILURE_LIMIT = env("LOGIN_FAILURE_LIMIT")
LOGIN_LOCK_MINUTES = env("LOGIN_LOCK_MINUTES")
LOGIN_ADDRESS_FAILURE_LIMIT = env("LOGIN_ADDRESS_FAILURE_LIMIT")
LOGIN_ADDRESS_LOCK_MINUTES = env("LOGIN_ADDRESS_LOCK_MINUTES")
# The password reset form sends mail: requests per e-mail address and per client address, and
# how long each count lasts from its last request (counted in the same "logins" cache).
PASSWORD_RESET_LIMIT = env("PASSWORD_RESET_LIMIT")
PASSWORD_RESET_ADDRESS_LIMIT = env("PASSWORD_RESET_ADDRESS_LIMIT")
PASSWORD_RESET_LOCK_MINUTES = env("PASSWORD_RESET_LOCK_MINUTES")
# Surveys: no result, breakdown or open text is shown for a group of fewer respondents.
SURVEY_MIN_GROUP = env("SURVEY_MIN_GROUP")
# Wrong survey answering codes from one address before it is refused, and for how long
# (web/throttle.py, CodeThrottle; counted in the "logins" cache).
SURVEY_CODE_FAILURE_LIMIT = env("SURVEY_CODE_FAILURE_LIMIT")
SURVEY_CODE_LOCK_MINUTES = env("SURVEY_CODE_LOCK_MINUTES")
# The API's rate limits (api/throttling.py; counted in the "logins" cache): requests per address
# for the open reads, batches per token for writes, as "N/s", "N/min", "N/h" or "N/day"; and the
# most observations one batch may hold.
API_READ_RATE = env("API_READ_RATE")
API_WRITE_RATE = env("API_WRITE_RATE")
for _name, _rate in (("API_READ_RATE", API_READ_RATE), ("API_WRITE_RATE", API_WRITE_RATE)):
    _count, _slash, _per = _rate.partition("/")
    if not _count.strip().isdigit() or _per.strip() not in (
        "s",
        "sec",
        "m",
        "min",
        "h",
        "hour",
        "d",
        "day",
    ):
        raise ImproperlyConfigured(
            f"{_name} must be a rate such as 300/min (N/s, N/min, N/h or N/day), not {_rate!r}."
        )
API_WRITE_MAX_ROWS = env("API_WRITE_MAX_ROWS")
# Investments of at least this many euros (the city's and external funding together) should
# have an investment calculation: the indicator "investment calculations" is the share of them
# that do (docs/investments.md).
INVESTMENT_CALCULATION_THRESHOLD = env("INVESTMENT_CALCULATION_THRESHOLD")

# Files uploaded for import wait here between the preview and the decision to store.
UPLOAD_DIR = Path(env("UPLOAD_DIR"))
# A file larger than this is refused before it is read (the web upload and the command line);
# a spreadsheet also when it unpacks to more, or its first sheet spans more cells (rows ×
# columns, which is what the reader builds: about 32 bytes each). See docs/configuration.md.
UPLOAD_MAX_MB = env("UPLOAD_MAX_MB")
UPLOAD_MAX_UNPACKED_MB = env("UPLOAD_MAX_UNPACKED_MB")
IMPORT_MAX_CELLS = env("IMPORT_MAX_CELLS")
# A file waiting for its store longer than this is removed by `mittaristo clean-uploads`.
UPLOAD_MAX_AGE_HOURS = env("UPLOAD_MAX_AGE_HOURS")
# A file of more rows than this is stored by the background worker (`mittaristo worker`),
# not inside the web request, whose time a large file would outlast.
IMPORT_JOB_ROWS = env("IMPORT_JOB_ROWS")
# Seconds a store waits for another one writing the same indicators before it gives up.
IMPORT_LOCK_WAIT = env("IMPORT_LOCK_WAIT")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The size limit first: a file above UPLOAD_MAX_MB is skipped while it arrives (web/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "mittaristo.web.uploads.SizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# A large upload arrives in a temporary file (0600) here, so that one cut off by a killed
# worker is removed by `mittaristo clean-uploads` with the rest.
FILE_UPLOAD_TEMP_DIR = str(UPLOAD_DIR / "incoming")
Path(FILE_UPLOAD_TEMP_DIR).mkdir(mode=0o700, parents=True, exist_ok=True)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Work longer than a request, and the scheduled work, runs in a job queue kept in PostgreSQL
# (procrastinate), run by `mittaristo worker` (docs/jobs.md). On SQLite (the demo) there is no
# queue: a job runs in-line, in the process that asks for it, and `mittaristo worker` runs the
# schedule itself.
JOBS_QUEUE = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
# Days the record of a finished job is kept (the nightly jobs.housekeeping removes older ones,
# except each job's newest run and newest failure).
JOB_RECORDS_KEEP_DAYS = env("JOB_RECORDS_KEEP_DAYS")
if JOB_RECORDS_KEEP_DAYS < 1:
    raise ImproperlyConfigured("JOB_RECORDS_KEEP_DAYS must be at least 1 (docs/configuration.md).")
# Days a national series that no indicator reads any more is kept, with its values, before the
# nightly housekeeping removes it (sources/housekeeping.py).
SERIES_UNREAD_KEEP_DAYS = env("SERIES_UNREAD_KEEP_DAYS")
if SERIES_UNREAD_KEEP_DAYS < 1:
    raise ImproperlyConfigured(
        "SERIES_UNREAD_KEEP_DAYS must be at least 1 (docs/configuration.md)."
    )
# Scheduled jobs at other times than their own (schedule/tasks.py), or not at all:
# "name=cron expression (UTC)" or "name=off", separated by ";". A name that is not a scheduled
# job's is reported by `mittaristo check` (schedule/apps.py).
JOB_SCHEDULE = {}
for _part in filter(None, (p.strip() for p in env("JOB_SCHEDULE").split(";"))):
    _name, _equals, _cron = (x.strip() for x in _part.partition("="))
    _valid = _cron == "off" or (len(_cron.split()) == 5 and croniter.is_valid(_cron))
    if not (_name and _equals and _valid):
        raise ImproperlyConfigured(
            f"JOB_SCHEDULE: {_part!r} is not a job's name = a cron expression of five fields "
            'or "off", e.g. "schedule.send-reminders=0 6 * * 1" (docs/configuration.md).'
        )
    JOB_SCHEDULE[_name] = _cron
if JOBS_QUEUE:
    INSTALLED_APPS.insert(INSTALLED_APPS.index("mittaristo.core"), "procrastinate.contrib.django")
# Every module that defines jobs (the worker imports them; nothing is discovered by name).
PROCRASTINATE_AUTODISCOVER_MODULE_NAME = None
PROCRASTINATE_IMPORT_PATHS = [
    "mittaristo.jobs.tasks",
    "mittaristo.observations.imports.jobs",
    "mittaristo.reports.prebuild",
    "mittaristo.schedule.tasks",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "app-overview"
LOGOUT_REDIRECT_URL = "overview"

# Single sign-on for staff with OpenID Connect (e.g. Microsoft Entra ID), optional: on when
# OIDC_CLIENT_ID is set; password login stays (core/sso.py, docs/configuration.md). The names on
# the right are mozilla-django-oidc's.
OIDC_ENABLED = bool(env("OIDC_CLIENT_ID"))
OIDC_RP_CLIENT_ID = env("OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env("OIDC_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env("OIDC_USERINFO_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_JWKS_ENDPOINT") or None
OIDC_RP_SIGN_ALGO = env("OIDC_SIGN_ALGO")
OIDC_RP_SCOPES = env("OIDC_SCOPES")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_CREATE_USER = env("OIDC_CREATE_USERS")
OIDC_GROUPS_CLAIM = env("OIDC_GROUPS_CLAIM")
# The provider's group (its id or name, as the groups claim gives it) → Mittaristo's role
# groups (core/roles.py), several separated by ";": e.g. 3f2a…=strategy_lead,9c1b…=viewer;finance.
OIDC_GROUP_ROLES = {
    group: [role.strip() for role in roles.split(";") if role.strip()]
    for group, roles in env("OIDC_GROUP_ROLES").items()
}
OIDC_PROVIDER_NAME = env("OIDC_PROVIDER_NAME")
# The role groups a provider's group may give: core/roles.ROLE_GROUPS, which settings cannot
# import (tests/core/test_sso.py checks that the two agree). The administrator is not among
# them: a superuser is made in Mittaristo itself.
SSO_ROLES = ("strategy_lead", "viewer", "finance")
LOGIN_REDIRECT_URL_FAILURE = "/app/login/?sso=failed"
if OIDC_ENABLED:
    _missing = [
        name
        for name in (
            "OIDC_CLIENT_SECRET",
            "OIDC_AUTHORIZATION_ENDPOINT",
            "OIDC_TOKEN_ENDPOINT",
            "OIDC_USERINFO_ENDPOINT",
        )
        if not env(name)
    ]
    if OIDC_RP_SIGN_ALGO.startswith(("RS", "ES")) and not OIDC_OP_JWKS_ENDPOINT:
        _missing.append("OIDC_JWKS_ENDPOINT")
    if _missing:
        raise ImproperlyConfigured(
            f"OIDC_CLIENT_ID is set, so single sign-on is on, but {', '.join(_missing)} "
            "is not set (see docs/configuration.md, 'Single sign-on')."
        )
    _unknown = {role for roles in OIDC_GROUP_ROLES.values() for role in roles} - set(SSO_ROLES)
    if _unknown:
        raise ImproperlyConfigured(
            f"OIDC_GROUP_ROLES names roles that do not exist: {', '.join(sorted(_unknown))} "
            f"(the roles are {', '.join(SSO_ROLES)})."
        )
