from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from mittaristo.core.roles import role_required
from mittaristo.reviews.models import ReviewRound
from mittaristo.reviews.snapshot import read_snapshot
from mittaristo.strategy.roles import can_view_internal
from mittaristo.web.cache import cached_record, current_version, version_strategy
from mittaristo.web.organisations import request_organisation

from .published import changes_since
from .reader_pages import keepable, reader_page


@role_required(can_view_internal)
def overview(request):
    """The strategy as it stands now: vision, values, aims, goals, indicators.

    Each goal and indicator carries its status from the evaluation, with its sentence.
    Where logging in leads, for every role. The page is the same for every reader, so its
    strategy part is cached per data version (which counts the published rounds) and language
    (web/cache.py), and the whole page per data version, language and what the person's frame
    shows (web/reader_pages.py): when nothing changed, the page costs the data version's
    query besides the login's and the person's roles, and no rendering.
    """
    today = timezone.localdate()
    found = current_version(today=today, organisation=request_organisation(request))
    if found is None:
        return render(request, "web/overview.html", {"strategy": None})
    pk, version = found

    def context() -> dict:  # not needed when the whole page is kept
        strategy = version_strategy(pk, version)
        latest_round = SimpleLazyObject(
            ReviewRound.objects.published().filter(strategy=strategy).first
        )
        shown = {
            "strategy": strategy,
            "version": version,
            # These are read only when the cached part of the page must be rendered anew.
            "record": SimpleLazyObject(
                lambda: cached_record(strategy, today=today, version=version)
            ),
            "has_examples": strategy.has_example_data,
            "latest_round": latest_round,
            "changes": SimpleLazyObject(
                lambda: (
                    changes_since(shown["record"], read_snapshot(latest_round))
                    if latest_round
                    else []
                )
            ),
        }
        return shown

    if keepable(request):
        return reader_page(request, ("overview", pk, version), "web/overview.html", context)
    return render(request, "web/overview.html", context())
