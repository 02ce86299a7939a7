"""Single sign-on for staff with OpenID Connect (Microsoft Entra ID, or any provider).

mozilla-django-oidc does the protocol (the authorisation code flow with PKCE, state and nonce,
the ID token's signature checked against the provider's keys); this module decides who the
person is in Mittaristo and which roles they hold:

- a person is found by their e-mail address (the `email` claim), case-insensitively, so an
  existing account signs in with single sign-on too; without an account one is made
  (OIDC_CREATE_USERS), named by the address;
- with OIDC_GROUP_ROLES set, the provider's groups decide the role groups (core/roles.py) at
  every sign-in: a group mapped to a role gives it, a role no group gives is taken away, and a
  person in no mapped group holds no role. Goal owners and data stewards are named on their
  goals and indicators as before, and the administrator is a superuser made in Mittaristo.

Password login stays: the backend answers only a provider's callback, and only when single
sign-on is configured (settings.OIDC_ENABLED). Configured from the environment
(docs/configuration.md, "Single sign-on").
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from mittaristo.core.roles import ROLE_GROUPS, RoleBackend, roles_set

logger = logging.getLogger("mittaristo.roles")


def roles_from_claims(claims: dict) -> set[str]:
    """The role groups the provider's groups claim gives, by OIDC_GROUP_ROLES."""
    groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    mapping = settings.OIDC_GROUP_ROLES
    return {role for group in groups for role in mapping.get(str(group), [])} & set(ROLE_GROUPS)


class SSOBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, with Mittaristo's people and roles."""

    def __init__(self, *args, **kwargs):
        # Django makes the backend for every login, a password login too; unconfigured, the
        # library's own checks would refuse (settings.py checks a configuration that is on).
        if settings.OIDC_ENABLED:
            super().__init__(*args, **kwargs)
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if not settings.OIDC_ENABLED:
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        # The library checks the signature and the nonce, not the audience: an ID token (the
        # one verified with a nonce) issued to another application of the same provider is
        # refused.
        audience = payload.get("aud")
        if "nonce" in kwargs and self.OIDC_RP_CLIENT_ID not in (
            audience if isinstance(audience, list) else [audience]
        ):
            raise SuspiciousOperation("The ID token was not issued to this application.")
        return payload

    def get_user(self, user_id):
        # Each request's user with their role groups in one query, as after a password login.
        return RoleBackend.get_user(self, user_id)

    def get_userinfo(self, access_token, id_token, payload):
        # Entra ID puts the groups in the ID token, not in what the userinfo endpoint answers:
        # the verified ID token's claims, completed by the userinfo endpoint's.
        return {**payload, **super().get_userinfo(access_token, id_token, payload)}

    def get_username(self, claims):
        return claims["email"].lower()[:150]

    def create_user(self, claims):
        user = self.UserModel.objects.create_user(self.get_username(claims), email=claims["email"])
        user.set_unusable_password()  # signs in through the provider only
        user.save()
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        changed = False
        for field, claim in (("first_name", "given_name"), ("last_name", "family_name")):
            value = str(claims.get(claim) or "")[:150]
            if value and getattr(user, field) != value:
                setattr(user, field, value)
                changed = True
        if changed:
            user.save()
        if settings.OIDC_GROUP_ROLES:
            granted, removed = roles_set(user=user, groups=roles_from_claims(claims))
            if granted or removed:
                logger.info(
                    "single sign-on set user %s's roles: granted %s, removed %s",
                    user.pk,
                    sorted(granted),
                    sorted(removed),
                )
        return user
