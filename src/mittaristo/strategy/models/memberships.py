"""Who holds which group role in which organisation: one row per person, organisation and role."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mittaristo.core.roles import ROLE_GROUPS, ROLE_NAMES

from .base import Organisation


class MembershipQuerySet(models.QuerySet):
    def roles_of(self, user, organisation) -> frozenset[str]:
        """The group roles (of core.roles.ROLE_GROUPS) `user` holds in `organisation`."""
        if organisation is None or not user.is_authenticated:
            return frozenset()
        found = self.filter(user=user, organisation=organisation).values_list("role", flat=True)
        return frozenset(found)


class Membership(models.Model):
    """A group role (strategy lead, viewer, finance) held in one organisation.

    A person may hold different roles in two organisations. Goal owners and data stewards need
    no membership: their goals and indicators belong to an organisation already."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(
        _("role"), max_length=30, choices=[(name, ROLE_NAMES[name]) for name in ROLE_GROUPS]
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation} · {self.role}"
