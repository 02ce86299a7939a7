"""Rate limits of the API: per address for the open reads, per token for writes.

django-ninja's throttling hook (an operation's `throttle=`, its 429 with Retry-After) with
counts of our own: ninja's SimpleRateThrottle keeps a list of every request's time under one
key and writes it back whole (read, change, write), so parallel requests of two server
processes overwrite each other's entries, and a limit of 600 a minute rewrites 600 times at
each request. Here a request adds one to a counter per fixed window (`add` then `incr`, atomic
in Redis; in the database cache close enough for a rate limit, which guards the server, not a
password), kept in the "logins" cache, which every server process shares (LOGIN_CACHE_URL,
web/throttle.py). Addresses are counted by web.throttle.client_address (the proxy's last
X-Forwarded-For entry where SECURE_PROXY_SSL_HEADER is set), and only as keyed digests.

The rates come from the settings (API_READ_RATE, API_WRITE_RATE: "300/min"), read at each
request so that a test can lower them with override_settings.
"""

import hashlib
import hmac
import math
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext as _
from ninja.errors import Throttled
from ninja.throttling import BaseThrottle

from mittaristo.web.throttle import CACHE_ALIAS, client_address

from .responses import error_response

PERIODS = {"s": 1, "sec": 1, "min": 60, "m": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(text: str) -> tuple[int, int]:
    """'300/min' → (300, 60): requests, seconds. ValueError for anything else."""
    count, _slash, per = text.strip().partition("/")
    if not count.strip().isdigit() or per.strip() not in PERIODS:
        raise ValueError(
            f"not a rate: {text!r} (write e.g. 300/min; periods: {', '.join(PERIODS)})"
        )
    return int(count), PERIODS[per.strip()]


def _now() -> float:
    return time.time()


class WindowThrottle(BaseThrottle):
    """At most N requests of one client per window of the rate's length."""

    setting = ""  # the name of the rate's setting
    scope = ""

    def __init__(self):
        # ninja asks wait() right after a refusal, in the same thread; one instance serves all.
        self._local = threading.local()

    def client(self, request) -> str | None:
        raise NotImplementedError

    def refusal(self, count: int, seconds: int, wait: int) -> str:
        raise NotImplementedError

    def allow_request(self, request) -> bool:
        client = self.client(request)
        if client is None:
            return True
        count, seconds = parse_rate(getattr(settings, self.setting))
        now = _now()
        window = int(now // seconds)
        wait = max(1, math.ceil((window + 1) * seconds - now))
        self._local.wait = wait
        name = hmac.new(settings.SECRET_KEY.encode(), client.encode(), hashlib.sha256)
        key = f"api-rate:{self.scope}:{name.hexdigest()[:32]}:{seconds}:{window}"
        cache = caches[CACHE_ALIAS]
        cache.add(key, 0, timeout=seconds + 1)
        try:
            made = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=seconds + 1)
            made = 1
        if made <= count:
            return True
        request._throttle_message = self.refusal(count, seconds, wait)
        return False

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)


def _per(seconds: int) -> str:
    return {
        1: _("a second"),
        60: _("a minute"),
        3600: _("an hour"),
        86400: _("a day"),
    }[seconds]


class ReadThrottle(WindowThrottle):
    """The open reads, per client address."""

    setting = "API_READ_RATE"
    scope = "read"

    def client(self, request):
        return client_address(request)

    def refusal(self, count, seconds, wait):
        return _(
            "Too many requests from your address: the API answers %(count)s requests %(per)s. "
            "Try again in %(wait)s seconds, or ask for larger pages (page_size=1000) and fewer "
            "of them."
        ) % {"count": count, "per": _per(seconds), "wait": wait}


class WriteThrottle(WindowThrottle):
    """Writes, per token."""

    setting = "API_WRITE_RATE"
    scope = "write"

    def client(self, request):
        token = getattr(request, "auth", None)
        return None if token is None else f"token:{token.pk}"

    def refusal(self, count, seconds, wait):
        return _(
            "Too many requests with this token: it may send %(count)s batches %(per)s. Try "
            "again in %(wait)s seconds, or send more observations in one batch."
        ) % {"count": count, "per": _per(seconds), "wait": wait}


def throttled(request, exc: Throttled):
    """429 in JSON with what to do; ninja adds Retry-After."""
    message = getattr(request, "_throttle_message", "") or _("Too many requests; try again later.")
    return error_response(429, message)
