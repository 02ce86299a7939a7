"""/health/ for the load balancer: can this app process serve, and is its background work alive.

    {"status": "ok", "checks": {"database": {"status": "ok", "ms": 0.4},
                                "cache": {"status": "ok", "ms": 0.3},
                                "queue": {"status": "not configured"}}}

200 when no check fails, 503 when one does ("status": "fail"); no login, never cached. Each
check is cheap (one `SELECT 1`; a write and a read of a key in each shared cache), so the
balancer may ask every few seconds; its successful requests are logged at DEBUG only.

The checks are a registry: an app adds its own with `register(name, check)`, e.g. the job
queue's app in its `AppConfig.ready()`. A check returns None (ok) or a dict of details, which
may say {"ok": False} (failing) or {"status": "not configured"}; a check that raises fails, and
its exception is logged with the request's id as a warning (the answer names no error: it is
public), never mailed to ADMINS: the balancer would repeat it every few seconds.
"""

import logging
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .logs import quiet_when_ok

OK, FAIL, NOT_CONFIGURED = "ok", "fail", "not configured"
Check = Callable[[], dict | None]
log = logging.getLogger("mittaristo.health")
_checks: dict[str, Check] = {}


def register(name: str, check: Check) -> None:
    """Adds the check under name, or replaces the one there (e.g. the queue's placeholder)."""
    _checks[name] = check


def not_configured() -> dict:
    """The placeholder of a part this installation does not run (yet)."""
    return {"status": NOT_CONFIGURED}


def database() -> None:
    """The database answers a query."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def cache() -> dict | None:
    """Every shared cache (the pages', the login limits', the reports') takes a key and gives it
    back; a database cache is only read (a write there counts its table's rows)."""
    failed = []
    seen = set()
    for alias in ("default", "logins", "reports"):
        config = settings.CACHES[alias]
        where = (config["BACKEND"], str(config.get("LOCATION", "")))
        if where in seen:
            continue
        seen.add(where)
        try:
            _answers(caches[alias])
        except Exception:
            log.warning("health: the %s cache does not answer", alias, exc_info=True)
            failed.append(alias)
    return {"ok": False, "failed": failed} if failed else None


def _answers(store) -> None:
    key = f"mittaristo-health-{uuid.uuid4().hex}"
    if isinstance(store, DatabaseCache):
        store.get(key)
        return
    store.set(key, 1, timeout=10)
    if store.get(key) != 1:
        raise RuntimeError("a key written to the cache was not read back")


register("database", database)
register("cache", cache)
register("queue", not_configured)  # the job queue's app registers its own check


def _run(name: str, check: Check) -> dict:
    started = time.perf_counter()
    try:
        details = check() or {}
    except Exception:
        log.warning("health: check %s failed", name, exc_info=True)
        details = {"ok": False}
    details = dict(details)
    healthy = details.pop("ok", True)
    result = {"status": details.pop("status", OK if healthy else FAIL)}
    if result["status"] != NOT_CONFIGURED:
        result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result | details


def run_checks() -> dict[str, dict]:
    """Every registered check's result, in the order registered."""
    return {name: _run(name, check) for name, check in _checks.items()}


@never_cache
@require_safe
def health(request):
    """The health of this process, its database, caches and queue, as JSON: 200 or 503."""
    quiet_when_ok(request)
    checks = run_checks()
    failed = any(result["status"] == FAIL for result in checks.values())
    response = JsonResponse(
        {"status": FAIL if failed else OK, "checks": checks}, status=503 if failed else 200
    )
    # Not again as django.request's ERROR, which mails ADMINS: the balancer asks every few
    # seconds, and the failing check is logged above with its traceback as a warning.
    response._has_been_logged = True
    return response
