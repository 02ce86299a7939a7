"""A goal owner's proposals: made, withdrawn, returned with a reply, or accepted as a revision.

Who may take a step is decided in the views (core/roles.py); these functions keep the rules. A
proposal is checked by the same rules as the change it proposes (services.target_check, the
goal's Finnish name) and must change something. An accepted proposal is applied through
services.target_change or services.goal_change with the strategy lead's decision, so it is one
revision like any change in the app, its reason saying that the goal owner proposed it. A
proposal is decided once: the step that closes it is a conditional update of an open proposal,
so a second submit (or a second person at the same moment) finds it closed and changes nothing.
"""

from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from . import services
from .definition.load import REASON_LENGTH
from .models import GoalIndicator, Proposal, Revision
from .models.proposals import decimal_text, goal_state, target_state
from .services import Decision, Preview, TargetEdit

State = Proposal.State

# The strategy lead's navigation counts the open proposals on every page; the count is kept in
# the cache, cleared by each step below (now and at commit). Another server process with its
# own in-process cache sees a change within a minute (docs/configuration.md: CACHE_URL).
OPEN_COUNT_KEY = "proposals:open-counts"  # {organisation id: count}
OPEN_COUNT_SECONDS = 60


def open_count(organisation=None) -> int:
    """How many proposals wait for the strategy lead's decision: in `organisation`, or (None)
    in every one. The counts of every organisation are kept together, made in one query."""

    def counts() -> dict:
        by = "goal__aim__strategy__organisation"
        rows = Proposal.objects.open().values(by).annotate(n=Count("pk")).values_list(by, "n")
        return dict(rows)

    found = cache.get_or_set(OPEN_COUNT_KEY, counts, OPEN_COUNT_SECONDS)
    if organisation is None:
        return sum(found.values())
    return found.get(organisation.pk, 0)


def _count_changed() -> None:
    cache.delete(OPEN_COUNT_KEY)
    transaction.on_commit(lambda: cache.delete(OPEN_COUNT_KEY))


def accepted_reason(reason: str) -> str:
    """The reason of the revision an accepted proposal becomes."""
    return _("Proposed by the goal owner: %(reason)s") % {"reason": reason}


def reason_room() -> int:
    """How long a proposal's reason may be, so that the revision's reason fits."""
    return REASON_LENGTH - len(accepted_reason(""))


def _check_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the change is proposed.")]})
    if len(reason) > reason_room():
        raise ValidationError(
            {"reason": [_("The reason may be at most %(n)s characters.") % {"n": reason_room()}]}
        )
    return reason


def _edit_state(edit: TargetEdit) -> dict:
    return {
        "year": edit.year,
        "value": decimal_text(edit.value),
        "value_high": decimal_text(edit.value_high),
        "milestones": {str(y): decimal_text(v) for y, v in sorted(edit.milestones.items())},
    }


def proposed_edit(proposal: Proposal) -> TargetEdit:
    """The target a proposal proposes, as services.target_change takes it."""
    data = proposal.proposed
    return TargetEdit(
        year=int(data["year"]),
        value=Decimal(data["value"]),
        value_high=None if data.get("value_high") is None else Decimal(data["value_high"]),
        milestones={int(y): Decimal(v) for y, v in data.get("milestones", {}).items()},
    )


def proposal_preview(proposal: Proposal) -> list[Preview]:
    """What accepting the proposal would change now: before (as it is now) → after."""
    if proposal.kind == Proposal.Kind.TARGET:
        return services.target_preview(proposal.target, proposed_edit(proposal))
    return services.goal_preview(proposal.goal, proposal.texts())


@transaction.atomic
def target_proposal_create(*, goal, target, edit: TargetEdit, reason: str, user) -> Proposal:
    """Propose `edit` of a target of one of `goal`'s indicators."""
    if not GoalIndicator.objects.filter(goal=goal, indicator_id=target.indicator_id).exists():
        raise ValidationError(_("The target is not of an indicator of this goal."))
    services.target_check(target, edit)
    if not services.target_preview(target, edit):
        raise ValidationError(_("Nothing would change."))
    _count_changed()
    return Proposal.objects.create(
        goal=goal,
        kind=Proposal.Kind.TARGET,
        target=target,
        proposed=_edit_state(edit),
        base=target_state(target),
        reason=_check_reason(reason),
        proposed_by=user,
    )


@transaction.atomic
def goal_proposal_create(*, goal, texts: dict[str, dict], reason: str, user) -> Proposal:
    """Propose new texts ({"name": {"fi": …}, "description": {…}}) for `goal`."""
    if not texts["name"].get("fi"):
        raise ValidationError({"name": [_("The goal needs a Finnish name.")]})
    if not services.goal_preview(goal, texts):
        raise ValidationError(_("Nothing would change."))
    _count_changed()
    return Proposal.objects.create(
        goal=goal,
        kind=Proposal.Kind.GOAL,
        proposed={name: dict(texts[name]) for name in services.GOAL_TEXTS},
        base=goal_state(goal),
        reason=_check_reason(reason),
        proposed_by=user,
    )


def _close(proposal: Proposal, state: str, *, user, reply: str = "") -> None:
    """Close an open proposal, or say that it was closed already (and change nothing)."""
    now = timezone.now()
    closed = Proposal.objects.filter(pk=proposal.pk, state=State.OPEN).update(
        state=state, decided_by=user, decided_at=now, reply=reply
    )
    if not closed:
        proposal.refresh_from_db()
        raise ValidationError(
            _("The proposal is no longer open: it was %(state)s.")
            % {"state": proposal.get_state_display()}
        )
    _count_changed()
    proposal.state, proposal.decided_by, proposal.decided_at = state, user, now
    proposal.reply = reply


@transaction.atomic
def proposal_accept(*, proposal: Proposal, decision: Decision, user) -> Revision:
    """Apply the proposal by the strategy lead's `decision`, as one revision whose reason says
    that the goal owner proposed it. ValidationError, and nothing changes, if the change now
    breaks a rule or changes nothing, or if the proposal is no longer open."""
    _close(proposal, State.ACCEPTED, user=user)
    by_proposal = Decision(
        decision.effective, accepted_reason(_check_reason(decision.reason)), decision.decision
    )
    if proposal.kind == Proposal.Kind.TARGET:
        revision = services.target_change(
            target=proposal.target, edit=proposed_edit(proposal), decision=by_proposal, user=user
        )
    else:
        revision = services.goal_change(
            goal=proposal.goal, texts=proposal.texts(), decision=by_proposal, user=user
        )
    Proposal.objects.filter(pk=proposal.pk).update(revision=revision)
    proposal.revision = revision
    return revision


@transaction.atomic
def proposal_return(*, proposal: Proposal, reply: str, user) -> Proposal:
    """Return the proposal to its proposer with the strategy lead's reply (required)."""
    reply = reply.strip()
    if not reply:
        raise ValidationError({"reply": [_("Write a reply: say why the proposal is returned.")]})
    _close(proposal, State.RETURNED, user=user, reply=reply)
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, user) -> Proposal:
    """The proposer takes back an open proposal."""
    _close(proposal, State.WITHDRAWN, user=user)
    return proposal
