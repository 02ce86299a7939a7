"""Internal pages of the strategy's structure: the cascade, the change factors, the process.

The cascade and the change factors render the live evaluation record (cached per data
version, web/cache.py) and read the rest in one or two queries, so the number of queries does
not grow with the number of plans, goals or factors.
"""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from mittaristo.core.roles import can_change_strategy, role_required
from mittaristo.evaluation.plan_target import count_plan_statuses
from mittaristo.monitoring.plans import PlanSummary
from mittaristo.strategy.roles import can_view_internal

from .cascade import cascade_tree, plan_matches, record_items
from .strategy_views import current_record, current_strategy
from .timeline import timeline


class CascadeFilter(forms.Form):
    vuosi = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    yksikko = forms.CharField(
        label=_("Owning unit"),
        required=False,
        max_length=200,
        help_text=_("Part of the owning unit's name, for example “sivistys”."),
    )


@role_required(can_view_internal)
def cascade(request):
    record, strategy, _version = current_record()
    form = CascadeFilter(request.GET or None)
    year, unit = None, ""
    if form.is_bound and form.is_valid():
        year, unit = form.cleaned_data["vuosi"], form.cleaned_data["yksikko"]
    items = [i for i in record_items(record) if plan_matches(i.plan, year=year, unit=unit)]
    tree = cascade_tree(items)
    filtered = year is not None or bool(unit)
    aims = []
    for aim in record.aims:
        goals = [{"goal": g, "nodes": tree.get(g.code, [])} for g in aim.goals]
        if filtered:
            goals = [g for g in goals if g["nodes"]]
        if goals:
            aims.append({"aim": aim, "goals": goals})
    # Each plan goal is judged on its own target (not the strategy indicator's status).
    judged: dict = {}
    for item in items:
        if item.goal.status is not None:
            judged.setdefault(item.plan.pk, (item.plan, []))[1].append(item.goal.status)
    plans = [PlanSummary(plan, count_plan_statuses(statuses)) for plan, statuses in judged.values()]
    can_change = can_change_strategy(request.user)
    return render(
        request,
        "web/cascade.html",
        {
            "strategy": strategy,
            "form": form,
            "aims": aims,
            "filtered": filtered,
            "plans": plans,
            "can_change": can_change,
            # Every plan (one without goals too), for the links to change them; filtered alike.
            "all_plans": [
                p
                for p in strategy.plans.order_by("order", "pk")
                if plan_matches(p, year=year, unit=unit)
            ]
            if can_change
            else (),
        },
    )


@role_required(can_view_internal)
def factors(request):
    record, strategy, _version = current_record()
    goals = {g.code: g for g in record.goals}
    rows = [
        {
            "factor": factor,
            "goals": [goals[g.code] for g in factor.goals.all() if g.code in goals],
            "indicators": [
                record.indicators[i.code]
                for i in factor.indicators.all()
                if i.code in record.indicators
            ],
        }
        for factor in strategy.change_factors.prefetch_related("goals", "indicators")
    ]
    return render(
        request,
        "web/factors.html",
        {"strategy": strategy, "rows": rows, "can_change": can_change_strategy(request.user)},
    )


@role_required(can_view_internal)
def process(request):
    strategy = current_strategy()
    dated, undated = timeline(strategy.process_events.all(), strategy.approvals.all())
    return render(
        request,
        "web/process.html",
        {"strategy": strategy, "dated": dated, "undated": undated},
    )
