"""The statistical overview page (tilastokatsaus): reports/overview.py's content, rendered."""

from django.shortcuts import render
from django.utils.translation import get_language

from mittaristo.core.roles import role_required
from mittaristo.strategy.roles import can_view_internal
from mittaristo.web.strategy_views import current_strategy

from .overview import content


@role_required(can_view_internal)
def statistics(request):
    """The strategy's municipality's key figures beside its peers, region and country.

    Computed on each request from every municipality's current values (about a second for
    the whole country, docs/performance.md): the page reads other areas' values, which the
    strategy's data version does not count, so it is not cached by that version."""
    strategy = current_strategy()
    overview = content(strategy, lang=get_language() or "fi")
    return render(request, "web/statistics.html", {"strategy": strategy, "overview": overview})
