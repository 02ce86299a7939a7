"""Login throttling against password guessing: failures counted per user name and address.

After LOGIN_FAILURE_LIMIT failed attempts for one user name from one address, that pair is
locked for LOGIN_LOCK_MINUTES; a correct password does not open it early. Counting both parts
means a guesser cannot lock a person out from everywhere, and a successful login clears the count.
"""

import hashlib

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.utils.translation import gettext as _


def _key(username: str, address: str) -> str:
    digest = hashlib.sha256(f"{username.casefold()}|{address}".encode()).hexdigest()
    return f"login-failures:{digest}"


def client_address(request) -> str:
    """The address the request came from.

    Behind a trusted proxy (SECURE_PROXY_SSL_HEADER set) that is the last address the proxy
    appended to X-Forwarded-For; earlier entries come from the client and prove nothing.
    """
    if request is None:
        return ""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def is_locked(username: str, address: str) -> bool:
    return cache.get(_key(username, address), 0) >= settings.LOGIN_FAILURE_LIMIT


def record_failure(username: str, address: str) -> int:
    """Count one failed login; returns the failures so far. The lock runs from the last one."""
    key = _key(username, address)
    failures = cache.get(key, 0) + 1
    cache.set(key, failures, timeout=settings.LOGIN_LOCK_MINUTES * 60)
    return failures


def clear_failures(username: str, address: str) -> None:
    cache.delete(_key(username, address))


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form that refuses to check passwords for a locked user name and address."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request)
        if is_locked(username, address):
            raise self._locked_error()
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if record_failure(username, address) >= settings.LOGIN_FAILURE_LIMIT:
                raise self._locked_error() from None
            raise
        clear_failures(username, address)
        return cleaned

    def _locked_error(self):
        message = _(
            "Too many failed attempts to log in. Try again in %(minutes)d min. "
            "If you have forgotten your password, ask your administrator."
        )
        return forms.ValidationError(
            message % {"minutes": settings.LOGIN_LOCK_MINUTES}, code="locked"
        )
