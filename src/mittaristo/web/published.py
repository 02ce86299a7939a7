"""The public site's view of a published review round: its snapshot, ready for templates.

Everything public comes through `published_round()`, which reads only
`ReviewRound.objects.published()`: never a draft, an open round or unpublished commentary.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404

from mittaristo.core.translation import TranslatedText
from mittaristo.reviews.models import ReviewRound

from .sparkline import sparkline_points

TEXT_KEYS = {"name", "description", "vision", "organisation", "unit", "method", "sentence"}


def published_round(pk=None, *, snapshot=True) -> ReviewRound | None:
    """The latest published round, or the published round `pk` (404 if it is not published).

    `snapshot=False` leaves the (large) snapshot unread until it is used."""
    rounds = ReviewRound.objects.published().select_related("strategy")
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
    goal: dict
    before: str
    after: str


def changes(snapshot: dict, earlier: dict | None) -> list[Change]:
    """The goals whose status differs from the earlier snapshot's."""
    if not earlier:
        return []
    before = {g["code"]: g["status"] for a in earlier.get("aims", []) for g in a["goals"]}
    return [
        Change(goal, before[goal["code"]], goal["status"])
        for aim in snapshot["aims"]
        for goal in aim["goals"]
        if goal["code"] in before and before[goal["code"]] != goal["status"]
    ]


@dataclass
class LiveChange:
    """A goal or an indicator whose computed status now differs from a published round's."""

    kind: str  # "goal" or "indicator"
    code: str
    name: object
    before: str
    after: str


def changes_since(evaluation, snapshot: dict) -> list[LiveChange]:
    """The goals, then the indicators, whose live computed status differs from the computed
    status that `snapshot` (a published round's) recorded; an owner's override is not a change
    of the data, so it is not compared. Parts the round did not have are left out."""
    goals_then = {
        goal["code"]: goal.get("computed_status", goal["status"])
        for aim in snapshot.get("aims", [])
        for goal in aim["goals"]
    }
    indicators_then = {code: i["status"] for code, i in snapshot.get("indicators", {}).items()}
    result = [
        LiveChange("goal", g.part.code, g.part.name, goals_then[g.part.code], str(g.status))
        for g in evaluation.goals
        if g.part.code in goals_then and goals_then[g.part.code] != str(g.status)
    ]
    for ev in evaluation.indicators.values():
        code, now = ev.indicator.code, str(ev.status)
        if code in indicators_then and indicators_then[code] != now:
            result.append(
                LiveChange("indicator", code, ev.indicator.name, indicators_then[code], now)
            )
    return result


def indicator_row(indicator: dict, evaluation=None) -> dict:
    """A row of web/_indicator_table.html from snapshot-shaped indicator data; `evaluation`
    (the live IndicatorEvaluation) brings the due date, which a published snapshot has not."""
    values = indicator["values"]
    return {
        "indicator": indicator,
        "latest": values[-1] if values else None,
        "spark": sparkline_points(v["value"] for v in values),
        "evaluation": evaluation,
    }


def readable(snapshot):
    """The snapshot with its texts as TranslatedText (shown in the reader's language)."""
    if isinstance(snapshot, dict):
        return {
            key: TranslatedText(value)
            if key in TEXT_KEYS and isinstance(value, dict)
            else readable(value)
            for key, value in snapshot.items()
        }
    if isinstance(snapshot, list):
        return [readable(item) for item in snapshot]
    return snapshot


def find_goal(snapshot, code):
    for aim in snapshot["aims"]:
        for goal in aim["goals"]:
            if goal["code"] == code:
                return aim, goal
    raise Http404


def find_indicator(snapshot, code):
    try:
        return snapshot["indicators"][code]
    except KeyError:
        raise Http404 from None


def value_records(snapshot, indicator) -> list:
    """The rows a download of the indicator gives, in the export's columns."""
    return [
        [
            indicator["code"],
            snapshot["area"],
            v["period"],
            Decimal(v["value"]),
            v["status"],
            v.get("source_ref", ""),
            "",
            "x" if v.get("is_example") else "",
            "",
        ]
        for v in indicator["values"]
        if v["value"] is not None
    ]
