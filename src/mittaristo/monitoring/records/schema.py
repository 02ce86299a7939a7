"""The evaluation record: what every reader of an evaluation gets, in one typed shape.

A record holds what the pages, the published snapshot, `mittaristo evaluate --format json`,
and later the reports and the open API show of a strategy's evaluation: values with their
periods, status and method, the sentences in every language, forecast, peers, data age, the
owner's assessment where one was approved, and the plan goals judged on their own targets.
No personal data (no names of owners, authors or responsible persons), no database ids.

Its JSON form is versioned (`RECORD_VERSION`) and documented by a JSON Schema generated from
these models (docs/evaluation-record.schema.json, checked in a test); `records.upgrade` turns
every earlier version into this one, so a snapshot stored today still reads in five years.
Numbers measured or decided (values, targets) are decimals written as strings, exact; numbers
computed (forecasts, ratios) are floats. Texts are {"fi": …, "sv": …, "en": …} and print in the
reader's language.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, PlainSerializer, PlainValidator, WithJsonSchema

from mittaristo.core.numbers import plain
from mittaristo.core.translation import TranslatedText
from mittaristo.evaluation import ProjectionClass, Status
from mittaristo.evaluation.plan_target import PlanStatus
from mittaristo.strategy.models import Plan, Strategy

RECORD_VERSION = 5


def _text(value) -> TranslatedText:
    if value is None or isinstance(value, str | dict):
        return TranslatedText(value)
    raise ValueError("a text is an object of language → text")


# A text in the strategy's languages; prints in the active one (core/translation.py).
Text = Annotated[
    TranslatedText,
    PlainValidator(_text),
    PlainSerializer(dict, return_type=dict),
    WithJsonSchema(
        {
            "type": "object",
            "description": "A text by language code (fi, sv, en); Finnish is the fallback.",
            "additionalProperties": {"type": "string"},
        }
    ),
]
# A measured or decided number, written as a string so that no digit is lost.
Number = Annotated[
    Decimal,
    PlainSerializer(plain, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}),
]


class Record(BaseModel):
    # Frozen: a record is shared by every request that reads it (web/cache.py).
    model_config = ConfigDict(frozen=True, extra="forbid")


class ValueRecord(Record):
    """One value of an indicator as known then: its period, status and where it came from,
    when it was published and under which licence (a fetched value's; a value the city typed
    or imported has none: it is the city's own figure)."""

    period: str
    value: Number | None
    status: str  # final, provisional, estimate
    source: str  # how it came: manual, import, fetch
    source_ref: str = ""  # the source as its publisher asks to be credited
    is_example: bool = False
    published: dt.date | None = None  # when its publisher released it (its vintage)
    licence: str = ""  # a fetched value's licence, e.g. "CC BY 4.0"


class MilestoneRecord(Record):
    year: int
    value: Number


class TargetRecord(Record):
    """The target the indicator is judged against: a level, or a band `value`–`value_high`;
    with `cumulative_from`, a total over the years from then to `year`. `baseline_year` and
    `baseline_value`: the baseline the target states it was set from (progress is measured
    from that year; the value stands in when the series lacks that year)."""

    year: int
    value: Number | None
    value_high: Number | None = None
    cumulative_from: int | None = None
    baseline_year: int | None = None
    baseline_value: Number | None = None
    is_example: bool = False
    milestones: list[MilestoneRecord] = []


class ForecastRecord(Record):
    """The OLS forecast at `year` with its 95 % prediction interval (`low`–`high`) and the
    probability of reaching the target, and Destatis' projection class. Without an interval,
    `uncertainty` says why: too_few values, the values lie on a straight_line, or unknown."""

    year: int
    value: float
    low: float | None = None
    high: float | None = None
    uncertainty: Literal["too_few", "straight_line", "unknown"] | None = None
    probability: float | None = None
    projection_class: ProjectionClass | None = None
    slope: float | None = None  # change a year of the fitted line
    trend_p: float | None = None  # Mann–Kendall's p-value
    from_year: int  # the latest value's year, where the forecast line starts
    from_value: float


class StandingRecord(Record):
    """An area's place in a group: rank, how many had a value, the median, the group's size
    and how many of it were left out for want of a value (all None when no year compared)."""

    rank: int | None
    count: int | None
    median: Number | None
    size: int | None = None
    left_out: int | None = None


class AreaRecord(Record):
    key: str  # KU111, MK07, SSS
    name: Text


class PeerValueRecord(Record):
    area: str
    name: Text
    value: Number | None


class PeersRecord(Record):
    """The comparison with peer municipalities: what was compared (`measure`: level,
    per_resident or change over `window` years since `since`; `band` of a range indicator),
    the year compared (None when no year was comparable), the standing in the group and the
    country, and the group's values as compared, highest first."""

    method: str  # size_class, region, similar
    measure: Literal["level", "per_resident", "change"] = "level"
    window: int | None = None
    since: int | None = None
    population: str | None = None  # the basis of a per-resident figure
    band: list[Number] | None = None
    ranked: bool = True
    year: int | None
    area: AreaRecord
    group: StandingRecord | None
    country: StandingRecord | None
    values: list[PeerValueRecord]


class IndexComponentRecord(Record):
    """One component of a composite index for the area and year: a group (a sub-index) or an
    indicator, in the tree's order (a group before its components)."""

    code: str
    name: Text
    kind: Literal["group", "indicator"]
    parent: str  # the code of the group it belongs to (the index's own code at the top)
    depth: int  # 1: a component of the index itself, 2: of a sub-index, …
    direction: Literal["higher", "lower"] | None = None  # an indicator's
    unit: Text = TranslatedText()  # an indicator's
    value: Number | None = None  # an indicator's raw value, as the index read it
    value_year: int | None = None  # the year of a value carried forward from an earlier year
    weight: float  # as defined, beside its siblings
    share: float | None = None  # its weight's share among the siblings present (what it counts)
    score: float | None = None  # the normalised score (an indicator) or the sub-index's score
    contribution: float | None = None  # points of its parent's score (arithmetic mean only)
    rank: int | None = None  # the area's rank in this component (1 = best)
    coverage: float | None = None  # a group's share of weight present


class IndexMoverRecord(Record):
    """A component of the index with how much it moved the index since the year before: the
    change of its contribution in points (with a geometric mean, of its score)."""

    code: str
    name: Text
    change: float


class IndexSensitivityRecord(Record):
    """How firm the rank is: the Monte Carlo uncertainty analysis (indices/sensitivity.py)."""

    runs: int
    seed: int
    spread: float  # each weight multiplied by a factor from [1 − spread, 1 + spread]
    choices: list[str]  # the normalisation/aggregation pairs drawn ("minmax/arithmetic")
    median: float | None  # the area's median rank over the runs
    low: int | None  # the 5th percentile of its ranks (the better end)
    high: int | None  # the 95th percentile (the worse end)


class IndexRecord(Record):
    """A composite index explained for the record's area: its value and rank in `year` (the
    latest year the area has a value), how firm that rank is, what each component gives, what
    moved it since `previous_year`, and the method in words (docs/indices.md). Scores are
    computed (floats); raw values measured (decimals)."""

    definition_version: str  # monitoring.indices.definition_version of the definition used
    reference: str  # the kind of area the values are normalised against (municipality)
    normalisation: str
    aggregation: str
    low: float | None = None  # the scores' range (min–max, goalposts, distance to target)
    high: float | None = None
    year: int | None = None  # None: the area has no value of the index
    value: float | None = None
    rank: int | None = None
    count: int | None = None  # the areas with a value that year
    previous_year: int | None = None
    previous_value: float | None = None
    previous_rank: int | None = None
    sensitivity: IndexSensitivityRecord | None = None
    components: list[IndexComponentRecord] = []
    movers: list[IndexMoverRecord] = []
    sentence: Text = TranslatedText()  # the rank with its interval, in words
    method: Text = TranslatedText()  # how it is computed, in words a statistician recognises
    problems: list[str] = []  # why its definition cannot be computed (then nothing else is)

    @property
    def rows(self) -> list[tuple[IndexComponentRecord, TranslatedText]]:
        """Each component with the name of the group it belongs to (a table's rows)."""
        names = {c.code: c.name for c in self.components}
        return [(c, names.get(c.parent, TranslatedText(c.parent))) for c in self.components]


class IndicatorRecord(Record):
    code: str
    name: Text
    unit: Text = TranslatedText()
    direction: Literal["higher", "lower", "range"]
    frequency: str = ""  # how far apart its values are (a chart's gaps)
    method: Text = TranslatedText()  # how the figure is made, in words
    status: Status
    measure: Literal["growth_rate", "linear", "cumulative", ""] = ""  # the progress measure
    ratio: float | None = None  # the pace observed ÷ needed (R), or the growth (P) without target
    base_year: int | None = None
    latest_year: int | None = None
    total: float | None = None  # a total over years: from its first year through the latest
    late: bool = False  # its next value is overdue
    due: dt.date | None = None  # when the next value is expected
    due_basis: Text = TranslatedText()  # where `due` comes from, in words
    sentence: Text  # the status with its numbers, in words
    target: TargetRecord | None = None
    values: list[ValueRecord] = []
    forecast: ForecastRecord | None = None
    peers: PeersRecord | None = None
    index: IndexRecord | None = None  # a composite index explained (version 4)

    @property
    def latest(self) -> ValueRecord | None:
        """The latest value there is (a period without a value is skipped)."""
        return next((v for v in reversed(self.values) if v.value is not None), None)


class AssessmentRecord(Record):
    """A goal owner's assessment as the strategy lead approved it."""

    status: Status
    overridden: bool = False  # the owner's status differs from the computed one
    justification: str = ""
    commentary: str = ""
    next_steps: str = ""


class GoalRecord(Record):
    """A goal of an aim or, with `parent`, a sub-goal of the goal with that code (version 5).
    A goal with sub-goals rolls them up with its own indicators (docs/evaluation.md)."""

    code: str
    name: Text
    description: Text = TranslatedText()
    status: Status  # the approved assessment's status where there is one, else computed
    computed_status: Status
    moving_away: bool = False  # an indicator (or a sub-goal's) is moving away from its target
    counts: dict[Status, int] = {}  # its own indicators on each step of the summary scale
    indicators: list[str] = []  # codes, in the goal's order
    assessment: AssessmentRecord | None = None
    parent: str | None = None  # the code of the goal above (version 5)
    grouping: str | None = None  # the code of its grouping (version 5)


class AimRecord(Record):
    """An aim with all its goals, each goal before its sub-goals."""

    code: str
    name: Text
    description: Text = TranslatedText()
    status: Status
    goals: list[GoalRecord]
    grouping: str | None = None  # the code of its grouping (version 5)

    @property
    def top_goals(self) -> list[GoalRecord]:
        """Its goals of the first level (the others are their sub-goals)."""
        return [g for g in self.goals if g.parent is None]

    def subgoals_of(self, code: str) -> list[GoalRecord]:
        return [g for g in self.goals if g.parent == code]


class PlanGoalRecord(Record):
    """A goal of a plan in the cascade; with an indicator, a level and a year, judged on its
    own target (`status`, `sentence`)."""

    code: str
    name: Text
    serves: str | None = None  # the strategy goal's code
    parent: str | None = None  # the plan goal above it, "PLAN/GOAL"
    indicator: str | None = None
    indicator_name: Text = TranslatedText()
    target_value: Number | None = None
    target_year: int | None = None
    status: PlanStatus | None = None
    sentence: Text = TranslatedText()
    due: dt.date | None = None


class PlanRecord(Record):
    code: str
    kind: str  # programme, plan, roadmap, budget, operating_plan
    name: Text
    start_year: int
    end_year: int
    owner_unit: Text = TranslatedText()
    is_example: bool = False
    goals: list[PlanGoalRecord] = []

    @property
    def level(self) -> int:
        """Its level in the cascade: 1 programme, plan or roadmap, 2 budget, 3 operating plan."""
        return Plan.LEVELS.get(self.kind, 1)

    @property
    def period(self) -> str:
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"


class StrategyValueRecord(Record):
    name: Text
    description: Text = TranslatedText()


class GroupingRecord(Record):
    """A focus area, a Balanced Scorecard perspective or another grouping of aims and goals."""

    code: str
    name: Text
    description: Text = TranslatedText()
    kind: Literal["focus_area", "perspective", "other"] = "other"


class StrategyInfo(Record):
    code: str
    name: Text
    vision: Text = TranslatedText()
    mission: Text = TranslatedText()  # version 5
    organisation: Text
    horizon: str  # "2022–2030"
    values: list[StrategyValueRecord] = []
    # What the strategy calls its levels (aim, goal, subgoal, focus_area, perspective, other),
    # where it names them; version 5.
    levels: dict[str, Text] = {}
    groupings: list[GroupingRecord] = []  # version 5


class RoundRecord(Record):
    """The review round a published snapshot belongs to."""

    name: str
    kind: str
    as_of: dt.date
    is_example: bool = False


class StrategyRecord(Record):
    """The evaluation of a whole strategy in one area, as known on `as_of` (None: now),
    judged on `evaluated_on` (lateness is judged against that day)."""

    version: Literal[5] = RECORD_VERSION
    strategy: StrategyInfo
    area: AreaRecord
    as_of: dt.date | None = None
    evaluated_on: dt.date
    round: RoundRecord | None = None
    status: Status
    aims: list[AimRecord]
    indicators: dict[str, IndicatorRecord]  # by code
    plans: list[PlanRecord] = []

    @property
    def goals(self) -> list[GoalRecord]:
        return [goal for aim in self.aims for goal in aim.goals]

    @property
    def level_names(self) -> dict:
        """Each level's name in the reader's language: the strategy's own, else the default
        word (Strategy.LEVELS)."""
        own = self.strategy.levels
        return {
            key: str(own[key]) if own.get(key) else str(default)
            for key, default in Strategy.LEVELS.items()
        }

    @property
    def grouping_sections(self) -> list[tuple[str, str, list]]:
        """The groupings by kind, for a page: [(kind, the level's name, [(grouping, its aims,
        its goals as (aim, goal))])], kinds in the order focus area, perspective, other."""
        names = self.level_names
        grouped = self.grouped
        return [
            (kind, names[kind], found)
            for kind in ("focus_area", "perspective", "other")
            if (found := [row for row in grouped if row[0].kind == kind])
        ]

    @property
    def has_subgoals(self) -> bool:
        return any(goal.parent for goal in self.goals)

    @property
    def grouped(self) -> list[tuple[GroupingRecord, list, list]]:
        """Each grouping with its aims and its goals (with the aim of each), in the file's
        order; empty when the strategy has none."""
        result = []
        for grouping in self.strategy.groupings:
            aims = [a for a in self.aims if a.grouping == grouping.code]
            goals = [(a, g) for a in self.aims for g in a.goals if g.grouping == grouping.code]
            result.append((grouping, aims, goals))
        return result

    def find_goal(self, code: str) -> tuple[AimRecord, GoalRecord] | None:
        for aim in self.aims:
            for goal in aim.goals:
                if goal.code == code:
                    return aim, goal
        return None

    def indicators_of(self, goal: GoalRecord) -> list[IndicatorRecord]:
        return [self.indicators[code] for code in goal.indicators if code in self.indicators]

    def goals_of(self, indicator_code: str) -> list[GoalRecord]:
        return [goal for goal in self.goals if indicator_code in goal.indicators]

    def plan_goals_serving(self, goal_code: str) -> list[tuple[PlanRecord, PlanGoalRecord]]:
        return [(plan, pg) for plan in self.plans for pg in plan.goals if pg.serves == goal_code]


def record_schema() -> dict:
    """The JSON Schema of a stored record of the current version (what is written)."""
    schema = StrategyRecord.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:mittaristo:evaluation-record:{RECORD_VERSION}",
        "title": f"Mittaristo evaluation record, version {RECORD_VERSION}",
        **{key: value for key, value in schema.items() if key != "title"},
    }
