"""Review rounds (seurantakierros): goal owners assess, the strategy lead approves and publishes.

A round is opened for a strategy and a reference date ("Tilinpäätös 2025" as of 31.3.2026).
Each goal gets an assessment: its owner writes it (and may override the computed status with a
written justification) and submits; the strategy lead returns it with a reason or approves it.
When every assessment is approved the lead publishes the round: a frozen snapshot of values,
statuses and texts as they were, which the public site shows and later rounds compare with.

The public reads rounds only through `ReviewRound.objects.published()`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mittaristo.evaluation import Status
from mittaristo.monitoring.labels import LABELS
from mittaristo.strategy.models import Goal, Strategy

# Named as everywhere else (monitoring/labels.py: the one place for status names and icons).
STATUS_CHOICES = [(s.value, LABELS[s]) for s in Status]


class ReviewRoundQuerySet(models.QuerySet):
    def of(self, organisation):
        """Those of `organisation`'s strategies (none for None): the scope of every internal
        lookup (docs/organisations.md)."""
        return self.filter(strategy__organisation=organisation)

    def published(self):
        """The one gate for the public: published rounds only, newest first."""
        return self.filter(state=ReviewRound.State.PUBLISHED).order_by("-published_at", "-pk")


class ReviewRound(models.Model):
    class Kind(models.TextChoices):
        INTERIM = "interim", _("interim report")
        FINANCIAL_STATEMENT = "financial_statement", _("financial statement")
        MID_TERM = "mid_term", _("mid-term evaluation")
        OTHER = "other", _("other review")

    class State(models.TextChoices):
        OPEN = "open", _("open")
        PUBLISHED = "published", _("published")

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.PROTECT, related_name="rounds"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    as_of = models.DateField(
        _("reference date"), help_text=_("Values and targets are read as they stood on this day.")
    )
    due = models.DateField(_("assessments due"), null=True, blank=True)
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("Example data, not decided by the city.")
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # What the public sees: the evaluation and the approved assessments as they were when the
    # round was published (see reviews/snapshot.py). Never changed after publication.
    snapshot = models.JSONField(_("snapshot"), default=dict, blank=True, editable=False)

    objects = ReviewRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-as_of", "-pk"]
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "name"], name="round_name_unique")
        ]

    def __str__(self):
        return self.name

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED


class AssessmentQuerySet(models.QuerySet):
    def of(self, organisation):
        """Those of `organisation`'s strategies (none for None): the scope of every internal
        lookup (docs/organisations.md)."""
        return self.filter(round__strategy__organisation=organisation)


class Assessment(models.Model):
    """A goal owner's assessment of one goal in one round."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        APPROVED = "approved", _("approved")

    round = models.ForeignKey(
        ReviewRound,
        verbose_name=_("review round"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="assessments"
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    computed_status = models.CharField(
        _("computed status"), max_length=20, choices=STATUS_CHOICES, default=Status.NO_DATA
    )
    status_override = models.CharField(
        _("assessed status"), max_length=20, choices=STATUS_CHOICES, blank=True
    )
    justification = models.TextField(
        _("justification"), blank=True, help_text=_("Required when the assessed status differs.")
    )
    commentary = models.TextField(_("assessment"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["goal__aim__order", "goal__order"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["round", "goal"], name="assessment_goal_unique")
        ]

    def __str__(self):
        return f"{self.round} · {self.goal.code}"

    @property
    def status(self) -> str:
        """The status the owner stands behind: the override, else the computed one."""
        return self.status_override or self.computed_status

    @property
    def is_editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED) and (
            self.round.state == ReviewRound.State.OPEN
        )


class SentReminderQuerySet(models.QuerySet):
    def on(self, day, person):
        """What `person` was reminded of in the reminder of `day`."""
        return self.filter(day=day, person=person)


class SentReminder(models.Model):
    """One thing one person was reminded of in one day's reminder e-mail (reviews.reminders).

    Written, with a unique constraint, in the transaction that decides to send, before the
    e-mail goes out; `sent_at` is set once the mail server has taken it. A reminder job run
    again the same day (a retry, or a job whose worker was killed) sends nothing already
    recorded: at most once. A row without `sent_at` whose job has ended is an e-mail that may
    not have gone out (the worker was killed between the decision and the sending).
    """

    class Kind(models.TextChoices):
        VALUE = "value", _("value due")
        ASSESSMENT = "assessment", _("assessment owed")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # "indicator:<id>" or "assessment:<id>": what the reminder is about, as a key.
    about = models.CharField(_("about"), max_length=100)
    label = models.CharField(_("what"), max_length=300, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    day = models.DateField(_("reminder of"))
    decided_at = models.DateTimeField(_("decided"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = SentReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "person_id", "kind", "about"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "about", "day"], name="sent_reminder_once_a_day"
            )
        ]

    def __str__(self):
        return f"{self.day} {self.person_id} {self.about}"
