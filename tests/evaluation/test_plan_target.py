"""A plan goal judged on its own target (issue 12, item 4): hand-computed cases."""

import pytest

from mittaristo.evaluation.plan_target import PlanReason, PlanStatus, assess_plan_target
from mittaristo.evaluation.progress import Reason

# The demo's group debt (€/resident, lower is better), 2020–2024.
DEBT_YEARS = [2020, 2021, 2022, 2023, 2024]
DEBT = [7300, 7450, 7600, 7500, 7350]


def judge(years, values, **kwargs):
    kwargs.setdefault("overdue", False)
    return assess_plan_target(years, values, **kwargs)


def test_the_budget_2024_debt_target_is_achieved_by_the_2024_value():
    # Budget 2024: at most 7 400 in 2024; the 2024 value is 7 350 ≤ 7 400.
    result = judge(DEBT_YEARS, DEBT, direction="lower", target=7400, target_year=2024)
    assert result.status == PlanStatus.ACHIEVED
    assert result.settled and (result.value_year, result.value) == (2024, 7350.0)
    # The same year's value judged against a stricter target: 7 350 > 7 300.
    result = judge(DEBT_YEARS, DEBT, direction="lower", target=7300, target_year=2024)
    assert result.status == PlanStatus.NOT_ACHIEVED and result.settled
    # A settled judgement needs no progress, and the strategy's trend plays no part in it:
    # 2023's 7 500 was above 7 400, but the year that counts is 2024.
    assert result.progress is None


def test_higher_is_better_and_the_target_level_itself_counts_as_achieved():
    # Jobs: at least 6 250 in 2024. 6 230 < 6 250: not achieved; exactly 6 250: achieved.
    years = [2022, 2023, 2024]
    result = judge(years, [6210, 6230, 6230], direction="higher", target=6250, target_year=2024)
    assert result.status == PlanStatus.NOT_ACHIEVED
    result = judge(years, [6210, 6230, 6250], direction="higher", target=6250, target_year=2024)
    assert result.status == PlanStatus.ACHIEVED
    # At most 7 400, with exactly 7 400: achieved too.
    result = judge([2024], [7400], direction="lower", target=7400, target_year=2024)
    assert result.status == PlanStatus.ACHIEVED


@pytest.mark.parametrize(
    ("latest", "status", "ratio"),
    [
        # Base 2022: 100. The target 121 in 2024 needs (121/100)^(1/2) − 1 = 10 % a year.
        (105, PlanStatus.OFF_TRACK, 0.5),  # 2023: +5 % → R = 5/10 = 0.5 < 0.60
        (107, PlanStatus.AT_RISK, 0.7),  # +7 % → R = 0.7, in 0.60–0.95
        (110, PlanStatus.ON_TRACK, 1.0),  # +10 % → R = 1.0 ≥ 0.95
        (95, PlanStatus.MOVING_AWAY, -0.5),  # −5 % → R = −0.5 < 0
    ],
)
def test_a_year_still_ahead_is_judged_by_progress_from_the_year_before_the_plan(
    latest, status, ratio
):
    # A plan 2023–2024 (base year 2022), the 2024 value not in yet and not yet due.
    result = judge(
        [2021, 2022, 2023],
        [90, 100, latest],
        direction="higher",
        target=121,
        target_year=2024,
        base_year=2022,
    )
    assert result.status == status and not result.settled
    assert result.progress.base_year == 2022  # 2021 is before the plan: not its base
    assert result.progress.ratio == pytest.approx(ratio)
    assert (result.value_year, result.value) == (2023, latest)


def test_a_plan_in_its_first_year_is_judged_on_the_series_trend():
    # A budget for 2024 (base year 2023) whose 2024 value is not in: from 2023 on there is one
    # value, too few for a pace, so the series' first value is the base. 2020: 100 → 2023:
    # 133.1 = 100 × 1.1³ is +10 % a year; the target 146.41 = 100 × 1.1⁴ in 2024 needs
    # +10 % a year from 2020: R = 1.0, on track.
    result = judge(
        [2020, 2023],
        [100, 133.1],
        direction="higher",
        target=146.41,
        target_year=2024,
        base_year=2023,
    )
    assert result.status == PlanStatus.ON_TRACK
    assert result.progress.base_year == 2020
    assert result.progress.ratio == pytest.approx(1.0)


def test_a_level_already_at_the_target_before_its_year_is_on_track_not_achieved():
    # At most 7 400 in 2025; 2024 is 7 350 already. Only the 2025 value can settle it.
    result = judge(DEBT_YEARS, DEBT, direction="lower", target=7400, target_year=2025)
    assert result.status == PlanStatus.ON_TRACK and result.already
    assert not result.settled and result.value_year == 2024


def test_a_year_past_without_its_value_is_no_data_and_says_why():
    # Due and not in: no data, whatever the trend says.
    result = judge(
        DEBT_YEARS[:-1], DEBT[:-1], direction="lower", target=7400, target_year=2024, overdue=True
    )
    assert result.status == PlanStatus.NO_DATA and result.reason == PlanReason.MISSING
    assert (result.value_year, result.value) == (2023, 7500.0)  # the latest before it
    # A later year's value is in but the target year's is not: missing as well.
    result = judge([2022, 2024], [7600, 7350], direction="lower", target=7400, target_year=2023)
    assert result.status == PlanStatus.NO_DATA and result.reason == PlanReason.MISSING
    # No value at all.
    result = judge([], [], direction="lower", target=7400, target_year=2026)
    assert result.status == PlanStatus.NO_DATA and result.reason == PlanReason.NO_VALUES
    # One value before a year still ahead: too few for a pace (the progress says so).
    result = judge([2024], [7350], direction="higher", target=7400, target_year=2026)
    assert result.status == PlanStatus.NO_DATA and result.reason == Reason.TOO_FEW


def test_a_range_indicator_is_judged_within_its_band():
    years = [2023, 2024]
    # Band 1–2 (%): 1.5 inside, 2.5 above, 1 on the edge (inside).
    for value, status in [(1.5, "achieved"), (2.5, "not_achieved"), (1, "achieved")]:
        result = judge(years, [0, value], direction="range", target=(1, 2), target_year=2024)
        assert result.status == status
    # Without a band a single level says nothing about which side is better: not judged.
    result = judge(years, [0, 1.5], direction="range", target=None, target_year=2024)
    assert result.status == PlanStatus.NOT_JUDGED and result.reason == PlanReason.NO_BAND
    # A year still ahead: progress toward the nearer edge. 0 (2023) → 0.5 (2024), below the
    # band 1–2, so higher is better toward 1 by 2026: obs = 0.5 a year (linear: a zero),
    # req = (1 − 0) / (2026 − 2023) = 0.33333 a year; R = 1.5 → on track.
    result = judge(years, [0, 0.5], direction="range", target=(1, 2), target_year=2026)
    assert result.status == PlanStatus.ON_TRACK
    assert result.progress.ratio == pytest.approx(1.5)
    # Already inside the band before its year: on track, the year's own value settles it.
    result = judge(years, [0, 1.5], direction="range", target=(1, 2), target_year=2026)
    assert result.status == PlanStatus.ON_TRACK and result.already


def test_a_plans_summary_counts_its_goals_by_status():
    from mittaristo.evaluation.plan_target import PLAN_ORDER, count_plan_statuses

    counts = count_plan_statuses(["achieved", "no_data", PlanStatus.ACHIEVED, "at_risk"])
    assert list(counts) == PLAN_ORDER  # every status, in one order, zeros kept
    assert counts[PlanStatus.ACHIEVED] == 2 and counts[PlanStatus.AT_RISK] == 1
    assert counts[PlanStatus.NO_DATA] == 1 and counts[PlanStatus.NOT_ACHIEVED] == 0
    assert sum(counts.values()) == 4
