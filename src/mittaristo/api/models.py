"""The write API's records: a token per system, and the request keys of the batches it stored.

A token is shown once, when it is made; only its SHA-256 digest is kept, so a copy of the
database does not let anyone write. A token of 256 random bits needs no slow hash: nobody can
guess one to match a digest. Revoking keeps the row, so that what the system wrote still
names it (Observation.source_ref) and the log keeps who it was.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mittaristo.strategy.models import Indicator, Organisation


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """One system's key to the write API, limited to one organisation and, in it, to the
    indicators it may write (docs/organisations.md)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The organisation whose indicators it may write; no other's."),
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("The system that uses it, e.g. talousjärjestelmä; values it sends name it."),
    )
    prefix = models.CharField(
        _("beginning of the token"),
        max_length=20,
        editable=False,
        help_text=_("The token's first characters, to tell which one a system has."),
    )
    digest = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True, editable=False)
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("indicators it may write"), related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["name", "-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            # A revoked token's name may be given to its successor; two organisations may each
            # have a token for their "talousjärjestelmä".
            models.UniqueConstraint(
                fields=["organisation", "name"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_token_name",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class RequestKey(models.Model):
    """A batch a token stored, by the Idempotency-Key it came with, and the answer it got.

    A retry with the same key and the same body gets this answer again and changes nothing;
    the same key with another body is refused. Only stored batches are kept: a refused one
    changed nothing, and may be corrected and sent again with the same key.
    """

    token = models.ForeignKey(
        ApiToken, verbose_name=_("API token"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("request key"), max_length=200)
    body_digest = models.CharField(_("SHA-256 of the request"), max_length=64)
    status = models.PositiveSmallIntegerField(_("status of the answer"), default=0)
    answer = models.JSONField(_("answer"), default=dict)
    created_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        verbose_name = _("request key")
        verbose_name_plural = _("request keys")
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="one_request_per_key"),
        ]

    def __str__(self):
        return f"{self.token_id} {self.key}"
