"""The demo's open proposal: the goal owner proposes a change to a target of their goal, for
the strategy lead to accept or return. Example data, and its reason says so."""

from decimal import Decimal

from mittaristo.strategy.models import Proposal, Target
from mittaristo.strategy.proposals import target_proposal_create
from mittaristo.strategy.services import TargetEdit

DEMO_REASON = "Esimerkkiehdotus: uusi väestöennuste"


def demo_proposal(strategy, *, owner) -> Proposal | None:
    """Propose once (loading again changes nothing, whatever became of the proposal)."""
    if Proposal.objects.filter(proposed_by=owner, reason=DEMO_REASON).exists():
        return None
    target = (
        Target.objects.filter(indicator__strategy=strategy, indicator__goals__owner=owner)
        .select_related("indicator")
        .order_by("indicator__code", "year")
        .first()
    )
    if target is None:
        return None
    value = (target.value * Decimal("1.05")).quantize(Decimal("0.1"))
    if value == target.value:
        value += 1
    return target_proposal_create(
        goal=target.indicator.goals.filter(owner=owner).order_by("pk").first(),
        target=target,
        edit=TargetEdit(
            year=target.year,
            value=value,
            value_high=target.value_high,
            milestones={ms.year: ms.value for ms in target.milestones.all()},
        ),
        reason=DEMO_REASON,
        user=owner,
    )
