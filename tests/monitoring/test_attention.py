"""What needs attention, on hand-built records: which goals and indicators are listed, in what
order (status, then the pace ratio R: unit-free, so jobs and euros compare), what is listed
apart and never ranked, and what changed since the previous round."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from mittaristo.evaluation import Status
from mittaristo.monitoring.attention import (
    ADDED,
    BETTER,
    CHANGED,
    JUDGED,
    NO_TARGET,
    NO_VALUES,
    NOT_JUDGED,
    REMOVED,
    UNJUDGED,
    WORSE,
    changes_since,
    needs_attention,
)
from mittaristo.monitoring.records import read_record
from mittaristo.monitoring.records.schema import (
    AimRecord,
    AreaRecord,
    AssessmentRecord,
    ForecastRecord,
    GoalRecord,
    IndicatorRecord,
    RoundRecord,
    StrategyInfo,
    StrategyRecord,
    TargetRecord,
    ValueRecord,
)

S = Status
VERSION_1 = Path(__file__).resolve().parents[1] / "fixtures" / "snapshot_v1.json"


def indicator(code, status, ratio=None, *, target=True, values=(("2023", "1"), ("2024", "2"))):
    return IndicatorRecord(
        code=code,
        name={"fi": f"{code} fi", "en": f"{code} en"},
        unit={"en": "persons"},
        direction="higher",
        status=status,
        measure="growth_rate" if ratio is not None else "",
        ratio=ratio,
        sentence={"en": f"{code}: the sentence."},
        target=TargetRecord(year=2030, value=Decimal(100)) if target else None,
        values=[
            ValueRecord(period=p, value=Decimal(v), status="final", source="file")
            for p, v in values
        ],
        forecast=ForecastRecord(year=2030, value=50.0, from_year=2024, from_value=2.0)
        if target
        else None,
    )


def goal(code, status, indicators, *, computed=None, assessment=None):
    return GoalRecord(
        code=code,
        name={"en": f"goal {code}"},
        status=status,
        computed_status=computed or status,
        indicators=list(indicators),
        assessment=assessment,
    )


def record(goals, indicators, *, round=None, as_of=None):
    return StrategyRecord(
        strategy=StrategyInfo(
            code="s", name={"en": "Strategy"}, organisation={"en": "Town"}, horizon="2022–2030"
        ),
        area=AreaRecord(key="KU999", name={"en": "Town"}),
        as_of=as_of,
        evaluated_on=dt.date(2026, 11, 29),
        round=round,
        status=S.AT_RISK,
        aims=[AimRecord(code="A1", name={"en": "Aim"}, status=S.AT_RISK, goals=list(goals))],
        indicators={i.code: i for i in indicators},
    )


def codes(items):
    return [item.code for item in items]


def test_indicators_rank_by_status_then_by_the_pace_ratio_the_furthest_behind_first():
    indicators = [
        indicator("jobs", S.AT_RISK, 0.70),
        indicator("euros", S.OFF_TRACK, 0.40),
        indicator("share", S.MOVING_AWAY, -0.2),
        indicator("migration", S.OFF_TRACK, 0.05),  # a linear measure: R is unit-free as well
        indicator("stays", S.MOVING_AWAY, -3.5),
        indicator("fine", S.ON_TRACK, 1.2),
        indicator("done", S.ACHIEVED, 2.0),
        indicator("better", S.IMPROVING, 0.03, target=False),
    ]
    found = needs_attention(
        record([goal("G1", S.AT_RISK, [i.code for i in indicators])], indicators)
    )
    assert codes(found.indicators) == ["stays", "share", "migration", "euros", "jobs"]
    assert not found.unranked


def test_a_missed_target_with_a_high_ratio_stays_with_its_status_not_its_ratio():
    # Past the target year and short of it: off track, whatever the pace (docs/evaluation.md).
    indicators = [indicator("missed", S.OFF_TRACK, 1.4), indicator("risk", S.AT_RISK, 0.61)]
    found = needs_attention(record([goal("G1", S.OFF_TRACK, ["missed", "risk"])], indicators))
    assert codes(found.indicators) == ["missed", "risk"]


def test_without_a_ratio_an_indicator_comes_last_in_its_status_then_the_strategys_order():
    indicators = [
        indicator("a", S.OFF_TRACK),
        indicator("b", S.OFF_TRACK, 0.5),
        indicator("c", S.OFF_TRACK),
        indicator("d", S.AT_RISK, 0.9),
    ]
    found = needs_attention(record([goal("G1", S.OFF_TRACK, ["c", "a", "b", "d"])], indicators))
    assert codes(found.indicators) == ["b", "c", "a", "d"]


def test_what_has_no_measure_of_its_distance_is_listed_apart_never_ranked():
    indicators = [
        indicator("stalling", S.STALLING, 0.001, target=False),
        indicator("worse", S.WORSENING, -0.08, target=False),
        indicator("empty", S.NO_DATA, target=False, values=()),
        indicator("unjudged", S.NO_DATA, values=(("2024", "5"),)),
        indicator("notarget", S.NO_DATA, target=False, values=(("2023", "-3"), ("2024", "4"))),
        indicator("improving", S.IMPROVING, 0.03, target=False),
        indicator("risk", S.AT_RISK, 0.8),
    ]
    order = ["empty", "stalling", "unjudged", "worse", "notarget", "improving", "risk"]
    found = needs_attention(record([goal("G1", S.AT_RISK, order)], indicators))
    assert codes(found.indicators) == ["risk"]
    # Grouped by why (a pace going the wrong way, then what cannot be judged), each group in the
    # strategy's order, not by how bad: worsening does not jump ahead of stalling.
    assert [(i.code, i.reason) for i in found.unranked] == [
        ("stalling", NO_TARGET),
        ("worse", NO_TARGET),
        ("notarget", NO_TARGET),
        ("unjudged", NOT_JUDGED),
        ("empty", NO_VALUES),
    ]


def test_goals_rank_by_status_then_their_furthest_behind_indicator():
    indicators = [
        indicator("i1", S.AT_RISK, 0.9),
        indicator("i2", S.OFF_TRACK, 0.1),
        indicator("i3", S.OFF_TRACK, 0.5),
        indicator("i4", S.MOVING_AWAY, -1.0),
        indicator("i5", S.ON_TRACK, 1.1),
    ]
    goals = [
        goal("G-risk", S.AT_RISK, ["i1", "i5"]),
        goal("G-off-mild", S.OFF_TRACK, ["i3", "i5"]),
        goal("G-off", S.OFF_TRACK, ["i2", "i3", "i4"]),
        goal("G-fine", S.ON_TRACK, ["i5"]),
    ]
    found = needs_attention(record(goals, indicators))
    assert codes(found.goals) == ["G-off", "G-off-mild", "G-risk"]
    worst = found.goals[0]
    assert worst.ratio == -1.0
    assert [i.code for i in worst.indicators] == ["i4", "i2", "i3"]  # its own, worst first
    assert worst.aim.code == "A1"


def test_a_goal_names_the_indicators_without_a_target_that_put_it_on_its_step():
    # The roll-up counts worsening as moving away and improving slowly as at risk
    # (evaluation/rollup.py STEP): a goal moving away because of one names it.
    indicators = [
        indicator("slow", S.IMPROVING_SLOWLY, 0.004, target=False),
        indicator("risk", S.AT_RISK, 0.8),
        indicator("worse", S.WORSENING, -0.08, target=False),
        indicator("fine", S.ON_TRACK, 1.2),
    ]
    goals = [goal("G1", S.MOVING_AWAY, ["slow", "risk", "worse", "fine"])]
    found = needs_attention(record(goals, indicators))
    assert [i.code for i in found.goals[0].indicators] == ["worse", "risk", "slow"]
    # Still listed apart, never ranked, among the indicators.
    assert codes(found.indicators) == ["risk"]
    assert [i.code for i in found.unranked] == ["worse"]
    assert found.goals[0].ratio == 0.8  # the goal's R is its indicators' with a target


def test_the_owners_assessment_comes_with_the_goal_and_its_indicators():
    approved = AssessmentRecord(status=S.ON_TRACK, overridden=True, justification="New factory.")
    indicators = [indicator("jobs", S.OFF_TRACK, 0.3), indicator("other", S.AT_RISK, 0.7)]
    goals = [
        goal("G1", S.ON_TRACK, ["jobs"], computed=S.OFF_TRACK, assessment=approved),
        goal("G2", S.AT_RISK, ["other", "jobs"]),
    ]
    found = needs_attention(record(goals, indicators))
    # The owner's better status is the one shown, so the goal comes after those that need
    # attention by the status they are shown with; it is still listed, marked as overridden.
    assert codes(found.goals) == ["G2", "G1"]
    assert found.goals[1].overridden and not found.goals[0].overridden
    jobs = found.indicators[0]
    assert jobs.code == "jobs" and [g.code for g in jobs.goals] == ["G1", "G2"]
    assert [(g.code, a.justification) for g, a in jobs.assessments] == [("G1", "New factory.")]
    assert str(jobs.indicator.sentence) == "jobs: the sentence."
    assert jobs.indicator.forecast.year == 2030


def test_nothing_needs_attention_when_all_is_on_track():
    indicators = [indicator("a", S.ON_TRACK, 1.0), indicator("b", S.ACHIEVED, 3.0)]
    found = needs_attention(record([goal("G1", S.ON_TRACK, ["a", "b"])], indicators))
    assert not found and found.goals == found.indicators == found.unranked == ()


def test_changes_since_the_previous_round():
    round_ = RoundRecord(name="Spring 2026", kind="spring", as_of=dt.date(2026, 5, 31))
    before = record(
        [
            goal("G1", S.ON_TRACK, ["a", "b"]),
            goal("G2", S.AT_RISK, ["c"]),
            goal("G-old", S.ON_TRACK, []),
        ],
        [
            indicator("a", S.ON_TRACK, 1.0, values=(("2023", "1"), ("2024", "2"))),
            indicator("b", S.NO_DATA, values=(("2024", "5"),)),
            indicator("c", S.AT_RISK, 0.8),
            indicator("d", S.IMPROVING_SLOWLY, 0.01, target=False),
            indicator("e", S.OFF_TRACK, 0.3),
            indicator("gone", S.ON_TRACK, 1.0),
        ],
        round=round_,
        as_of=round_.as_of,
    )
    now = record(
        [
            goal("G1", S.OFF_TRACK, ["a", "b"]),
            goal("G2", S.ON_TRACK, ["c"]),
            goal("G-new", S.AT_RISK, []),
        ],
        [
            indicator(
                "a", S.OFF_TRACK, 0.4, values=(("2023", "1"), ("2024", "2.5"), ("2025", "3"))
            ),
            indicator("b", S.AT_RISK, 0.7, values=(("2024", "5"), ("2025", "6"))),
            indicator("c", S.ON_TRACK, 1.0),
            indicator("d", S.AT_RISK, 0.7),  # a target set: the same step, another status
            indicator("e", S.NO_DATA),
            indicator("new", S.ON_TRACK, 1.0),
        ],
    )
    changes = changes_since(now, before)
    assert changes.previous_round == round_ and changes.previous_as_of == dt.date(2026, 5, 31)
    assert [(c.code, c.before, c.after, c.direction) for c in changes.goals] == [
        ("G1", S.ON_TRACK, S.OFF_TRACK, WORSE),
        ("G2", S.AT_RISK, S.ON_TRACK, BETTER),
        ("G-new", None, S.AT_RISK, ADDED),
        ("G-old", S.ON_TRACK, None, REMOVED),
    ]
    assert [(c.code, c.direction) for c in changes.indicators] == [
        ("a", WORSE),
        ("e", UNJUDGED),
        ("c", BETTER),
        ("b", JUDGED),
        ("d", CHANGED),
        ("new", ADDED),
        ("gone", REMOVED),
    ]
    assert str(changes.goals[0].name) == "goal G1"
    assert [
        (v.indicator.code, v.value.period, v.value.value, v.before) for v in changes.values
    ] == [
        ("a", "2024", Decimal("2.5"), Decimal("2")),  # revised
        ("a", "2025", Decimal("3"), None),
        ("b", "2025", Decimal("6"), None),
        ("new", "2023", Decimal("1"), None),
        ("new", "2024", Decimal("2"), None),
    ]
    assert changes.values[0].revised and not changes.values[1].revised


def test_a_live_record_compares_the_computed_status_of_a_goal_not_the_owners():
    # The round's owner judged G1 on track against a computed off track; the live record has
    # no assessments. Nothing in the data changed, so nothing is reported.
    round_ = RoundRecord(name="Spring", kind="other", as_of=dt.date(2026, 5, 31))
    approved = AssessmentRecord(status=S.ON_TRACK, overridden=True, justification="Why.")
    then = record(
        [goal("G1", S.ON_TRACK, ["a"], computed=S.OFF_TRACK, assessment=approved)],
        [indicator("a", S.OFF_TRACK, 0.3)],
        round=round_,
    )
    live = record([goal("G1", S.OFF_TRACK, ["a"])], [indicator("a", S.OFF_TRACK, 0.3)])
    assert not changes_since(live, then)
    # Between two rounds the status shown is compared: the owner's judgement changed.
    later = record(
        [goal("G1", S.OFF_TRACK, ["a"])], [indicator("a", S.OFF_TRACK, 0.3)], round=round_
    )
    assert [(c.before, c.after) for c in changes_since(later, then).goals] == [
        (S.ON_TRACK, S.OFF_TRACK)
    ]


@pytest.mark.django_db  # reading a version 1 snapshot names its area from the database
def test_a_published_demo_round_of_version_1_reads_and_ranks():
    found = needs_attention(read_record(json.loads(VERSION_1.read_text(encoding="utf-8"))))
    assert [i.code for i in found.indicators] == [
        "asukaskokemuskysely",  # R = −17.9
        "toimintakate",  # −3.46
        "konsernin-velat-per-asukas",  # −0.81
        "tyopaikat",  # off track, 0.43
    ]
    # T1.2 is at risk by its owner's assessment and has no indicator with a ratio: last.
    assert [g.code for g in found.goals][-2:] == ["T2.2", "T1.2"]
    assert found.goals[-1].ratio is None


def test_no_changes_between_equal_records():
    same = record([goal("G1", S.AT_RISK, ["a"])], [indicator("a", S.AT_RISK, 0.7)])
    assert not changes_since(same, same)
