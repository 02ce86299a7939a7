"""API tokens: made and revoked by the administrator (the admin, `mittaristo api-token`), sent
by a system as `Authorization: Bearer <token>`.

The token is `mittaristo_` and 43 random URL-safe characters (256 bits); it is shown once and
only its SHA-256 digest is stored (models.py). A revoked or unknown token gets 401 in JSON.
"""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from mittaristo.strategy.models import Indicator, Organisation, Strategy

from .models import ApiToken
from .responses import ApiError

SCHEME = "mittaristo_"


class TokenError(ValueError):
    """A token cannot be made or revoked as asked; the message says why."""


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def give_secret(token: ApiToken) -> str:
    """A new secret for a token not yet saved: sets its prefix and digest, returns the secret."""
    secret = SCHEME + secrets.token_urlsafe(32)
    token.prefix, token.digest = secret[: len(SCHEME) + 6], digest(secret)
    return secret


@transaction.atomic
def api_token_create(
    *, name: str, indicators, organisation: Organisation | None = None, user=None
) -> tuple[ApiToken, str]:
    """A new token for the system `name` of `organisation`, allowed to write `indicators`
    (all of that organisation; without `organisation`, the one organisation they belong to):
    (token, secret). The secret is returned this once and stored only as its digest.
    """
    name = name.strip()
    if not name:
        raise TokenError(_("A token needs a name: the system that will use it."))
    indicators = list(indicators)
    if not indicators:
        raise TokenError(_("A token needs at least one indicator it may write."))
    organisation = organisation or _organisation_of(indicators)
    if outside := indicators_outside(indicators, organisation):
        raise TokenError(
            _("A token writes the indicators of one organisation; %(codes)s are not %(name)s's.")
            % {"codes": ", ".join(outside), "name": organisation.address}
        )
    if ApiToken.objects.active().filter(organisation=organisation, name=name).exists():
        raise TokenError(
            _("A token named “%(name)s” is in use; revoke it first or choose another name.")
            % {"name": name}
        )
    token = ApiToken(name=name, organisation=organisation, created_by=user)
    secret = give_secret(token)
    token.save()
    token.indicators.set(indicators)
    return token, secret


def _organisation_of(indicators) -> Organisation:
    found = {i.strategy.organisation for i in indicators}
    if len(found) != 1:
        raise TokenError(
            _("The indicators belong to several organisations (%(names)s); a token writes one's.")
            % {"names": ", ".join(sorted(o.address for o in found))}
        )
    return found.pop()


def indicators_outside(indicators, organisation) -> list[str]:
    """The codes of those of `indicators` that are not `organisation`'s."""
    return sorted({i.code for i in indicators if i.strategy.organisation_id != organisation.pk})


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """From now on the token gets 401; what it wrote stays, naming it."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def indicators_named(
    codes: list[str], strategy_code: str | None = None, *, organisation=None
) -> list[Indicator]:
    """The indicators of these codes (of `organisation`'s strategies if given, of one
    strategy if named); TokenError naming what is unknown or ambiguous."""
    queryset = Indicator.objects.select_related("strategy__organisation")
    strategies = Strategy.objects.all()
    if organisation is not None:
        queryset = queryset.filter(strategy__organisation=organisation)
        strategies = strategies.filter(organisation=organisation)
    if strategy_code:
        strategy = strategies.filter(code=strategy_code).first()
        if strategy is None:
            raise TokenError(_("Unknown strategy “%(code)s”.") % {"code": strategy_code})
        queryset = queryset.filter(strategy=strategy)
    found: dict[str, list[Indicator]] = {}
    for indicator in queryset.filter(code__in=codes):
        found.setdefault(indicator.code, []).append(indicator)
    if unknown := [code for code in codes if code not in found]:
        raise TokenError(_("Unknown indicator(s): %(codes)s.") % {"codes": ", ".join(unknown)})
    if several := [code for code in codes if len(found[code]) > 1]:
        raise TokenError(
            _("Several strategies have indicator(s) %(codes)s: name the strategy (--strategy).")
            % {"codes": ", ".join(several)}
        )
    return [found[code][0] for code in dict.fromkeys(codes)]


class Unauthorized(ApiError):
    """401, with the scheme the client should use."""

    def __init__(self, message: str):
        super().__init__(401, message)

    def response(self):
        response = super().response()
        response["WWW-Authenticate"] = 'Bearer realm="mittaristo"'
        return response


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`: the active token, else 401 with what to do."""

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if not header:
            raise Unauthorized(
                _(
                    "This address needs an API token: send the header "
                    "“Authorization: Bearer <token>”. The administrator makes tokens."
                )
            )
        scheme, _space, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise Unauthorized(
                _("Send the token as “Authorization: Bearer <token>”, nothing else.")
            )
        return self.authenticate(request, secret.strip())

    def authenticate(self, request, token):
        found = ApiToken.objects.filter(digest=digest(token)).first()
        if found is None:
            raise Unauthorized(_("The API token is not known. Ask the administrator for one."))
        if found.revoked:
            raise Unauthorized(_("The API token was revoked. Ask the administrator for a new one."))
        now = timezone.now()
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        found.last_used_at = now
        return found
