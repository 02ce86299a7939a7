"""What needs attention: the page a council member reads first (monitoring/attention.py).

Internal: the live evaluation, a review round's (published or not) or the evaluation as of a
date, compared with the published round before it, with the goals' owners named. Public: a
published round only, read through web.published, compared with the round published before
it; no person is named (the record holds none).
"""

from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from mittaristo.core.roles import current_organisation, role_required
from mittaristo.monitoring.attention import (
    NO_TARGET,
    NO_VALUES,
    NOT_JUDGED,
    ORDERING_RULE,
    changes_since,
    needs_attention,
)
from mittaristo.monitoring.records import StrategyRecord, evaluation_record
from mittaristo.reviews.snapshot import read_snapshot, round_record
from mittaristo.strategy.models import Goal, Strategy
from mittaristo.strategy.roles import can_view_internal

from . import cache
from .forms import RoundOrDateForm
from .published import previous_round, published_round
from .strategy_views import current_strategy

UNRANKED = {
    NO_TARGET: _("Without a target"),
    NOT_JUDGED: _("Values that cannot be judged against the target"),
    NO_VALUES: _("No values yet"),
}


def page(record: StrategyRecord, earlier: StrategyRecord | None, owners=None) -> dict:
    """What the attention template shows of `record`, compared with `earlier` (may be None);
    `owners` (goal code → user) on the internal page only."""
    found = needs_attention(record)
    owners = owners or {}
    return {
        "record": record,
        "found": found,
        "goal_rows": [(item, owners.get(item.code)) for item in found.goals],
        "listed_goals": {item.code for item in found.goals},
        "unranked": [
            (reason, label, [item for item in found.unranked if item.reason == reason])
            for reason, label in UNRANKED.items()
            if any(item.reason == reason for item in found.unranked)
        ],
        "changes": changes_since(record, earlier) if earlier is not None else None,
        "rule": ORDERING_RULE,
        "has_examples": any(
            (i.target and i.target.is_example) or any(v.is_example for v in i.values)
            for i in record.indicators.values()
        ),
    }


@role_required(can_view_internal)
def attention(request):
    strategy = current_strategy()
    rounds = strategy.rounds.defer("snapshot").order_by("-as_of", "-pk")
    form = RoundOrDateForm(request.GET or None, rounds=rounds)
    review, as_of = form.chosen()
    record, earlier = _chosen(strategy, review, as_of)
    owners = {
        goal.code: goal.owner
        for goal in Goal.objects.filter(aim__strategy=strategy).select_related("owner")
    }
    return render(
        request,
        "web/attention.html",
        {
            "strategy": strategy,
            "form": form,
            "review": review,
            "as_of": as_of,
            "earlier": earlier,
            **page(record, read_snapshot(earlier) if earlier else None, owners),
        },
    )


def _chosen(strategy: Strategy, review, as_of):
    """The record shown and the published round it is compared with (None: none before)."""
    published = strategy.rounds.published().defer("snapshot")
    if review is not None and review.is_published:
        return read_snapshot(review), previous_round(review)
    if review is not None:
        return round_record(review), published.filter(as_of__lt=review.as_of).first()
    if as_of is not None:
        return evaluation_record(strategy, as_of=as_of), published.filter(as_of__lt=as_of).first()
    return cache.cached_record(strategy), published.first()


def public_attention(request, pk=None):
    """What needs attention in a published round (the latest, or `pk`; 404 if not published),
    compared with the round published before it. A published round never changes, so the
    page is cached per round, the round before it and the language (public/attention.html)."""
    review = published_round(pk, snapshot=False)
    if review is None:
        strategy = (
            Strategy.objects.of(current_organisation()).select_related("organisation").current()
        )
        return render(request, "public/no_review.html", {"strategy": strategy})
    earlier = previous_round(review)

    def content():
        return page(read_snapshot(review), read_snapshot(earlier) if earlier else None)

    return render(
        request,
        "public/attention.html",
        {
            "review": review,
            "earlier": earlier,
            "round_pk": pk,
            "public": True,
            "page": SimpleLazyObject(content),
        },
    )
