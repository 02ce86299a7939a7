from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from mittaristo.core.roles import can_view_internal, role_required
from mittaristo.monitoring.cache import cached_evaluation, data_version
from mittaristo.reviews.models import ReviewRound
from mittaristo.strategy.models import Strategy


@role_required(can_view_internal)
def overview(request):
    """The strategy as it stands now: vision, values, aims, goals, indicators.

    Each goal and indicator carries its status from the evaluation, with its sentence.
    Where logging in leads, for every role. The page is the same for every reader, so its
    strategy parts are cached per data version and language (monitoring/cache.py): when the
    data is unchanged, neither the evaluation nor the structure is read.
    """
    strategy = Strategy.objects.select_related("organisation").current()
    context = {"strategy": strategy}
    if strategy is not None:
        today = timezone.localdate()
        version = data_version(strategy, today=today)
        context |= {
            "version": version,
            # Both are read only when the cached parts of the page must be rendered anew.
            "evaluation": SimpleLazyObject(
                lambda: cached_evaluation(strategy, today=today, version=version)
            ),
            "has_examples": strategy.has_example_data,
            "latest_round": ReviewRound.objects.published().filter(strategy=strategy).first(),
        }
    return render(request, "web/overview.html", context)
