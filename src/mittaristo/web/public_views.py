"""The public site: published review rounds only, in the reader's language, no login.

Every view reads through web.published (ReviewRound.objects.published()).
"""

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field

from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.utils.translation import get_language

from mittaristo.observations import exports
from mittaristo.reviews.snapshot import read_snapshot
from mittaristo.strategy.known import PUBLIC_SECONDS, public_stamp
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
from .shared_pages import CSRF_MARK, first_visit


def front(request, pk=None):
    """The strategy and its latest (or chosen) published review.

    A published snapshot never changes, so the page's content is cached per round, the round
    before it, the list of published rounds and the language; on a hit no snapshot is read.
    A first visit (web/shared_pages.py: no session, nothing personal) gets the whole page kept
    by the process per the organisation's public stamp, address and language, with their own
    CSRF token written in: no query, no rendering (`_first_visit_front`).
    """
    if pk is None and request_organisation(request) is None and several_organisations(request):
        organisations = Organisation.objects.order_by("code")
        return render(request, "public/organisations.html", {"organisations": organisations})
    if first_visit(request):
        kept = _first_visit_front(request, pk)
        if kept is not None:
            return kept
    context = _front(request, pk)
    if context is None:
        strategy = (
            Strategy.objects.of(request_organisation(request))
            .select_related("organisation")
            .current()
        )
        return render(request, "public/no_review.html", {"strategy": strategy})
    return render(request, "public/front.html", context)


@dataclass
class _Public:
    """What an organisation's public front page shows that can change, as this process read it
    under a public stamp (strategy/known.py), and the first visits' pages made from it."""

    stamp: str
    until: dt.datetime  # the next moment a round opens or closes, or PUBLIC_SECONDS on
    rounds: tuple  # the published rounds: (id, strategy, publication time, name)
    pages: dict = field(default_factory=dict)  # (round, address, language) → html


_public: dict = {}  # organisation id (0: none) → _Public
KEPT_ORGANISATIONS = 2000  # a bound on the process's memory: past it, all are read anew


def _first_visit_front(request, pk):
    """A first visit's front page (the published round `pk`, or the latest), made once per
    organisation, public stamp, address and language and kept by the process; None when the
    page is not a published round's (rendered as usual). The stamp is read with the
    organisation (web/organisations.py): a hit costs no query and no rendering."""
    organisation = request_organisation(request)
    number = organisation.pk if organisation is not None else 0
    stamp = public_stamp(number, request.mittaristo_scope.stamps)
    now = timezone.now()
    kept = _public.get(number)
    if kept is None or kept.stamp != stamp or now >= kept.until:
        if len(_public) >= KEPT_ORGANISATIONS:
            _public.clear()
        kept = _public[number] = _public_state(organisation, stamp, now)
    if not kept.rounds or (pk is not None and pk not in {r[0] for r in kept.rounds}):
        return None  # no review yet, or not found: rendered as usual
    key = (pk, request.path, get_language())
    html = kept.pages.get(key)
    if html is None:
        context = {**_front(request, pk), "csrf_token": CSRF_MARK}
        html = kept.pages[key] = render_to_string("public/front.html", context, request)
    return HttpResponse(html.replace(CSRF_MARK, get_token(request)))


def _public_state(organisation, stamp, now) -> _Public:
    """The organisation's published rounds, read now, kept until the next moment one of its
    rounds open to anyone opens or closes (the page invites to answer the open ones), and
    PUBLIC_SECONDS at most."""
    rounds = tuple(public_rounds().values_list("pk", "strategy_id", "published_at", "name"))
    moments = SurveyRound.objects.filter(
        survey__organisation=organisation, access=SurveyRound.Access.OPEN, closes__gt=now
    ).values_list("opens", "closes")
    latest = now + dt.timedelta(seconds=PUBLIC_SECONDS)
    until = min([m for pair in moments for m in pair if m > now], default=latest)
    return _Public(stamp, min(until, latest), rounds)


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
