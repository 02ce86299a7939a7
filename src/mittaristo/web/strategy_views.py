"""Internal pages of the strategy: a goal, an indicator; live values and statuses.

Each page renders the live evaluation record (monitoring/records, cached per data version by
web/cache.py), the same shape a published round keeps, so the public and internal pages share
templates.
"""

from django.http import Http404
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mittaristo.core.roles import (
    can_change_strategy,
    can_propose_change,
    current_organisation,
    role_required,
)
from mittaristo.monitoring.peers import compare_with_peers
from mittaristo.monitoring.records import peers_record
from mittaristo.reviews.models import Assessment
from mittaristo.strategy.changelog import recent_changes
from mittaristo.strategy.models import ChangeFactor, Goal, Indicator, Strategy
from mittaristo.strategy.roles import can_view_internal, goals_to_propose_on
from mittaristo.web import cache

from .charts.text import chart_context, peer_chart
from .finance_signs import finance_sign_years, shows_finance_signs
from .forms import PeerMethodForm
from .index_export import components_response
from .peers import peer_measure
from .published import indicator_row


def current_strategy():
    """The strategy in force of the request's organisation (web/organisations.py), or 404."""
    strategy = Strategy.objects.of(current_organisation()).current()
    if strategy is None:
        raise Http404
    return strategy


def current_record():
    """The live evaluation record of the strategy in force of the request's organisation
    (from the cache when unchanged), the strategy and the record's data version, or 404."""
    found = cache.current_with_version(organisation=current_organisation())
    if found is None:
        raise Http404
    strategy, version = found
    return cache.cached_record(strategy, version=version), strategy, version


@role_required(can_view_internal)
def goal(request, code):
    record, strategy, version = current_record()
    found = record.find_goal(code)
    if found is None:
        raise Http404
    aim_record, result = found
    # People are not in the record: the goal and its owner are read as they are now.
    goal = Goal.objects.select_related("aim", "owner").get(aim__strategy=strategy, code=code)
    # Any state (a draft too): the internal page shows where the owner's work stands.
    assessment = (
        Assessment.objects.filter(goal=goal)
        .select_related("round")
        .order_by("-round__as_of", "-pk")
        .first()
    )
    return render(
        request,
        "web/goal.html",
        {
            "strategy": strategy,
            "result": result,
            "record": record,
            "aim_record": aim_record,
            "goal": goal,
            "version": version,
            "rows": [indicator_row(i) for i in record.indicators_of(result)],
            "assessment": assessment,
            "plan_goals": record.plan_goals_serving(code),
            "factors": ChangeFactor.objects.filter(goals=goal),
            # No person in it: cached per data version with the page (web/goal.html).
            "recent": SimpleLazyObject(lambda: recent_changes(strategy, goal=goal)),
            "can_change": can_change_strategy(request.user),
            "can_propose": can_propose_change(request.user, goal),
            "finance_years": finance_sign_years(strategy)
            if shows_finance_signs(strategy, code)
            else None,
        },
    )


@role_required(can_view_internal)
def indicator(request, code):
    # The page shows no person, so all of it but the peers may come from the cached record.
    record, strategy, version = current_record()
    found = record.indicators.get(code)
    if found is None:
        raise Http404
    model = Indicator.objects.get(strategy=strategy, code=code)
    area = strategy.organisation.area
    peers = compared = chart = None
    peer_form = PeerMethodForm.chosen(request.GET)
    if area.pk is not None:
        # Other municipalities' values are not in the data version: compared anew each time,
        # and shown as a published round keeps them (web/_peers.html).
        peers = compare_with_peers(model, area, method=peer_form.method)
        compared = peers_record(peers)
        chart = peer_chart(compared, peer_measure(compared, found.unit))
    return render(
        request,
        "web/indicator.html",
        {
            "strategy": strategy,
            "version": version,
            "page": SimpleLazyObject(lambda: {"indicator": found, **chart_context(found)}),
            "model": model,
            "recent": SimpleLazyObject(lambda: recent_changes(strategy, indicator=model)),
            "can_change": can_change_strategy(request.user),
            # The owner of a goal the indicator serves may propose a change of its targets.
            "can_propose": goals_to_propose_on(request.user, model).exists(),
            "area": area,
            "goals": record.goals_of(code),
            "peers": peers,
            "compared": compared,
            "peer_form": peer_form,
            "peer_problem": _peer_problem(peers),
            "peer_chart": chart,
            "peer_measure": peer_measure(compared, found.unit) if compared else "",
            "history_of": model if area.pk else None,
            "history_area": area,
            # A composite index explained (web/_index.html), cached apart from the page.
            "index": cache.cached_index(model, area, version=version) if area.pk else None,
        },
    )


@role_required(can_view_internal)
def indicator_components(request, code, fmt):
    """A composite index's components for the own area as CSV or XLSX (web/index_export.py)."""
    _record, strategy, version = current_record()
    model = Indicator.objects.filter(strategy=strategy, code=code).first()
    area = strategy.organisation.area
    if model is None or not model.index or area.pk is None:
        raise Http404
    ix = cache.cached_index(model, area, version=version)
    if ix.year is None:
        raise Http404
    name = f"{slugify(strategy.code)}-{code}-{area.key}-{ix.year}"
    return components_response(ix, index_code=code, area=area.key, fmt=fmt, name=name)


def _peer_problem(peers) -> str:
    """Why there is no peer group, in plain words ("" when there is one)."""
    if peers is None or peers.peers:
        return ""
    if peers.applicable:
        text = _("No other municipality is in this peer group of %(area)s.")
    elif peers.method == "size_class":
        text = _(
            "The data do not give the size class of %(area)s, so it cannot be compared "
            "with municipalities of the same size. Choose another peer group."
        )
    elif peers.method == "region":
        text = _(
            "The data do not say which region %(area)s belongs to, so it cannot be "
            "compared with the municipalities of its region. Choose another peer group."
        )
    else:
        text = _(
            "The data have no population and jobs figures for %(area)s, so the most similar "
            "municipalities cannot be found. Choose another peer group."
        )
    return text % {"area": peers.area.name}
