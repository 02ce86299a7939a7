"""Internal pages of the strategy's structure: the cascade, the change factors, the process.

Each page evaluates the strategy once and reads the rest in one or two queries, so the
number of queries does not grow with the number of plans, goals or factors.
"""

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mittaristo.core.roles import role_required
from mittaristo.monitoring.evaluator import evaluate_strategy
from mittaristo.monitoring.plans import evaluate_plan_goals, summarise_plans
from mittaristo.strategy.models import PlanGoal
from mittaristo.strategy.roles import can_view_internal

from .cascade import cascade_tree, plan_matches
from .strategy_views import current_strategy
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
    strategy = current_strategy()
    form = CascadeFilter(request.GET or None)
    year, unit = None, ""
    if form.is_bound and form.is_valid():
        year, unit = form.cleaned_data["vuosi"], form.cleaned_data["yksikko"]
    evaluation = evaluate_strategy(strategy)
    plan_goals = [
        pg
        for pg in PlanGoal.objects.filter(plan__strategy=strategy).select_related(
            "plan", "indicator"
        )
        if plan_matches(pg.plan, year=year, unit=unit)
    ]
    # Each plan goal on its own target (not the strategy indicator's status), from the series
    # the evaluation has read.
    own = evaluate_plan_goals(plan_goals, evaluation, today=timezone.localdate())
    for pg in plan_goals:
        pg.own = own.get(pg.pk)
    tree = cascade_tree(plan_goals)
    filtered = year is not None or bool(unit)
    aims = []
    for aim in evaluation.aims:
        goals = [{"result": g, "nodes": tree.get(g.part.pk, [])} for g in aim.parts]
        if filtered:
            goals = [g for g in goals if g["nodes"]]
        if goals:
            aims.append({"aim": aim.part, "goals": goals})
    return render(
        request,
        "web/cascade.html",
        {
            "strategy": strategy,
            "form": form,
            "aims": aims,
            "filtered": filtered,
            "plans": summarise_plans(plan_goals, own),
        },
    )


@role_required(can_view_internal)
def factors(request):
    strategy = current_strategy()
    evaluation = evaluate_strategy(strategy)
    goal_results = {g.part.pk: g for g in evaluation.goals}
    rows = [
        {
            "factor": factor,
            "goals": [goal_results[g.pk] for g in factor.goals.all() if g.pk in goal_results],
            "indicators": [evaluation.indicators[i.pk] for i in factor.indicators.all()],
        }
        for factor in strategy.change_factors.prefetch_related("goals", "indicators")
    ]
    return render(request, "web/factors.html", {"strategy": strategy, "rows": rows})


@role_required(can_view_internal)
def process(request):
    strategy = current_strategy()
    dated, undated = timeline(strategy.process_events.all(), strategy.approvals.all())
    return render(
        request,
        "web/process.html",
        {"strategy": strategy, "dated": dated, "undated": undated},
    )
