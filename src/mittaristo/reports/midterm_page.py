"""The mid-term evaluation's internal page: a review round's, or as known on a date (the form
web/forms.RoundOrDateForm; neither: the latest mid-term round, else as known today).

The body is the report's (reports/midterm.py, templates/reports/_midterm_body.html), so the page
and the document say the same. Who may see the rounds may see it.
"""

from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mittaristo.core.roles import role_required
from mittaristo.reviews.models import ReviewRound
from mittaristo.strategy.roles import can_view_internal
from mittaristo.web.forms import RoundOrDateForm
from mittaristo.web.strategy_views import current_record

from . import midterm as report


@role_required(can_view_internal)
def midterm(request):
    record, strategy, _version = current_record()
    rounds = list(ReviewRound.objects.filter(strategy=strategy))
    form = RoundOrDateForm(
        request.GET or None, rounds=rounds, empty_label=_("None: as known on the date")
    )
    review, as_of = form.chosen()
    if review is None and as_of is None and not form.errors:
        mid_term = [r for r in rounds if r.kind == ReviewRound.Kind.MID_TERM]
        review = mid_term[0] if mid_term else None  # newest first (ReviewRound.Meta)
    live = review is None and as_of is None
    content = report.content(
        strategy,
        round=review,
        as_of=as_of,
        lang=get_language(),
        record=record if live else None,
    )
    return render(
        request,
        "web/midterm.html",
        {"strategy": strategy, "form": form, "mt": content, "review": review},
    )
