"""Which targets the mid-term evaluation proposes to refine, on hand-built records."""

import datetime as dt
from decimal import Decimal

from mittaristo.evaluation import Status
from mittaristo.monitoring.records.schema import (
    AimRecord,
    AreaRecord,
    GoalRecord,
    IndicatorRecord,
    StrategyInfo,
    StrategyRecord,
    TargetRecord,
    ValueRecord,
)
from mittaristo.monitoring.refinement import (
    Proposal,
    Reason,
    baseline,
    refinement_proposals,
)


def indicator(code, status, *, target=Decimal(100), year=2030, latest_year=2024, **fields):
    return IndicatorRecord(
        code=code,
        name={"fi": code},
        direction="higher",
        status=status,
        sentence={"fi": "…"},
        latest_year=latest_year,
        target=None if target is None else TargetRecord(year=year, value=target),
        **fields,
    )


def record(goals: dict[str, list[str]], indicators: list[IndicatorRecord]) -> StrategyRecord:
    return StrategyRecord(
        strategy=StrategyInfo(code="s", name={"fi": "S"}, organisation={"fi": "K"}, horizon="x"),
        area=AreaRecord(key="KU999", name={"fi": "K"}),
        evaluated_on=dt.date(2025, 6, 30),
        status=Status.AT_RISK,
        aims=[
            AimRecord(
                code="P1",
                name={"fi": "P"},
                status=Status.AT_RISK,
                goals=[
                    GoalRecord(
                        code=code,
                        name={"fi": code},
                        status=Status.AT_RISK,
                        computed_status=Status.AT_RISK,
                        indicators=codes,
                    )
                    for code, codes in goals.items()
                ],
            )
        ],
        indicators={i.code: i for i in indicators},
    )


def test_each_reason_in_its_order_and_the_others_left_out():
    found = refinement_proposals(
        record(
            {"T1": ["ok", "none", "risk", "high"], "T2": ["away", "slow", "empty"]},
            [
                indicator("ok", Status.ON_TRACK),
                indicator("none", Status.IMPROVING, target=None),
                indicator("risk", Status.AT_RISK),
                indicator("high", Status.ACHIEVED),
                indicator("away", Status.MOVING_AWAY),
                indicator("slow", Status.OFF_TRACK),
                indicator("empty", Status.NO_DATA),  # a target but no values: not judged
            ],
        )
    )
    assert found == [
        Proposal("away", Reason.MOVING_AWAY, ("T2",)),
        Proposal("slow", Reason.OFF_TRACK, ("T2",)),
        Proposal("high", Reason.ACHIEVED, ("T1",)),
        Proposal("none", Reason.NO_TARGET, ("T1",)),
    ]


def test_an_indicator_of_two_goals_is_proposed_once_with_both():
    found = refinement_proposals(
        record({"T1": ["shared"], "T2": ["shared"]}, [indicator("shared", Status.MOVING_AWAY)])
    )
    assert found == [Proposal("shared", Reason.MOVING_AWAY, ("T1", "T2"))]


def test_a_target_without_a_level_is_no_target_and_a_passed_year_is_missed():
    found = refinement_proposals(
        record(
            {"T1": ["blank", "missed", "behind"]},
            [
                indicator("blank", Status.ON_TRACK, target=None),
                indicator("missed", Status.OFF_TRACK, year=2024, latest_year=2024),
                indicator("behind", Status.OFF_TRACK, year=2030, latest_year=2024),
            ],
        )
    )
    assert [(p.indicator, p.reason, p.missed) for p in found] == [
        ("missed", Reason.OFF_TRACK, True),
        ("behind", Reason.OFF_TRACK, False),
        ("blank", Reason.NO_TARGET, False),
    ]


def test_an_indicator_in_no_goal_is_not_proposed():
    assert refinement_proposals(record({"T1": []}, [indicator("context", Status.NO_DATA)])) == []


def value(period, number):
    return ValueRecord(period=period, value=Decimal(number), status="final", source="file")


def test_the_baseline_is_the_base_years_value_at_the_latest_values_point_of_the_year():
    yearly = indicator(
        "a", Status.AT_RISK, base_year=2021, values=[value("2021", "5"), value("2024", "7")]
    )
    assert baseline(yearly).value == 5
    quarterly = indicator(
        "q",
        Status.AT_RISK,
        base_year=2021,
        values=[value("2021Q1", "1"), value("2021Q3", "3"), value("2024Q3", "4")],
    )
    assert baseline(quarterly).period == "2021Q3"
    assert not baseline(yearly).stated and not baseline(quarterly).stated
    # Neither among the values nor stated with the target: not known.
    missing = indicator("m", Status.AT_RISK, base_year=2019, values=[value("2021", "5")])
    assert baseline(missing) is None
    assert baseline(indicator("n", Status.NO_DATA)) is None


def stated(year, number, **fields):
    return TargetRecord(
        year=2030, value=Decimal(100), baseline_year=year, baseline_value=Decimal(number), **fields
    )


def test_without_the_base_years_value_the_baseline_is_the_one_the_target_states():
    values = [value("2021", "5"), value("2024", "7")]
    lacking = indicator("s", Status.AT_RISK, base_year=2019, values=values)
    lacking = lacking.model_copy(update={"target": stated(2019, "4", is_example=True)})
    found = baseline(lacking)
    assert (found.period, found.value, found.stated, found.is_example) == (
        "2019",
        Decimal(4),
        True,
        True,
    )
    # The record's own value of the base year comes first, even where the target states one.
    has = indicator("h", Status.AT_RISK, base_year=2021, values=values)
    has = has.model_copy(update={"target": stated(2021, "4.5")})
    assert (baseline(has).value, baseline(has).stated) == (Decimal(5), False)
    # No value yet: the stated baseline still shows where the target starts from.
    empty = indicator("e", Status.NO_DATA).model_copy(update={"target": stated(2021, "3")})
    assert baseline(empty).value == Decimal(3) and baseline(empty).stated
    # Measured from another year (a total's first year): not this baseline.
    other = indicator("o", Status.AT_RISK, base_year=2023, values=values)
    assert baseline(other.model_copy(update={"target": stated(2019, "4")})) is None
