"""Logs for production: one JSON object per line on standard error, each with its request's id.

Every request gets an id (the proxy's X-Request-ID when a proxy is trusted, else a new one),
answered in the X-Request-ID header and written on every line logged while it is served, so an
error a person reports can be found with its traceback. The request log says what was asked,
how it went and which account asked (its number, never a name or e-mail address): no query
string, no user agent, and no client address unless LOG_CLIENT_ADDRESS is on.
"""

import contextvars
import functools
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.conf import settings

from .http import client_address

request_id = contextvars.ContextVar("request_id", default="")
VALID_ID = re.compile(r"[A-Za-z0-9._-]{1,64}\Z")
REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "user_id")
OPTIONAL_FIELDS = ("client_address",)
request_log = logging.getLogger("mittaristo.request")


class RequestIdFilter(logging.Filter):
    """Puts the id of the request being served (or "") on every record."""

    def filter(self, record):
        record.request_id = request_id.get()
        return True


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, request id, traceback."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if getattr(record, "request_id", ""):
            entry["request_id"] = record.request_id
        entry.update(
            {
                key: getattr(record, key)
                for key in (*REQUEST_FIELDS, *OPTIONAL_FIELDS)
                if hasattr(record, key)
            }
        )
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def posts_not_logged(view):
    """A view whose POST requests get no request-log line. For sending a survey's answers: a
    line's time, matched with the order in which responses are stored, would tell when an
    answer was given (docs/surveys.md). Errors are still logged."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        request.posts_not_logged = True
        return view(request, *args, **kwargs)

    return wrapped


def _unlogged(request) -> bool:
    return request.method == "POST" and getattr(request, "posts_not_logged", False)


def quiet_when_ok(request) -> None:
    """Logs this request's line at DEBUG if it succeeds: the load balancer asks /health/ every
    few seconds, and its lines would bury the people's. A failure is logged as any other."""
    request.quiet_when_ok = True


def _user_id(request) -> int | None:
    """The account's number, or None for an anonymous request (or one never given a user:
    a static file answered before the session was read)."""
    user = getattr(request, "user", None)
    if user is None:
        return None
    try:
        return user.pk if user.is_authenticated else None
    except Exception:  # the session or user could not be read: the database may be what failed
        return None


class RequestLogMiddleware:
    """Gives each request its id and logs one line for it when it is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        trusted = given and getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        current = given if trusted and VALID_ID.match(given) else uuid.uuid4().hex
        token = request_id.set(current)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = current
            duration = round((time.perf_counter() - started) * 1000, 1)
            quiet = getattr(request, "quiet_when_ok", False) and response.status_code < 400
            level = logging.DEBUG if quiet else logging.INFO
            if not _unlogged(request) and request_log.isEnabledFor(level):
                fields = {
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration,
                    "user_id": _user_id(request),
                }
                if settings.LOG_CLIENT_ADDRESS:
                    fields["client_address"] = client_address(request)
                request_log.log(level, "%(method)s %(path)s %(status)s", fields, extra=fields)
            return response
        finally:
            request_id.reset(token)
