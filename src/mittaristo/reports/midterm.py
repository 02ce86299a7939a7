"""The mid-term evaluation (väliarviointi): where each target stands halfway, and which to refine.

Built from the evaluation record (monitoring/records), never a shape of its own: a review
round's stored snapshot, or the evaluation as known on a date. Per aim, goal and indicator it
sets baseline → now → target side by side, says what the pace observed is compared with, and
gives the forecast for the target year with its uncertainty (monitoring/forecast_text.py). The
targets to refine are chosen by the pure `monitoring.refinement`; the refinements decided after
the evaluation's date come from the change log (strategy/changelog.py), grouped by decision.

`content(...)` returns plain data in one language for the page's and the document's body
(templates/reports/_midterm_body.html); `sheets(content)` the same as tables for a workbook.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from mittaristo.core.formatting import number, percent, target_level, target_total
from mittaristo.evaluation import Status
from mittaristo.monitoring.forecast_text import forecast_line
from mittaristo.monitoring.labels import LABELS
from mittaristo.monitoring.records import StrategyRecord, evaluation_record
from mittaristo.monitoring.records.schema import IndicatorRecord
from mittaristo.monitoring.refinement import Reason, baseline, refinement_proposals
from mittaristo.reviews.snapshot import read_snapshot
from mittaristo.strategy.changelog import DecisionGroup, change_log


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator of a goal: baseline → now → target, the pace, the forecast."""

    code: str
    name: str
    unit: str
    status: Status
    status_label: str
    base_year: int | None
    baseline: Decimal | None  # None: neither the record nor the target has the base year's
    baseline_period: str  # the baseline's period ("2021", "2021Q3"), "" without one
    baseline_stated: bool  # the target's stated baseline, for want of a value of that year
    now_period: str  # the latest value's period, or the years of a total
    now: Decimal | None  # the latest value, or the total so far of a total over years
    target_year: int | None
    target: Decimal | None
    target_high: Decimal | None  # the upper end of a band
    target_text: str  # "6 400", "20–21", "600 (total 2023–2030)"; "" without a target
    cumulative: bool
    baseline_example: bool  # example data, each marked where it shows
    now_example: bool
    target_example: bool
    ratio: float | None
    compared: str  # what the pace is compared with, in words
    pace: str  # the result of the comparison, in words
    sentence: str  # the record's sentence
    forecast: str  # the forecast in words, its uncertainty included; "" without one
    record: IndicatorRecord  # for the chart (web/_chart.html)

    @property
    def is_example(self) -> bool:
        """Whether a figure of the row is example data, or a value of its chart."""
        return self.target_example or any(v.is_example for v in self.record.values)


@dataclass(frozen=True)
class GoalSection:
    code: str
    name: str
    status: Status
    status_label: str
    rows: list[IndicatorRow]


@dataclass(frozen=True)
class AimSection:
    code: str
    name: str
    goals: list[GoalSection]


@dataclass(frozen=True)
class ProposalRow:
    """A target the evaluation proposes to refine, why, and what was decided since."""

    code: str
    name: str
    goals: tuple[str, ...]
    reason: Reason
    reason_label: str
    explanation: str
    decisions: list[str]  # decision references of refinements of it after the date


@dataclass(frozen=True)
class MidtermContent:
    lang: str
    strategy: str
    organisation: str
    area: str
    horizon: str
    council_term: str
    date: dt.date  # the evaluation's date: the figures as known then
    round: str  # the review round's name, "" for a date
    is_example: bool  # the round, a target or a value shown is example data
    aims: list[AimSection]
    proposals: list[ProposalRow]
    refinements: list[DecisionGroup]  # decided after `date`, newest first
    record: StrategyRecord = field(repr=False)

    @property
    def rows(self) -> list[IndicatorRow]:
        return [row for aim in self.aims for goal in aim.goals for row in goal.rows]


def content(strategy, *, round=None, as_of=None, lang, record=None) -> MidtermContent:
    """The mid-term evaluation of `strategy` for review round `round` (its stored snapshot once
    published, else as known on its date) or as known on `as_of` (None: today), in `lang`.
    `record`: the live record when the caller has it (the page's cached one, web/cache.py)."""
    if record is None:
        record = _record(strategy, round, as_of)
    date = round.as_of if round is not None else as_of or record.evaluated_on
    with translation.override(lang):
        log = change_log(strategy, people=False)
        after = _after(log.groups, date)
        decided = _decisions_by_indicator(strategy, after)
        example = bool(round and round.is_example) or bool(record.round and record.round.is_example)
        aims = [
            AimSection(
                aim.code,
                str(aim.name),
                [
                    GoalSection(
                        goal.code,
                        str(goal.name),
                        goal.status,
                        str(LABELS[goal.status]),
                        [_row(i) for i in record.indicators_of(goal)],
                    )
                    for goal in aim.goals
                ],
            )
            for aim in record.aims
        ]
        rows = {row.code: row for aim in aims for goal in aim.goals for row in goal.rows}
        return MidtermContent(
            lang=lang,
            strategy=str(record.strategy.name),
            organisation=str(record.strategy.organisation),
            area=str(record.area.name),
            horizon=record.strategy.horizon,
            council_term=strategy.council_term,
            date=date,
            round=round.name if round is not None else "",
            is_example=example or any(row.is_example for row in rows.values()),
            aims=aims,
            proposals=[
                ProposalRow(
                    p.indicator,
                    rows[p.indicator].name,
                    p.goals,
                    p.reason,
                    reason_label(p.reason),
                    explanation(record.indicators[p.indicator], p.reason, missed=p.missed),
                    decided.get(p.indicator, []),
                )
                for p in refinement_proposals(record)
            ],
            refinements=after,
            record=record,
        )


def _record(strategy, round, as_of) -> StrategyRecord:
    if round is not None and round.is_published and round.snapshot:
        return read_snapshot(round)
    if round is not None:
        return evaluation_record(strategy, as_of=round.as_of)
    return evaluation_record(strategy, as_of=as_of)


def _after(groups: list[DecisionGroup], date: dt.date) -> list[DecisionGroup]:
    """The decided revisions that took effect after `date`, grouped by decision: a change
    without a decision reference (a file's load, an example overlay) is no refinement."""
    kept = []
    for group in groups:
        if not group.decision:
            continue
        revisions = [r for r in group.revisions if r.date > date]
        if revisions:
            kept.append(DecisionGroup(group.decision, revisions))
    return kept


def _decisions_by_indicator(strategy, groups) -> dict[str, list[str]]:
    """Indicator code → the decisions that changed it (its target, milestones, texts)."""
    codes = dict(strategy.indicators.values_list("pk", "code"))
    found: dict[str, list[str]] = {}
    for group in groups:
        for revision in group.revisions:
            label = revision.decision
            for entry in revision.entries:
                for pk in entry.indicator_ids:
                    if pk in codes and label not in found.setdefault(codes[pk], []):
                        found[codes[pk]].append(label)
    return found


def _row(indicator: IndicatorRecord) -> IndicatorRow:
    target = indicator.target
    cumulative = indicator.measure == "cumulative" or bool(target and target.cumulative_from)
    base = None if cumulative else baseline(indicator)
    latest = indicator.latest
    if cumulative and indicator.total is not None:
        now_period = f"{indicator.base_year}–{indicator.latest_year}"
        now = Decimal(str(indicator.total))
    else:
        now_period = latest.period if latest else ""
        now = latest.value if latest else None
    has_level = target is not None and target.value is not None
    compared, pace = progress_words(indicator)
    return IndicatorRow(
        code=indicator.code,
        name=str(indicator.name),
        unit=str(indicator.unit or ""),
        status=indicator.status,
        status_label=str(LABELS[indicator.status]),
        base_year=indicator.base_year or (int(base.period[:4]) if base else None),
        baseline=base.value if base else None,
        baseline_period=base.period if base else "",
        baseline_stated=bool(base and base.stated),
        now_period=now_period,
        now=now,
        target_year=target.year if target else None,
        target=target.value if has_level else None,
        target_high=target.value_high if has_level else None,
        target_text=(target_level(target) + target_total(target)) if has_level else "",
        cumulative=cumulative,
        baseline_example=bool(base and base.is_example),
        now_example=bool(latest and latest.is_example and not cumulative),
        target_example=bool(target and target.is_example),
        ratio=indicator.ratio,
        compared=compared,
        pace=pace,
        sentence=str(indicator.sentence),
        forecast=forecast_line(indicator.forecast) if indicator.forecast else "",
        record=indicator,
    )


def baseline_source(row: IndicatorRow) -> str:
    """Where the baseline comes from, in words: the figures, or the target's statement."""
    if row.baseline is None:
        return ""
    return _("stated with the target") if row.baseline_stated else _("the figures")


def progress_words(indicator: IndicatorRecord) -> tuple[str, str]:
    """(what the pace so far is compared with, the result), in the reader's language."""
    target = indicator.target
    if indicator.status == Status.NO_DATA or indicator.ratio is None:
        return "", ""  # the sentence says why
    if target is None or target.value is None:
        return _("Without a target there is no pace needed to compare with."), ""
    facts = {"base": indicator.base_year, "year": target.year, "latest": indicator.latest_year}
    if indicator.measure == "cumulative":
        compared = (
            _(
                "Compared: the total so far per year elapsed (%(base)s–%(latest)s) with the "
                "total per year the target needs over %(base)s–%(year)s."
            )
            % facts
        )
    elif indicator.measure == "linear":
        compared = (
            _(
                "Compared: the average change a year since %(base)s with the change a year "
                "needed to reach the target by %(year)s."
            )
            % facts
        )
    else:
        compared = (
            _(
                "Compared: the average growth a year since %(base)s with the growth a year "
                "needed to reach the target by %(year)s."
            )
            % facts
        )
    if indicator.status == Status.ACHIEVED:
        return compared, _("The target is already reached.")
    if indicator.ratio < 0:
        return compared, _("The value has moved away from the target since %(base)s.") % facts
    return compared, _("The pace so far is %(pace)s %% of the pace needed.") % {
        "pace": percent(indicator.ratio)
    }


def reason_label(reason: Reason) -> str:
    return {
        Reason.MOVING_AWAY: _("moving away"),
        Reason.OFF_TRACK: _("off track"),
        Reason.ACHIEVED: _("already achieved"),
        Reason.NO_TARGET: _("without a target"),
    }[reason]


def explanation(indicator: IndicatorRecord, reason: Reason, *, missed: bool = False) -> str:
    """Why the target is proposed for refinement, with its numbers, in the reader's language."""
    target, latest = indicator.target, indicator.latest
    if reason == Reason.NO_TARGET:
        if latest is None:
            return _("The indicator has no target level and no values yet.")
        return _(
            "The indicator has no target level, so its progress cannot be measured against one."
        )
    facts = {
        "base": indicator.base_year,
        "year": target.year,
        "target": target_level(target) + target_total(target),
        "period": latest.period if latest else "",
        "value": number(latest.value) if latest else "",
        "pace": percent(indicator.ratio) if indicator.ratio is not None else "",
    }
    if reason == Reason.ACHIEVED:
        return (
            _(
                "The latest value (%(period)s: %(value)s) already reaches the target for "
                "%(year)s (%(target)s)."
            )
            % facts
        )
    if reason == Reason.MOVING_AWAY:
        return (
            _("The value has moved away from the target (%(target)s by %(year)s) since %(base)s.")
            % facts
        )
    if missed:
        return (
            _(
                "The target year %(year)s has come without the target (%(target)s) being "
                "reached: %(period)s: %(value)s."
            )
            % facts
        )
    return (
        _(
            "The pace since %(base)s is %(pace)s %% of the pace needed to reach the target "
            "(%(target)s) by %(year)s."
        )
        % facts
    )


def sheets(content: MidtermContent) -> list[tuple[str, list[str], list[list]]]:
    """The workbook's sheets: (name, header, rows), numbers as Decimal or int, never text."""
    with translation.override(content.lang):
        indicators = (
            _("Indicators"),
            [
                _("Aim"),
                _("Goal"),
                _("Code"),
                _("Indicator"),
                _("Unit"),
                _("Base year"),
                _("Baseline"),
                _("Baseline from"),
                _("Latest period"),
                _("Now"),
                _("Target year"),
                _("Target"),
                _("Target, upper end"),
                _("Status"),
                _("Pace observed ÷ needed"),
                _("Forecast year"),
                _("Forecast"),
                _("Forecast, lower end of the 95 per cent interval"),
                _("Forecast, upper end of the 95 per cent interval"),
                _("Chance of reaching the target"),
                _("Example data"),
            ],
            [
                [
                    aim.code,
                    goal.code,
                    row.code,
                    row.name,
                    row.unit,
                    row.base_year,
                    row.baseline,
                    baseline_source(row),
                    row.now_period,
                    row.now,
                    row.target_year,
                    row.target,
                    row.target_high,
                    row.status_label,
                    _decimal(row.ratio),
                    *_forecast_cells(row.record),
                    _("yes") if row.is_example else "",
                ]
                for aim in content.aims
                for goal in aim.goals
                for row in goal.rows
            ],
        )
        proposals = (
            _("Proposals"),
            [_("Code"), _("Indicator"), _("Goals"), _("Reason"), _("Why"), _("Decision")],
            [
                [
                    p.code,
                    p.name,
                    ", ".join(p.goals),
                    p.reason_label,
                    p.explanation,
                    "; ".join(p.decisions),
                ]
                for p in content.proposals
            ],
        )
        refinements = (
            _("Refinements"),
            [
                _("Decision"),
                _("Date"),
                _("Reason"),
                _("Change"),
                _("Field"),
                _("Before"),
                _("After"),
            ],
            [
                [
                    group.decision,
                    revision.date,
                    revision.reason,
                    f"{entry.kind} {entry.action_label}: {entry.subject}",
                    change.label,
                    change.before,
                    change.after,
                ]
                for group in content.refinements
                for revision in group.revisions
                for entry in revision.entries
                for change in entry.fields or [_NoField]
            ],
        )
        return [indicators, proposals, refinements]


class _NoField:
    label = before = after = ""


def _forecast_cells(indicator: IndicatorRecord) -> list:
    f = indicator.forecast
    if f is None:
        return [None] * 5
    chance = f.probability if f.low is not None and f.high is not None else None
    return [f.year, _decimal(f.value), _decimal(f.low), _decimal(f.high), _decimal(chance)]


def _decimal(value: float | None) -> Decimal | None:
    """A computed number as a decimal of six significant figures (no float noise in a cell)."""
    if value is None:
        return None
    return Decimal(f"{value:.6g}")
