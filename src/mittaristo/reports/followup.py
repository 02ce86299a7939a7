"""The follow-up report (strategian seurantaraportti) of a review round or an as-of date.

Cover; a one-page summary (status counts per aim, what needs attention, what changed since the
previous round: statuses, and the strategy's own changes from its change log; cut to fit the
page, followup_summary.py); each aim and goal with its indicators (latest value, target,
status, method, forecast, sentence, a chart), the owner's assessment and next steps, and the
plan goals serving it with their own statuses; the cascade's plans; an appendix with what
needs attention and what changed in full, and one of every figure with its source, licence and
publication date. Everything shown is the evaluation record's.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mittaristo.core.formatting import day
from mittaristo.evaluation import Status
from mittaristo.monitoring.attention import (
    NO_TARGET,
    NO_VALUES,
    NOT_JUDGED,
    ORDERING_RULE,
    Attention,
    Changes,
    changes_since,
    needs_attention,
)
from mittaristo.monitoring.forecast_text import forecast_line
from mittaristo.monitoring.labels import CARD_ORDER, LABELS, PLAN_LABELS
from mittaristo.monitoring.records import AimRecord, GoalRecord, IndicatorRecord, StrategyRecord
from mittaristo.monitoring.records.schema import PlanGoalRecord, PlanRecord, ValueRecord
from mittaristo.observations.models import Observation
from mittaristo.strategy.changelog import LogRevision, change_log
from mittaristo.web.charts.text import chart_context

from .cover import EXAMPLE_NOTE, Cover, cover
from .followup_summary import Summary, summary
from .source import Source, report_source
from .workbook import Column, Sheet

TITLE = gettext_lazy("Strategy follow-up report")
FILENAME = gettext_lazy("follow-up-report")
TEMPLATE = "reports/followup.html"
# Why an indicator that needs attention is listed apart (monitoring/attention.py).
UNRANKED = {
    NO_TARGET: gettext_lazy("no target to measure the distance against"),
    NO_VALUES: gettext_lazy("no values yet"),
    NOT_JUDGED: gettext_lazy("cannot be judged against its target"),
}


@dataclass(frozen=True)
class IndicatorPart:
    indicator: IndicatorRecord
    chart: dict | None  # for web/_chart.html: spec, caption, rows; None without values
    chart_text: str  # the chart's text alternative, or why there is no chart


@dataclass(frozen=True)
class GoalPart:
    goal: GoalRecord
    indicators: list[IndicatorPart]
    plan_goals: list[tuple[PlanRecord, PlanGoalRecord]]


@dataclass(frozen=True)
class AimPart:
    aim: AimRecord
    counts: list[int]  # its indicators on each step of `Followup.statuses`
    goals: list[GoalPart]


@dataclass(frozen=True)
class Figure:
    """A figure of the appendix: where it came from, under which licence, published when
    (`value.published`)."""

    indicator: IndicatorRecord
    value: ValueRecord
    source: str  # as its publisher asks to be credited (its licence apart), else how it came
    licence: str  # its licence, or that it is the city's own figure; "" when not known


@dataclass(frozen=True)
class Followup:
    cover: Cover
    record: StrategyRecord
    statuses: list[Status]  # the summary's columns
    aims: list[AimPart]
    attention: Attention  # monitoring/attention.py: ordered by ORDERING_RULE
    ordering_rule: str
    previous: str  # the previous published round's name; "" when there is none
    changes: Changes | None  # since the previous round (None: there is none)
    strategy_changes: list[LogRevision]
    summary: Summary  # what of the lists above the one-page summary shows
    figures: list[Figure]


def content(strategy, *, round=None, as_of=None, lang: str) -> Followup:
    """The follow-up report of `strategy` for the review round `round` or as of `as_of`."""
    with translation.override(lang):
        source = report_source(strategy, round=round, as_of=as_of)
        record = source.record
        aims = [_aim(record, aim) for aim in record.aims]
        attention = needs_attention(record)
        changes = changes_since(record, source.previous_record) if source.previous_record else None
        strategy_changes = _strategy_changes(strategy, source)
        return Followup(
            cover=cover(source, TITLE, lang),
            record=record,
            statuses=CARD_ORDER,
            aims=aims,
            attention=attention,
            ordering_rule=str(ORDERING_RULE),
            previous=source.previous.name if source.previous else "",
            changes=changes,
            strategy_changes=strategy_changes,
            summary=summary(attention, changes, strategy_changes),
            figures=[
                Figure(indicator, value, source_text(value), licence_text(value))
                for indicator in record.indicators.values()
                for value in indicator.values
                if value.value is not None
            ],
        )


def _aim(record: StrategyRecord, aim: AimRecord) -> AimPart:
    counts = dict.fromkeys(CARD_ORDER, 0)
    for goal in aim.goals:
        for status, n in goal.counts.items():
            if status in counts:
                counts[status] += n
    return AimPart(
        aim=aim,
        counts=list(counts.values()),
        goals=[
            GoalPart(
                goal=goal,
                indicators=[_indicator(i) for i in record.indicators_of(goal)],
                plan_goals=record.plan_goals_serving(goal.code),
            )
            for goal in aim.goals
        ],
    )


def _indicator(indicator: IndicatorRecord) -> IndicatorPart:
    chart = chart_context(indicator)
    if chart["chart_spec"] is None:
        return IndicatorPart(indicator, None, chart["chart_text"])
    rows = [{"period": v.period, "value": v.value} for v in indicator.values if v.value is not None]
    return IndicatorPart(
        indicator,
        {"spec": chart["chart_spec"], "caption": str(indicator.name), "rows": rows},
        chart["chart_text"],
    )


def _strategy_changes(strategy, source: Source) -> list[LogRevision]:
    """The strategy's recorded changes that took effect after the previous round's date, up to
    this report's day (with no person named)."""
    if source.previous is None:
        return []
    since = source.previous.as_of
    until = dt.datetime.combine(source.day, dt.time.max, tzinfo=dt.UTC)
    return [
        revision
        for group in change_log(strategy, until=until, people=False).groups
        for revision in group.revisions
        if since < revision.date <= source.day
    ]


def status_label(status) -> str:
    return str(LABELS.get(status) or PLAN_LABELS.get(status) or "")


def sheets(c: Followup) -> list[Sheet]:
    """The report as a workbook: a summary, what needs attention, one sheet per aim, the plans,
    and every figure."""
    return [
        _summary(c),
        _attention(c),
        *[_aim_sheet(c, part) for part in c.aims],
        _plans(c),
        _data(c),
    ]


def notes(c: Followup) -> list[str]:
    """The lines above every sheet's table: the report, the round or date, example data."""
    cv = c.cover
    when = cv.round or _("As known on %(date)s") % {"date": day(cv.day)}
    lines = [f"{cv.title}: {cv.organisation}, {cv.strategy}", when]
    if cv.draft:
        lines.append(_("The round is not published: its assessments may still change."))
    if cv.is_example:
        lines.append(str(EXAMPLE_NOTE))
    return lines


def _example(flag: bool) -> str:
    return _("example data") if flag else ""


def _summary(c: Followup) -> Sheet:
    # The strategy's own name of the level where it gives one (Strategy.LEVELS).
    columns = [Column(c.record.level_names["aim"], width=40), Column(_("Status"))]
    columns += [Column(status_label(s), "number", 12) for s in c.statuses]
    rows = [[str(p.aim.name), status_label(p.aim.status), *p.counts] for p in c.aims]
    return Sheet(_("Summary"), columns, rows, notes(c))


def _attention(c: Followup) -> Sheet:
    """The goals, then the indicators that need attention, in the order of ORDERING_RULE; then
    those listed apart, with why."""
    columns = [
        Column(_("Goal or indicator"), width=50),
        Column(_("Status")),
        Column(_("Progress made ÷ progress needed"), "number", 14),
        Column(_("Sentence"), width=80),
        Column(_("Forecast"), width=60),
        Column(_("Listed apart, not ranked"), width=40),
    ]
    a = c.attention
    rows = [[str(g.goal.name), status_label(g.status), g.ratio, "", "", ""] for g in a.goals]
    rows += [
        [
            str(item.indicator.name),
            status_label(item.status),
            item.indicator.ratio,
            str(item.indicator.sentence),
            forecast_line(item.indicator.forecast) if item.indicator.forecast else "",
            str(UNRANKED.get(item.reason, "")),
        ]
        for item in (*a.indicators, *a.unranked)
    ]
    return Sheet(_("What needs attention"), columns, rows, [*notes(c), c.ordering_rule])


def _aim_sheet(c: Followup, part: AimPart) -> Sheet:
    columns = [
        Column(c.record.level_names["goal"], width=40),
        Column(_("Goal's status")),
        Column(_("Indicator"), width=40),
        Column(_("Unit")),
        Column(_("Latest period")),
        Column(_("Latest value"), "number"),
        Column(_("Target year"), "number", 10),
        Column(_("Target"), "number"),
        Column(_("Target's upper end"), "number"),
        Column(_("Status")),
        Column(_("Sentence"), width=80),
        Column(_("Forecast"), width=60),
        Column(_("Method"), width=60),
        Column(_("Assessment"), width=60),
        Column(_("Next steps"), width=60),
        Column(_("Example data")),
    ]
    rows = []
    for g in part.goals:
        a = g.goal.assessment
        for ip in g.indicators:
            i, latest, target = ip.indicator, ip.indicator.latest, ip.indicator.target
            example = bool(latest and latest.is_example) or bool(target and target.is_example)
            rows.append(
                [
                    str(g.goal.name),
                    status_label(g.goal.status),
                    str(i.name),
                    str(i.unit or ""),
                    latest.period if latest else "",
                    latest.value if latest else None,
                    target.year if target else None,
                    target.value if target else None,
                    target.value_high if target else None,
                    status_label(i.status),
                    str(i.sentence),
                    forecast_line(i.forecast) if i.forecast else "",
                    str(i.method or ""),
                    a.commentary if a else "",
                    a.next_steps if a else "",
                    _example(example),
                ]
            )
    return Sheet(f"{part.aim.code} {part.aim.name}", columns, rows, [str(part.aim.name), *notes(c)])


def _plans(c: Followup) -> Sheet:
    columns = [
        Column(_("Plan"), width=40),
        Column(_("Period")),
        Column(_("Plan goal"), width=40),
        Column(_("Serves the goal"), width=40),
        Column(_("Indicator"), width=30),
        Column(_("Target year"), "number", 10),
        Column(_("Target"), "number"),
        Column(_("Status")),
        Column(_("Sentence"), width=80),
        Column(_("Example data")),
    ]
    goals = {g.code: g for g in c.record.goals}
    rows = [
        [
            str(plan.name),
            plan.period,
            str(pg.name),
            str(goals[pg.serves].name) if pg.serves in goals else "",
            str(pg.indicator_name or ""),
            pg.target_year,
            pg.target_value,
            status_label(pg.status) if pg.status else "",
            str(pg.sentence or ""),
            _example(plan.is_example),
        ]
        for plan in c.record.plans
        for pg in plan.goals
    ]
    return Sheet(_("Plans"), columns, rows, notes(c))


# How the city's own figures came (Observation.SourceKind): typed in, imported from a file or
# sent by one of the city's systems through the write API.
CITYS_OWN = {
    Observation.SourceKind.MANUAL,
    Observation.SourceKind.IMPORT,
    Observation.SourceKind.API,
}


def source_text(value: ValueRecord) -> str:
    """Where a value came from, as its publisher asks to be credited, else how it came. The
    credit line ends with the licence, which the appendix gives in a column of its own."""
    if value.source_ref:
        suffix = f", {value.licence}"
        if value.licence and value.source_ref.endswith(suffix):
            return value.source_ref.removesuffix(suffix)
        return value.source_ref
    return str(dict(Observation.SourceKind.choices).get(value.source, value.source))


def licence_text(value: ValueRecord) -> str:
    """A fetched value's licence; a value the city typed or imported is its own figure, under
    no licence of a publisher's. "" when not known (a fetched value of a record of version 2,
    whose credit line still names it)."""
    if value.licence:
        return value.licence
    return _("the city's own figure") if value.source in CITYS_OWN else ""


def _data(c: Followup) -> Sheet:
    """Every figure with its source, licence and publication date (a date cell)."""
    columns = [
        Column(_("Indicator"), width=40),
        Column(_("Area"), width=16),
        Column(_("Period")),
        Column(_("Value"), "number"),
        Column(_("Unit")),
        Column(_("Status of the value")),
        Column(_("Source"), width=60),
        Column(_("Licence"), width=20),
        Column(_("Published"), "date", 12),
        Column(_("Example data")),
    ]
    statuses = dict(Observation.Status.choices)
    area = str(c.record.area.name)
    rows = [
        [
            str(f.indicator.name),
            area,
            f.value.period,
            f.value.value,
            str(f.indicator.unit or ""),
            str(statuses.get(f.value.status, f.value.status)),
            f.source,
            f.licence,
            f.value.published,
            _example(f.value.is_example),
        ]
        for f in c.figures
    ]
    return Sheet(_("Data"), columns, rows, notes(c))
