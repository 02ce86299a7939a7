"""Login throttling against password guessing, counted in a cache every server process shares.

Three counts, each kept in the `logins` cache (LOGIN_CACHE_URL; the database by default, Redis
where there is one), so that every worker of every server sees the same numbers:

- one user name from one address: after LOGIN_FAILURE_LIMIT failures the pair is locked for
  LOGIN_LOCK_MINUTES from the last failure; a correct password does not open it early. The lock
  is tied to the address, so a guesser cannot lock a person out from everywhere.
- one address, any user names: after LOGIN_ADDRESS_FAILURE_LIMIT failures (a slower limit, for
  one password tried on many names) the address is refused for LOGIN_ADDRESS_LOCK_MINUTES.
  A successful login does not reset it, or one valid account would open the way for the rest.
- one user name, any address (guessing spread over many addresses): after twice
  LOGIN_FAILURE_LIMIT failures each further attempt waits a delay that doubles with every
  failure, up to LOGIN_LOCK_MINUTES; never a lock for good. The name's count lasts a day from
  its last failure, so waiting out the delay does not earn free attempts again. Addresses the
  person has logged in from before (for 30 days) are exempt, so a stranger cannot keep them out.

IPv6 addresses are counted by their /64 network, which one subscriber usually holds whole.
Each of the pair's LOGIN_FAILURE_LIMIT attempts is a slot taken before the password is checked,
with the cache's `add`, which is atomic in every shared cache (a unique key in the database,
SET NX in Redis): parallel requests cannot slip extra guesses past the limit.

The password reset form (ResetThrottle) is counted in the same cache, by request rather than by
failure, since each request may send a mail: PASSWORD_RESET_LIMIT requests for one e-mail
address and PASSWORD_RESET_ADDRESS_LIMIT from one client address, each count lasting
PASSWORD_RESET_LOCK_MINUTES from its last request. The refusal is the same whether or not an
account has the address, so it tells nobody which addresses exist.
"""

import hashlib
import hmac
import ipaddress
import logging
import math
import time

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.cache import caches
from django.utils.translation import gettext as _

from mittaristo.core.http import client_address, site_host

CACHE_ALIAS = "logins"
# Every login decision is logged (OWASP ASVS 7.2.1), without the name or the address.
log = logging.getLogger("mittaristo.login")
KNOWN_DAYS = 30
NAME_WINDOW_MINUTES = 24 * 60


def _now() -> float:
    return time.time()


def _digest(*parts: str) -> str:
    # The cache holds no user names or addresses, only keyed hashes of them: without the
    # SECRET_KEY nobody can tell which names or addresses they came from by trying them all.
    message = "|".join(parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _network(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _count(cache, key: str, minutes: int) -> int:
    """One more in the count at key, kept for minutes from now; the new count."""
    cache.add(key, 0, timeout=minutes * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 0, timeout=minutes * 60)
        count = cache.incr(key)
    # Some caches' incr restarts the expiry at their default; the lock runs from now.
    cache.touch(key, timeout=minutes * 60)
    return count


class Throttle:
    """The counts for one login attempt: a user name from an address."""

    def __init__(self, username: str, address: str):
        name = username.casefold()
        network = _network(address)
        self.cache = caches[CACHE_ALIAS]
        pair = _digest(name, network)
        self.slots = [f"login-pair:{pair}:{n}" for n in range(settings.LOGIN_FAILURE_LIMIT)]
        self.address = f"login-address:{_digest(network)}"
        self.name = f"login-name:{_digest(name)}"
        self.delay = f"login-delay:{_digest(name)}"
        self.known = f"login-known:{_digest(name, network)}"

    def _count(self, key: str, minutes: int) -> int:
        return _count(self.cache, key, minutes)

    def _slots_taken(self) -> int:
        return len(self.cache.get_many(self.slots))

    def _take_slot(self) -> bool:
        """Takes one of the pair's attempts; False when another request took the last one."""
        timeout = settings.LOGIN_LOCK_MINUTES * 60
        return any(self.cache.add(slot, 1, timeout=timeout) for slot in self.slots)

    def refusal(self) -> int | None:
        """Minutes to wait if this attempt is refused without checking the password, else None.

        Takes one of the pair's attempts; a refused attempt does not extend a lock.
        """
        if self.cache.get(self.address, 0) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return settings.LOGIN_ADDRESS_LOCK_MINUTES
        if self._slots_taken() >= settings.LOGIN_FAILURE_LIMIT:
            return settings.LOGIN_LOCK_MINUTES
        until = self.cache.get(self.delay)
        if until is not None and until > _now() and not self.cache.get(self.known):
            return math.ceil((until - _now()) / 60)
        if not self._take_slot():
            return settings.LOGIN_LOCK_MINUTES
        return None

    def failed(self) -> int | None:
        """Count a wrong password; minutes to wait if that reached a limit, else None."""
        # The pair's lock runs from its last failure.
        for slot in self.slots:
            self.cache.touch(slot, timeout=settings.LOGIN_LOCK_MINUTES * 60)
        self._count(self.address, settings.LOGIN_ADDRESS_LOCK_MINUTES)
        if not self.cache.get(self.known):
            failures = self._count(self.name, NAME_WINDOW_MINUTES)
            free = 2 * settings.LOGIN_FAILURE_LIMIT
            if failures >= free:
                seconds = min(2 ** (failures - free), settings.LOGIN_LOCK_MINUTES * 60)
                self.cache.set(self.delay, _now() + seconds, timeout=seconds)
        if self._slots_taken() >= settings.LOGIN_FAILURE_LIMIT:
            return settings.LOGIN_LOCK_MINUTES
        return None

    def succeeded(self) -> None:
        self.cache.delete_many([*self.slots, self.name, self.delay])
        self.cache.set(self.known, 1, timeout=KNOWN_DAYS * 24 * 60 * 60)


class ThrottleMixin:
    """Refuses to check passwords for a user name and address that have failed too often."""

    def clean(self):
        throttle = Throttle(self.cleaned_data.get("username") or "", client_address(self.request))
        minutes = throttle.refusal()
        if minutes is not None:
            log.warning("login refused: too many failures, %d min to wait", minutes)
            raise self._locked_error(minutes)
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if self.user_cache is not None:  # the right password, on a non-staff account
                log.info("login refused: the account may not log in here")
                throttle.succeeded()
                raise
            log.info("login failed: wrong user name or password")
            minutes = throttle.failed()
            if minutes is not None:
                raise self._locked_error(minutes) from None
            raise
        log.info("login succeeded")
        throttle.succeeded()
        return cleaned

    def _locked_error(self, minutes: int):
        message = _(
            "Too many failed attempts to log in. Try again in %(minutes)d min. "
            "If you have forgotten your password, ask your administrator."
        )
        return forms.ValidationError(message % {"minutes": minutes}, code="locked")


class ThrottledAuthenticationForm(ThrottleMixin, AuthenticationForm):
    """The app's login form."""


class ThrottledAdminAuthenticationForm(ThrottleMixin, AdminAuthenticationForm):
    """The admin site's login form: the same counts, so /admin/ is no second door."""


class ResetThrottle:
    """The counts for one password reset request: an e-mail address from a client address."""

    def __init__(self, email: str, address: str):
        self.cache = caches[CACHE_ALIAS]
        self.email = f"reset-email:{_digest(email.strip().casefold())}"
        self.address = f"reset-address:{_digest(_network(address))}"

    def refusal(self) -> int | None:
        """Minutes to wait if this request is refused, else None, and the request counted.

        A refused request is not counted, so asking again does not lengthen the wait.
        """
        minutes = settings.PASSWORD_RESET_LOCK_MINUTES
        limits = {
            self.email: settings.PASSWORD_RESET_LIMIT,
            self.address: settings.PASSWORD_RESET_ADDRESS_LIMIT,
        }
        if any(self.cache.get(key, 0) >= limit for key, limit in limits.items()):
            return minutes
        for key in limits:
            _count(self.cache, key, minutes)
        return None


class ThrottledPasswordResetForm(PasswordResetForm):
    """The password reset form, which sends no more mail than the limits allow."""

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if "email" not in cleaned:
            return cleaned
        minutes = ResetThrottle(cleaned["email"], client_address(self.request)).refusal()
        if minutes is not None:
            log.warning("password reset refused: too many requests, %d min to wait", minutes)
            message = _(
                "Too many requests to reset a password. Try again in %(minutes)d min. "
                "If the link has not arrived, ask your administrator."
            )
            raise forms.ValidationError(message % {"minutes": minutes}, code="throttled")
        return cleaned

    def save(self, **kwargs):
        """Send the link; with SITE_URL set, on the site's own address rather than the host
        the request named."""
        site = site_host()
        if site is not None:
            kwargs["domain_override"], kwargs["use_https"] = site
        return super().save(**kwargs)


class CodeThrottle:
    """The wrong answering codes typed from one client address (surveys with one-time codes).

    Only failures count: after SURVEY_CODE_FAILURE_LIMIT wrong codes the address is refused
    for SURVEY_CODE_LOCK_MINUTES from its last failure, whatever the code, so that nobody finds
    valid codes by trying them. Kept in the login limits' shared cache, as keyed hashes.
    """

    def __init__(self, address: str):
        self.cache = caches[CACHE_ALIAS]
        self.address = f"survey-code-address:{_digest(_network(address))}"

    def refusal(self) -> int | None:
        """Minutes to wait if the address may not try a code now, else None."""
        if self.cache.get(self.address, 0) >= settings.SURVEY_CODE_FAILURE_LIMIT:
            return settings.SURVEY_CODE_LOCK_MINUTES
        return None

    def failed(self) -> None:
        _count(self.cache, self.address, settings.SURVEY_CODE_LOCK_MINUTES)
