from django.shortcuts import render

from mittaristo.strategy.models import Strategy


def overview(request):
    """The strategy as a person wants to see it: vision, values, aims, goals, indicators."""
    strategy = Strategy.objects.with_structure().current()
    has_examples = strategy is not None and strategy.has_example_data()
    return render(
        request, "web/overview.html", {"strategy": strategy, "has_examples": has_examples}
    )
