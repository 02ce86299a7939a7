"""Internal pages of the strategy: a goal, an indicator; live values and statuses.

Each page evaluates the strategy once (a fixed number of queries) and shows indicators in
the same shape as a published snapshot, so the public and internal pages share templates.
"""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from mittaristo.core.roles import role_required
from mittaristo.monitoring.peers import compare_with_peers
from mittaristo.monitoring.plans import evaluate_plan_goals
from mittaristo.reviews.models import Assessment
from mittaristo.reviews.snapshot import indicator_data, peers_data, values_by_indicator
from mittaristo.strategy.models import ChangeFactor, Goal, PlanGoal, Strategy
from mittaristo.strategy.roles import can_view_internal
from mittaristo.web import cache

from .charts.text import chart_context, peer_chart
from .forms import PeerMethodForm
from .peers import peer_measure
from .published import indicator_row, readable


def current_strategy():
    """The strategy in force, or 404."""
    strategy = Strategy.objects.current()
    if strategy is None:
        raise Http404
    return strategy


def current_evaluation():
    """The live evaluation of the strategy in force (from the cache when unchanged) and its
    data version, or 404."""
    found = cache.current_with_version()
    if found is None:
        raise Http404
    strategy, version = found
    return cache.cached_evaluation(strategy, version=version), version


@role_required(can_view_internal)
def goal(request, code):
    evaluation, version = current_evaluation()
    strategy = evaluation.strategy
    found = next((g for g in evaluation.goals if g.part.code == code), None)
    if found is None:
        raise Http404
    # People are not in the cache's data version: the goal and its owner are read as they are now.
    goal = Goal.objects.select_related("aim", "owner").get(pk=found.part.pk)

    def indicator_rows():  # read only when the cached table must be rendered anew
        values = values_by_indicator(evaluation, only=[ev.indicator.pk for ev in found.parts])
        return [
            indicator_row(readable(indicator_data(ev, values.get(ev.indicator.pk, []))), ev)
            for ev in found.parts
        ]

    assessment = (
        Assessment.objects.filter(goal=found.part)
        .select_related("round")
        .order_by("-round__as_of", "-pk")
        .first()
    )
    plan_goals = list(
        PlanGoal.objects.filter(serves=found.part)
        .select_related("plan", "indicator")
        .order_by("plan__order", "order")
    )
    # Each on its own target, from the series the (cached) evaluation holds: no query.
    own = evaluate_plan_goals(plan_goals, evaluation, today=timezone.localdate())
    for pg in plan_goals:
        pg.own = own.get(pg.pk)
    factors = ChangeFactor.objects.filter(goals=found.part)
    return render(
        request,
        "web/goal.html",
        {
            "strategy": strategy,
            "result": found,
            "goal": goal,
            "version": version,
            "rows": SimpleLazyObject(indicator_rows),
            "assessment": assessment,
            "plan_goals": plan_goals,
            "factors": factors,
        },
    )


@role_required(can_view_internal)
def indicator(request, code):
    # The page shows no person, so all of it may come from the cached evaluation.
    evaluation, version = current_evaluation()
    strategy = evaluation.strategy
    ev = next((e for e in evaluation.indicators.values() if e.indicator.code == code), None)
    if ev is None:
        raise Http404

    def page():  # read only when the cached part of the page must be rendered anew
        values = values_by_indicator(evaluation, only=[ev.indicator.pk])
        data = readable(indicator_data(ev, values.get(ev.indicator.pk, [])))
        return {"indicator": data, **chart_context(data)}

    goals = [g for g in evaluation.goals if any(p is ev for p in g.parts)]
    peers = compared = chart = None
    peer_form = PeerMethodForm.chosen(request.GET)
    if evaluation.area.pk is not None:
        # Other municipalities' values are not in the data version: compared anew each time,
        # and shown in the shape a published snapshot keeps them (web/_peers.html).
        peers = compare_with_peers(ev.indicator, evaluation.area, method=peer_form.method)
        compared = readable(peers_data(peers))
        chart = peer_chart(compared, peer_measure(compared, ev.indicator.unit))
    return render(
        request,
        "web/indicator.html",
        {
            "strategy": strategy,
            "version": version,
            "evaluation": ev,
            "page": SimpleLazyObject(page),
            "model": ev.indicator,
            "area": evaluation.area,
            "goals": goals,
            "peers": peers,
            "compared": compared,
            "peer_form": peer_form,
            "peer_problem": _peer_problem(peers),
            "peer_chart": chart,
            "peer_measure": peer_measure(compared, ev.indicator.unit) if compared else "",
            "history_of": ev.indicator if evaluation.area.pk else None,
            "history_area": evaluation.area,
        },
    )


def _peer_problem(peers) -> str:
    """Why there is no peer group, in plain words ("" when there is one)."""
    if peers is None or peers.peers:
        return ""
    if peers.applicable:
        text = _("No other municipality is in this peer group of %(area)s.")
    elif peers.method == "size_class":
        text = _(
            "The data do not give the size class of %(area)s, so it cannot be compared "
            "with municipalities of the same size. Choose another peer group."
        )
    elif peers.method == "region":
        text = _(
            "The data do not say which region %(area)s belongs to, so it cannot be "
            "compared with the municipalities of its region. Choose another peer group."
        )
    else:
        text = _(
            "The data have no population and jobs figures for %(area)s, so the most similar "
            "municipalities cannot be found. Choose another peer group."
        )
    return text % {"area": peers.area.name}
