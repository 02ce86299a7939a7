from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from mittaristo.core.roles import can_enter_values
from mittaristo.strategy.models import Strategy


def overview(request):
    """The strategy as a person wants to see it: vision, values, aims, goals, indicators."""
    strategy = Strategy.objects.with_structure().current()
    has_examples = strategy is not None and strategy.has_example_data()
    return render(
        request, "web/overview.html", {"strategy": strategy, "has_examples": has_examples}
    )


@login_required
def app_home(request):
    """Where logging in leads: data entry for those who enter values, else the overview."""
    return redirect("entry-list" if can_enter_values(request.user) else "overview")
