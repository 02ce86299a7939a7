"""A goal owner's proposal to change their own goal: its texts, or a target of its indicator.

The proposed values are kept in the shape the change services take (strategy/services.py:
a goal's texts {"name": {"fi": …}, "description": {…}}, a target {"year", "value",
"value_high", "milestones": {year: value}} with decimals as text), beside the state they were
proposed against, so that the strategy lead can see whether the goal or the target has changed
since. The strategy lead accepts a proposal (it becomes one revision, strategy/proposals.py)
or returns it with a reply; the proposer may withdraw it while it is open.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mittaristo.core.translation import TranslatedText

from .base import Revision
from .indicators import Goal, Target

GOAL_TEXTS = ("name", "description")


def decimal_text(value) -> str | None:
    """A decimal as plain text without trailing zeros ("6400", "41.2"), None for none."""
    return None if value is None else format(Decimal(value).normalize(), "f")


def target_state(target: Target) -> dict:
    """A target and its milestones as a proposal keeps them."""
    return {
        "year": target.year,
        "value": decimal_text(target.value),
        "value_high": decimal_text(target.value_high),
        "milestones": {str(ms.year): decimal_text(ms.value) for ms in target.milestones.all()},
    }


def goal_state(goal: Goal) -> dict:
    """A goal's texts as a proposal keeps them."""
    return {name: dict(TranslatedText(getattr(goal, name))) for name in GOAL_TEXTS}


class ProposalQuerySet(models.QuerySet):
    def of(self, organisation):
        """Those of `organisation`'s strategies (none for None): the scope of every internal
        lookup (docs/organisations.md)."""
        return self.filter(goal__aim__strategy__organisation=organisation)

    def open(self):
        return self.filter(state=Proposal.State.OPEN)

    def by(self, user):
        """The proposals `user` made, newest first."""
        return self.filter(proposed_by=user).order_by("-proposed_at", "-pk")


class Proposal(models.Model):
    class Kind(models.TextChoices):
        GOAL = "goal", _("the goal's texts")
        TARGET = "target", _("a target")

    class State(models.TextChoices):
        OPEN = "open", _("open")
        ACCEPTED = "accepted", _("accepted")
        RETURNED = "returned", _("returned")
        WITHDRAWN = "withdrawn", _("withdrawn")

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="proposals"
    )
    kind = models.CharField(_("proposed change"), max_length=10, choices=Kind.choices)
    target = models.ForeignKey(
        Target,
        verbose_name=_("target"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    proposed = models.JSONField(_("proposed values"))
    base = models.JSONField(_("values when proposed"))
    reason = models.CharField(_("reason"), max_length=100)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    revision = models.ForeignKey(
        Revision,
        verbose_name=_("revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="goal", target__isnull=True)
                | models.Q(kind="target", target__isnull=False),
                name="proposal_kind_target",
            )
        ]

    def __str__(self):
        subject = f"{self.target}" if self.target_id else self.goal.code
        return f"{timezone.localtime(self.proposed_at):%d.%m.%Y} {subject}: {self.reason}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    def current(self) -> dict:
        """The goal's texts or the target as they are now, in the shape of `proposed`."""
        if self.kind == self.Kind.TARGET:
            return target_state(self.target)
        return goal_state(self.goal)

    def changed_since(self) -> bool:
        """Whether the goal's texts or the target changed after the proposal was made."""
        return self.current() != self.base

    def texts(self) -> dict:
        """The proposed texts of a goal, as goal_change takes them."""
        return {name: TranslatedText(self.proposed.get(name)) for name in GOAL_TEXTS}
