"""The public site: published review rounds only, in the reader's language, no login.

Every view reads through web.published (ReviewRound.objects.published()).
"""

import datetime as dt
import hashlib
import io

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify

from mittaristo.observations import exports
from mittaristo.reviews.snapshot import read_snapshot
from mittaristo.strategy.known import PUBLIC_KEY, PUBLIC_SECONDS
from mittaristo.strategy.models import Organisation, Strategy
from mittaristo.surveys.models import SurveyRound
from mittaristo.surveys.rounds import open_invitations

from .charts.text import chart_context, peer_chart
from .export_views import CONTENT_TYPES
from .finance_signs import finance_sign_years, shows_finance_signs
from .index_export import components_response
from .organisations import request_organisation, several_organisations
from .peers import peer_measure
from .published import (
    changes,
    find_goal,
    find_indicator,
    indicator_row,
    previous_round,
    public_rounds,
    published_round,
    value_records,
)
from .shared_pages import first_visit, shared_page


def front(request, pk=None):
    """The strategy and its latest (or chosen) published review.

    A published snapshot never changes, so the page's content is cached per round, the round
    before it, the list of published rounds and the language; on a hit no snapshot is read.
    A first visit (web/shared_pages.py: no session, nothing personal) gets the whole page from
    the cache, kept per published rounds, open invitations, address and language: two small
    queries, not rendering (docs/performance.md, "National scale").
    """
    if pk is None and request_organisation(request) is None and several_organisations(request):
        organisations = Organisation.objects.order_by("code")
        return render(request, "public/organisations.html", {"organisations": organisations})
    if first_visit(request):
        shown = _front_shown(request, pk)
        if shown is not None:
            return shared_page(request, shown, "public/front.html", lambda: _front(request, pk))
    context = _front(request, pk)
    if context is None:
        strategy = (
            Strategy.objects.of(request_organisation(request))
            .select_related("organisation")
            .current()
        )
        return render(request, "public/no_review.html", {"strategy": strategy})
    return render(request, "public/front.html", context)


def _front_shown(request, pk) -> tuple | None:
    """What the front page shows that can change, for the shared page's key: the published
    rounds (a published round never changes), and the open invitations (a survey round
    opens and closes by the clock); None when the page is not a published round's."""
    rounds, invitations = _public_state(request_organisation(request))
    if not rounds or (pk is not None and pk not in {r[0] for r in rounds}):
        return None  # no review yet, or not found: rendered as usual
    return ("front", pk, rounds, invitations)


def _public_state(organisation) -> tuple:
    """The organisation's published rounds and open invitations, as the front page's key names
    them; kept in the cache (strategy/known.py: PUBLIC_KEY) until the services that publish a
    round or change a survey or its rounds forget it, until the next moment one of its rounds
    opens or closes (by the clock, timezone.now), and for PUBLIC_SECONDS at most (a change
    made another way, such as a round renamed in the admin): on a hit, no query."""
    key = PUBLIC_KEY.format(organisation.pk if organisation is not None else 0)
    now = timezone.now()
    found = cache.get(key)
    if found is not None and now < found[0]:
        return found[1:]
    rounds = tuple(public_rounds().values_list("pk", "strategy_id", "published_at", "name"))
    invitations = tuple(
        (r.pk, r.closes, r.is_example, r.survey_id, r.survey.changed, repr(r.name))
        for r in open_invitations(organisation, now)
    )
    # Until the next moment one of its rounds open to anyone opens or closes.
    moments = SurveyRound.objects.filter(
        survey__organisation=organisation, access=SurveyRound.Access.OPEN, closes__gt=now
    ).values_list("opens", "closes")
    until = min([m for pair in moments for m in pair if m > now], default=None)
    cache.set(key, (until or now + dt.timedelta(days=1), rounds, invitations), PUBLIC_SECONDS)
    return rounds, invitations


def _front(request, pk) -> dict | None:
    """The front page's context, or None before any review is published."""
    review = published_round(pk, snapshot=False)
    if review is None:
        return None
    earlier = previous_round(review)
    rounds = list(review.strategy.rounds.published().values_list("pk", "name"))
    snapshot = SimpleLazyObject(lambda: read_snapshot(review))
    return {
        "review": review,
        "snap": snapshot,
        "earlier": earlier,
        "changes": SimpleLazyObject(
            lambda: changes(snapshot, read_snapshot(earlier) if earlier else None)
        ),
        "rounds": [{"pk": r_pk, "name": name} for r_pk, name in rounds],
        "rounds_key": hashlib.sha256(repr(rounds).encode()).hexdigest()[:16],
        "round_pk": pk,
        # Outside the page's cache: a round opens and closes by the clock.
        "invitations": open_invitations(review.strategy.organisation),
    }


def goal(request, code, pk=None):
    """A goal as its round published it; cached per round, goal and language like the
    indicator page, so on a hit no snapshot is read."""
    review = published_round(pk, snapshot=False)
    if review is None:
        return front(request)

    def page():
        snapshot = read_snapshot(review)
        aim, found = find_goal(snapshot, code)
        rows = [indicator_row(i) for i in snapshot.indicators_of(found)]
        # The warning signs from the figures as they were known when the round was published.
        finance = None
        if shows_finance_signs(review.strategy, code):
            finance = finance_sign_years(review.strategy, known_on=review.published_at)
        return {
            "snap": snapshot,
            "aim": aim,
            "goal": found,
            "rows": rows,
            "finance_years": finance,
        }

    return render(
        request,
        "public/goal.html",
        {
            "review": review,
            "code": code,
            "page": SimpleLazyObject(page),
            "public": True,
            "round_pk": pk,
        },
    )


def indicator(request, code, pk=None):
    """An indicator as its round published it; the page's parts are cached per round, indicator
    and language (a published snapshot never changes), so on a hit no snapshot is read."""
    review = published_round(pk, snapshot=False)
    if review is None:
        return front(request)

    def page():
        snapshot = read_snapshot(review)
        found = find_indicator(snapshot, code)
        measure = peer_measure(found.peers, found.unit)  # frozen at publication
        return {
            "snap": snapshot,
            "indicator": found,
            "goals": snapshot.goals_of(code),
            "peer_chart": peer_chart(found.peers, measure),
            "peer_measure": measure,
            **chart_context(found),
        }

    return render(
        request,
        "public/indicator.html",
        {"review": review, "code": code, "page": SimpleLazyObject(page), "round_pk": pk},
    )


def indicator_download(request, code, fmt, pk=None):
    """Exactly the values the indicator page shows, as CSV or XLSX."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    review = published_round(pk)
    if review is None:
        raise Http404
    snapshot = read_snapshot(review)
    records = value_records(snapshot, find_indicator(snapshot, code))
    name = f"{slugify(review.name)}-{code}.{fmt}"
    if fmt == "xlsx":
        buffer = io.BytesIO()
        exports.write_xlsx(records, buffer)
        response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES["xlsx"])
    else:
        text = io.StringIO()
        exports.write_csv(records, text)
        response = HttpResponse("\ufeff" + text.getvalue(), content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def indicator_components(request, code, fmt):
    """A composite index's components as the latest published round kept them (its record),
    as CSV or XLSX."""
    review = published_round()
    if review is None:
        raise Http404
    snapshot = read_snapshot(review)
    ix = find_indicator(snapshot, code).index
    if ix is None or ix.year is None:
        raise Http404
    name = f"{slugify(review.name)}-{code}-{snapshot.area.key}-{ix.year}"
    return components_response(ix, index_code=code, area=snapshot.area.key, fmt=fmt, name=name)
