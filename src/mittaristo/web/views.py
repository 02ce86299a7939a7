from django.shortcuts import render

from mittaristo.core.roles import can_view_internal, role_required
from mittaristo.monitoring.evaluate import evaluate_strategy
from mittaristo.strategy.models import Strategy


@role_required(can_view_internal)
def overview(request):
    """The strategy as a person wants to see it: vision, values, aims, goals, indicators.

    Each goal and indicator carries its status from the evaluation, with its sentence.
    """
    strategy = Strategy.objects.with_structure().current()
    context = {"strategy": strategy, "has_examples": False}
    if strategy is not None:
        evaluation = evaluate_strategy(strategy)
        context |= {
            "has_examples": strategy.has_example_data(),
            "evaluation": evaluation,
            "goal_results": {g.part.pk: g for g in evaluation.goals},
            "aim_results": {a.part.pk: a for a in evaluation.aims},
            "indicator_results": evaluation.indicators,
        }
    return render(request, "web/overview.html", context)
