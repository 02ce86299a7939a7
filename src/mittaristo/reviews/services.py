"""What people do in a review round; each step checks the state it starts from.

Who may take a step is decided in the views (the roles); these functions keep the round's
rules: an assessment moves draft → submitted → approved (or → returned → submitted again), a
changed status needs a written justification, and a round is published only when every goal's
assessment is approved. A step that breaks a rule raises ReviewError and changes nothing.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mittaristo.monitoring.evaluator import evaluate_strategy

from .models import Assessment, ReviewRound
from .signals import round_published
from .snapshot import build_snapshot

State = Assessment.State


class ReviewError(Exception):
    pass


@transaction.atomic
def round_open(
    *, strategy, name, as_of, user, kind=ReviewRound.Kind.OTHER, due=None, is_example=False
):
    """Open a round and an assessment for every goal, with its status as of the round's date."""
    name = name.strip()
    if not name:
        raise ReviewError(_("Give the round a name."))
    if ReviewRound.objects.filter(strategy=strategy, name=name).exists():
        raise ReviewError(_("A round named “%(name)s” already exists.") % {"name": name})
    review = ReviewRound.objects.create(
        strategy=strategy,
        name=name,
        kind=kind,
        as_of=as_of,
        due=due,
        opened_by=user,
        is_example=is_example,
    )
    evaluation = evaluate_strategy(strategy, as_of=as_of)
    Assessment.objects.bulk_create(
        Assessment(round=review, goal=goal.part, computed_status=str(goal.status))
        for goal in evaluation.goals
    )
    return review


def assessment_save(
    *, assessment, user, commentary, next_steps="", status_override="", justification=""
):
    """Save the owner's text; a status other than the computed one needs a justification."""
    _require_editable(assessment)
    if status_override == assessment.computed_status:
        status_override = ""
    if status_override and not justification.strip():
        raise ReviewError(
            _("Write a justification: the assessed status differs from the computed one.")
        )
    assessment.commentary = commentary.strip()
    assessment.next_steps = next_steps.strip()
    assessment.status_override = status_override
    assessment.justification = justification.strip() if status_override else ""
    assessment.author = user
    assessment.save()
    return assessment


def assessment_submit(*, assessment, user):
    _require_editable(assessment)
    if not assessment.commentary:
        raise ReviewError(_("Write the assessment before submitting it."))
    assessment.state = State.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.author = user
    assessment.save()
    return assessment


def assessment_return(*, assessment, user, reason):
    _require_state(assessment, State.SUBMITTED)
    if not reason.strip():
        raise ReviewError(_("Say why the assessment is returned."))
    assessment.state = State.RETURNED
    assessment.return_reason = reason.strip()
    assessment.decided_by, assessment.decided_at = user, timezone.now()
    assessment.save()
    return assessment


def assessment_approve(*, assessment, user):
    _require_state(assessment, State.SUBMITTED)
    assessment.state = State.APPROVED
    assessment.return_reason = ""
    assessment.decided_by, assessment.decided_at = user, timezone.now()
    assessment.save()
    return assessment


@transaction.atomic
def round_publish(*, review, user):
    """Freeze the round: values, statuses and approved texts as they are now, for the public."""
    review = ReviewRound.objects.select_for_update().get(pk=review.pk)
    if review.is_published:
        raise ReviewError(_("The round has already been published."))
    waiting = review.assessments.exclude(state=State.APPROVED).count()
    if waiting:
        raise ReviewError(
            _("%(count)s assessment(s) are not approved yet; approve them first.")
            % {"count": waiting}
        )
    review.snapshot = build_snapshot(review)
    review.state = ReviewRound.State.PUBLISHED
    review.published_at, review.published_by = timezone.now(), user
    review.save()
    round_published.send(sender=ReviewRound, review=review)
    return review


def round_waiting(review):
    """The assessments not yet submitted, with their goals' owners: whom to remind."""
    return (
        review.assessments.filter(state__in=[State.DRAFT, State.RETURNED])
        .select_related("goal", "goal__owner")
        .order_by("goal__aim__order", "goal__order")
    )


def _require_editable(assessment):
    if not assessment.is_editable:
        raise ReviewError(
            _("This assessment can no longer be changed (it is %(state)s).")
            % {"state": assessment.get_state_display()}
        )


def _require_state(assessment, state):
    if assessment.state != state or assessment.round.is_published:
        raise ReviewError(
            _("Only a submitted assessment can be approved or returned (this one is %(state)s).")
            % {"state": assessment.get_state_display()}
        )
