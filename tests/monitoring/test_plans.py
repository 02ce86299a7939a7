"""Plan goals judged on their own targets, through the database (issue 12, item 4).

The small test strategy: indicator "mittari" (yearly, higher is better, lag 270 days, so the
2024 value is due 31.12.2024 + 270 days = 27.9.2025); budget ta-2024 (2024) has goal ta-t1,
"at least 6 050 in 2024"; operating plan kays-2024 has goal kays-t1 without an indicator.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from mittaristo.evaluation.plan_target import PlanStatus
from mittaristo.monitoring.evaluator import evaluate_strategy
from mittaristo.monitoring.plans import evaluate_plan_goals
from mittaristo.strategy.models import PlanGoal

from .test_evaluate import store

pytestmark = pytest.mark.django_db


def plan_goals(strategy):
    return list(
        PlanGoal.objects.filter(plan__strategy=strategy).select_related("plan", "indicator")
    )


def judged(strategy, today):
    goals = plan_goals(strategy)
    evaluation = evaluate_strategy(strategy, today=today)
    with CaptureQueriesContext(connection) as queries:
        result = evaluate_plan_goals(goals, evaluation, today=today)
    assert len(queries) == 0  # the series come from the evaluation
    return goals, result


def test_the_years_own_value_settles_the_target(minimal_strategy):
    store(minimal_strategy, {"2023": "6000", "2024": "6040"})
    goals, result = judged(minimal_strategy, dt.date(2025, 3, 1))
    # Only the goal with an indicator, a level and a year is judged.
    assert [pg.code for pg in goals if pg.pk in result] == ["ta-t1"]
    [own] = result.values()
    assert own.status == PlanStatus.NOT_ACHIEVED  # 6 040 < 6 050
    with translation.override("en"):
        assert own.sentence() == "6,040 in 2024, target at least 6,050: not achieved."
    with translation.override("fi"):
        assert own.sentence().replace("\xa0", " ") == (
            "6 040 vuonna 2024, tavoite vähintään 6 050: ei saavutettu."
        )


def test_a_year_not_yet_due_is_judged_by_the_pace_and_an_overdue_one_is_no_data(
    minimal_strategy,
):
    # 2022: 5 000 → 2023: 5 500 is +10 % a year. The budget began in 2024, so its base year
    # 2023 has one value only and the series' first value (2022) is the base: 6 050 in 2024 =
    # 5 000 × 1.21 needs (1.21)^(1/2) − 1 = 10 % a year. R = 10/10 = 1.0 ≥ 0.95: on track.
    store(minimal_strategy, {"2022": "5000", "2023": "5500"})
    _goals, result = judged(minimal_strategy, dt.date(2025, 9, 27))  # the due date itself
    [own] = result.values()
    assert own.status == PlanStatus.ON_TRACK and not own.judgement.settled
    assert own.due == dt.date(2025, 9, 27)
    with translation.override("en"):
        assert own.sentence() == (
            "The value for 2024 is not in yet. 5,500 in 2023, target at least 6,050 in 2024; "
            "the pace since 2022 is 100 % of the pace needed: on track."
        )
    # A day later the 2024 value is overdue: no data, and the sentence says since when.
    _goals, result = judged(minimal_strategy, dt.date(2025, 9, 28))
    [own] = result.values()
    assert own.status == PlanStatus.NO_DATA
    with translation.override("en"):
        assert own.sentence() == "No value for 2024, although it was due by Sep 27, 2025."


def test_a_range_indicator_is_judged_within_its_own_range(minimal_strategy):
    indicator = minimal_strategy.indicators.get(code="mittari")
    indicator.direction = "range"
    indicator.save()
    store(minimal_strategy, {"2024": "6040"})
    _goals, result = judged(minimal_strategy, dt.date(2025, 3, 1))
    [own] = result.values()
    # No range set: a single level (6 050) cannot say which side is better.
    assert own.status == PlanStatus.NOT_JUDGED
    indicator.range_min, indicator.range_max = Decimal("6000"), Decimal("6100")
    indicator.save()
    _goals, result = judged(minimal_strategy, dt.date(2025, 3, 1))
    [own] = result.values()
    assert own.status == PlanStatus.ACHIEVED  # 6 000 ≤ 6 040 ≤ 6 100
    with translation.override("en"):
        assert own.sentence() == "6,040 in 2024, target within 6,000–6,100: achieved."


def test_an_indicator_the_evaluation_does_not_hold_is_read_in_one_query(minimal_strategy):
    store(minimal_strategy, {"2024": "6060"})
    goals = plan_goals(minimal_strategy)
    evaluation = evaluate_strategy(minimal_strategy, today=dt.date(2025, 3, 1))
    evaluation.indicators.clear()  # as if the plan goal named another strategy's indicator
    with CaptureQueriesContext(connection) as queries:
        result = evaluate_plan_goals(goals, evaluation, today=dt.date(2025, 3, 1))
    assert len(queries) == 1
    [own] = result.values()
    assert own.status == PlanStatus.ACHIEVED  # 6 060 ≥ 6 050


def test_a_target_at_the_starting_level_with_the_value_off_it_says_so(minimal_strategy):
    """The budget's 6 050 is the 2023 level; 2023 → 2024 falls to 6 000 (higher is better):
    no pace is needed to reach a level already held, so there is no ratio, only moving away."""
    goal = PlanGoal.objects.get(code="ta-t1")
    goal.target_year = 2026
    goal.save()
    store(minimal_strategy, {"2023": "6050", "2024": "6000"})
    _goals, result = judged(minimal_strategy, dt.date(2025, 3, 1))
    [own] = result.values()
    assert own.status == PlanStatus.MOVING_AWAY and own.judgement.progress.ratio is None
    with translation.override("en"):
        assert own.sentence() == (
            "The value for 2026 is not in yet. 6,000 in 2024, target at least 6,050 in 2026, "
            "the level in 2023: moving away."
        )
