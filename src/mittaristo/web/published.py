"""The public site's view of a published review round: its record, ready for templates.

Everything public comes through `published_round()`, which reads only
`ReviewRound.objects.published()` of the request's organisation: never a draft, an open round,
unpublished commentary or another organisation's round.
"""

from dataclasses import dataclass

from django.http import Http404

from mittaristo.core.roles import current_organisation, scoped
from mittaristo.monitoring.records import IndicatorRecord, StrategyRecord
from mittaristo.reviews.models import ReviewRound

from .sparkline import sparkline_points


def public_rounds(*, every_organisation=False):
    """The published rounds of the request's organisation (web/organisations.py): none on an
    address that names no organisation in an installation of several; every one outside a
    request (a command), or with `every_organisation` (the open API, which names each)."""
    rounds = ReviewRound.objects.published()
    if every_organisation or not scoped():
        return rounds
    return rounds.of(current_organisation())


def published_round(pk=None, *, snapshot=True, every_organisation=False) -> ReviewRound | None:
    """The latest published round, or the published round `pk` (404 if it is not published),
    of the request's organisation (or, with `every_organisation`, of any).

    `snapshot=False` leaves the (large) snapshot unread until it is used."""
    rounds = public_rounds(every_organisation=every_organisation).select_related("strategy")
    if not snapshot:
        rounds = rounds.defer("snapshot")
    if pk is None:
        return rounds.first()
    found = rounds.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def previous_round(review) -> ReviewRound | None:
    """The published round of the same strategy before `review`, to compare with."""
    return (
        ReviewRound.objects.published()
        .filter(strategy=review.strategy, published_at__lt=review.published_at)
        .defer("snapshot")
        .first()
    )


@dataclass
class Change:
    """A goal or an indicator whose status differs between two records."""

    kind: str  # "goal" or "indicator"
    code: str
    name: object
    before: str
    after: str


def changes(record: StrategyRecord, earlier: StrategyRecord | None) -> list[Change]:
    """The goals whose (published) status differs from the earlier round's."""
    if earlier is None:
        return []
    before = {goal.code: goal.status for goal in earlier.goals}
    return [
        Change("goal", goal.code, goal.name, before[goal.code], goal.status)
        for goal in record.goals
        if goal.code in before and before[goal.code] != goal.status
    ]


def changes_since(record: StrategyRecord, published: StrategyRecord) -> list[Change]:
    """The goals, then the indicators, whose live computed status differs from the computed
    status that a published round recorded; an owner's override is not a change of the data,
    so it is not compared. Parts the round did not have are left out."""
    goals_then = {goal.code: goal.computed_status for goal in published.goals}
    result = [
        Change("goal", g.code, g.name, goals_then[g.code], g.computed_status)
        for g in record.goals
        if g.code in goals_then and goals_then[g.code] != g.computed_status
    ]
    for code, indicator in record.indicators.items():
        then = published.indicators.get(code)
        if then is not None and then.status != indicator.status:
            result.append(Change("indicator", code, indicator.name, then.status, indicator.status))
    return result


def indicator_row(indicator: IndicatorRecord) -> dict:
    """A row of web/_indicator_table.html."""
    latest = indicator.latest
    return {
        "indicator": indicator,
        "latest": latest,
        "spark": sparkline_points(v.value for v in indicator.values),
    }


def find_goal(record: StrategyRecord, code: str):
    """(aim, goal) of the goal `code`, or 404."""
    found = record.find_goal(code)
    if found is None:
        raise Http404
    return found


def find_indicator(record: StrategyRecord, code: str) -> IndicatorRecord:
    try:
        return record.indicators[code]
    except KeyError:
        raise Http404 from None


def value_records(record: StrategyRecord, indicator: IndicatorRecord) -> list:
    """The rows a download of the indicator gives, in the export's columns."""
    return [
        [
            indicator.code,
            record.area.key,
            v.period,
            v.value,
            v.status,
            v.source_ref,
            "",
            "x" if v.is_example else "",
            "",
        ]
        for v in indicator.values
        if v.value is not None
    ]
