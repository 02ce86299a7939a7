"""Deployment checks (`mittaristo check --deploy`) for what Django's own do not know."""

from django.conf import settings
from django.core import checks

PER_PROCESS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@checks.register(checks.Tags.security, deploy=True)
def login_cache_is_shared(app_configs, **kwargs):
    """Failed logins must be counted where every server process sees them."""
    if settings.CACHES["logins"]["BACKEND"] in PER_PROCESS:
        return [
            checks.Error(
                "LOGIN_CACHE_URL names a cache that each server process keeps for itself, so "
                "every process counts failed logins apart and a guesser gets the limit once per "
                "process.",
                hint="Use the database's (dbcache://mittaristo_login_cache) or Redis "
                "(redis://127.0.0.1:6379/1); see docs/configuration.md.",
                id="mittaristo.E001",
            )
        ]
    return []


@checks.register(checks.Tags.caches, deploy=True)
def report_cache_is_shared(app_configs, **kwargs):
    """The worker builds a published round's reports into this cache for the web processes."""
    if settings.CACHES["reports"]["BACKEND"] in PER_PROCESS:
        return [
            checks.Warning(
                "REPORT_CACHE_URL names a cache that each process keeps for itself: the reports "
                "the worker builds when a round is published never reach the web processes, and "
                "each process builds every file again.",
                hint="Use the database's (dbcache://mittaristo_report_cache) or Redis; see "
                "docs/configuration.md.",
                id="mittaristo.W001",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def session_cache_is_shared(app_configs, **kwargs):
    """Sessions read from a cache must be read from one every server process shares."""
    cached = settings.SESSION_ENGINE in (
        "django.contrib.sessions.backends.cache",
        "django.contrib.sessions.backends.cached_db",
    )
    if cached and settings.CACHES[settings.SESSION_CACHE_ALIAS]["BACKEND"] in PER_PROCESS:
        return [
            checks.Error(
                "Sessions are kept in a cache that each server process keeps for itself: a "
                "person logged in on one process is a stranger to the others, and one logged "
                "out on one stays logged in on the others.",
                hint="Set CACHE_URL to Redis (redis://127.0.0.1:6379/0), which keeps sessions "
                "in the database and reads them from Redis, or keep them in the database alone; "
                "see docs/configuration.md.",
                id="mittaristo.E002",
            )
        ]
    return []
