from django.shortcuts import render

from mittaristo.core.roles import can_view_internal, role_required
from mittaristo.monitoring.evaluate import evaluate_strategy
from mittaristo.reviews.models import ReviewRound
from mittaristo.strategy.models import Strategy


@role_required(can_view_internal)
def overview(request):
    """The strategy as it stands now: vision, values, aims, goals, indicators.

    Each goal and indicator carries its status from the evaluation, with its sentence.
    Where logging in leads, for every role.
    """
    strategy = Strategy.objects.current()
    context = {"strategy": strategy, "has_examples": False}
    if strategy is not None:
        # The evaluation reads the strategy with its structure: the page shows that copy
        # rather than reading the structure a second time.
        evaluation = evaluate_strategy(strategy)
        strategy = evaluation.strategy
        context |= {
            "strategy": strategy,
            "has_examples": strategy.has_example_data(),
            "evaluation": evaluation,
            "latest_round": ReviewRound.objects.published().filter(strategy=strategy).first(),
        }
    return render(request, "web/overview.html", context)
