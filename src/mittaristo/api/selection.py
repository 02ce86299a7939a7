"""Which published records a request reads, and which of their rows it keeps.

`organisation`, `strategy` and `round` choose records: by default the latest published round
of each strategy (what the public site shows), `round=<id>` one published round, `round=all`
every one. `goal`, `indicator`, `area` and `period` keep rows; each takes one value or several
separated by commas. A value that none of the chosen records knows is an error that names the
values there are, never an empty answer that looks like "no data".
"""

from django.utils.translation import gettext as _

from . import records
from .responses import ApiError
from .rows import (
    AimRow,
    AssessmentRow,
    GoalRow,
    IndicatorRow,
    MilestoneRow,
    ObservationRow,
    PlanGoalRow,
    RoundRow,
    TargetRow,
)

CHOOSING = ("organisation", "strategy", "round")
KEEPING = ("goal", "indicator", "area", "period")


def _unknown(parameter: str, value: str, known) -> ApiError:
    known = sorted(known)
    shown = ", ".join(known[:30]) + (" …" if len(known) > 30 else "")
    return ApiError(
        400,
        _(
            "“%(value)s” is not among the published values of “%(parameter)s”. "
            "Those there are: %(known)s."
        )
        % {"parameter": parameter, "value": value, "known": shown or "–"},
        parameter,
    )


def _values(request, parameter: str) -> set[str] | None:
    text = request.GET.get(parameter)
    if text is None:
        return None
    return {part.strip() for part in text.split(",") if part.strip()}


def chosen(request, *, every_round: bool = False) -> list[records.Published]:
    """The published records the request chooses (read from their snapshots); with
    `every_round`, every published round unless one is asked for."""
    rounds = list(records.published_rounds())
    for parameter, key in (
        ("organisation", lambda r: r.strategy.organisation.code),
        ("strategy", lambda r: r.strategy.code),
    ):
        wanted = _values(request, parameter)
        if wanted is None:
            continue
        known = {key(r) for r in rounds}
        for value in sorted(wanted - known):
            raise _unknown(parameter, value, known)
        rounds = [r for r in rounds if key(r) in wanted]
    asked = request.GET.get("round")
    if asked == "all" or (asked is None and every_round):
        pass
    elif asked is None:
        rounds = records.latest_rounds(rounds)
    else:
        known = {str(r.pk) for r in rounds}
        if asked not in known:
            raise _unknown("round", asked, known)
        rounds = [r for r in rounds if str(r.pk) == asked]
    return records.read(rounds)


def _goals_of_indicators(items) -> dict[tuple, set[str]]:
    return {
        (item.round.pk, code): {goal.code for goal in item.record.goals_of(code)}
        for item in items
        for code in item.record.indicators
    }


def _keys(row, parameter: str, goals_of) -> set[str]:
    """The values of `parameter` a row belongs to."""
    if parameter == "goal":
        if isinstance(row, GoalRow):
            return {row.code}
        if isinstance(row, AssessmentRow):
            return {row.goal}
        if isinstance(row, IndicatorRow | AimRow):
            return set(row.goals)
        if isinstance(row, PlanGoalRow):
            return {row.serves} if row.serves else set()
        return goals_of.get((row.round, row.indicator), set())
    if parameter == "indicator":
        if isinstance(row, IndicatorRow):
            return {row.code}
        if isinstance(row, GoalRow):
            return set(row.indicators)
        if isinstance(row, PlanGoalRow):
            return {row.indicator} if row.indicator else set()
        return {row.indicator}
    if parameter == "area":
        return {row.area}
    return {row.period}  # period


def _known(items, parameter: str) -> set[str]:
    if parameter == "goal":
        return {goal.code for item in items for goal in item.record.goals}
    if parameter == "indicator":
        return {code for item in items for code in item.record.indicators}
    if parameter == "area":
        return {item.record.area.key for item in items}
    return {v.period for item in items for i in item.record.indicators.values() for v in i.values}


# Which row-keeping filters each kind of row takes.
FILTERS = {
    AimRow: ("goal",),
    GoalRow: ("goal", "indicator"),
    AssessmentRow: ("goal",),
    IndicatorRow: ("goal", "indicator", "area"),
    TargetRow: ("goal", "indicator"),
    MilestoneRow: ("goal", "indicator"),
    PlanGoalRow: ("goal", "indicator"),
    ObservationRow: ("goal", "indicator", "area", "period"),
}


def kept(request, items, rows: list, model) -> list:
    """The rows the request's goal, indicator, area and period filters keep."""
    goals_of = _goals_of_indicators(items)
    for parameter in FILTERS.get(model, ()):
        wanted = _values(request, parameter)
        if wanted is None:
            continue
        known = _known(items, parameter)
        for value in sorted(wanted - known):
            raise _unknown(parameter, value, known)
        rows = [row for row in rows if _keys(row, parameter, goals_of) & wanted]
    return rows


def parameters(model) -> set[str]:
    """The query parameters a list of `model` takes."""
    choosing = ("organisation", "strategy") if model is RoundRow else CHOOSING
    return {*choosing, *FILTERS.get(model, ()), "page", "page_size", "format"}
