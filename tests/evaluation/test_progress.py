"""assess_progress against hand-computed cases (Eurostat's CAGR method).

Each case writes its arithmetic down, so a reader can check it with a calculator.
"""

import math

import pytest

from mittaristo.evaluation import Direction, Status, assess_progress
from mittaristo.evaluation.progress import Method


def test_on_track_higher_is_better():
    # obs = (110/100)^(1/2) - 1 = 0.0488088; req = (130/100)^(1/10) - 1 = 0.0265836
    # R = 0.0488088 / 0.0265836 = 1.83605 >= 0.95
    p = assess_progress(
        [2020, 2021, 2022], [100, 104, 110], direction="higher", target=130, target_year=2030
    )
    assert p.status == Status.ON_TRACK
    assert p.ratio == pytest.approx(1.83605, abs=1e-5)
    assert (p.base_year, p.latest_year, p.reason) == (2020, 2022, "")
    # The growth rates behind R, for the one-sentence explanation.
    assert (p.base_value, p.latest_value) == (100, 110)
    assert p.observed == pytest.approx(0.0488088, abs=1e-7)
    assert p.required == pytest.approx(0.0265836, abs=1e-7)


def test_at_risk_off_track_and_moving_away():
    # obs = 1.04^(1/2) - 1 = 0.0198039; R = 0.0198039 / 0.0265836 = 0.74497 → at risk
    p = assess_progress([2020, 2022], [100, 104], direction="higher", target=130, target_year=2030)
    assert (p.status, round(p.ratio, 5)) == (Status.AT_RISK, 0.74497)
    # obs = 1.03^(1/2) - 1 = 0.0148892; R = 0.56009 → off track
    p = assess_progress([2020, 2022], [100, 103], direction="higher", target=130, target_year=2030)
    assert (p.status, round(p.ratio, 5)) == (Status.OFF_TRACK, 0.56009)
    # obs = 0.95^(1/2) - 1 = -0.0253206; R = -0.95249 → moving away
    p = assess_progress([2020, 2022], [100, 95], direction="higher", target=130, target_year=2030)
    assert (p.status, round(p.ratio, 5)) == (Status.MOVING_AWAY, -0.95249)


def test_lower_is_better_emissions():
    # obs = (99000/110000)^(1/2) - 1 = -0.0513167
    # req = (75000/110000)^(1/9) - 1 = -0.0416621
    # R = sign(+) * (-1) * (-0.0513167) / 0.0416621 = 1.23174 → on track
    p = assess_progress(
        [2021, 2022, 2023],
        [110000, 104000, 99000],
        direction="lower",
        target=75000,
        target_year=2030,
    )
    assert (p.status, round(p.ratio, 4)) == (Status.ON_TRACK, 1.2317)


def test_a_reached_target_is_achieved_in_either_direction():
    assert (
        assess_progress(
            [2020, 2022], [100, 131], direction="higher", target=130, target_year=2030
        ).status
        == Status.ACHIEVED
    )
    assert (
        assess_progress(
            [2020, 2022], [100, 70], direction="lower", target=75, target_year=2030
        ).status
        == Status.ACHIEVED
    )


def test_negative_values_of_one_sign():
    # Operating margin -41.2 → -40.6 M€ over a year, target -40 (higher is better).
    # obs = (-40.6/-41.2)^1 - 1 = -0.0145631; req = (-40/-41.2)^(1/7) - 1 = -0.0042138
    # R = sign(y0) * d * obs / |req| = (-1)(+1)(-0.0145631)/0.0042138 = 3.45605 → on track
    p = assess_progress(
        [2023, 2024], [-41.2, -40.6], direction="higher", target=-40, target_year=2030
    )
    assert (p.status, round(p.ratio, 3)) == (Status.ON_TRACK, 3.456)


@pytest.mark.parametrize(
    ("latest", "status", "pace"),
    [
        (104.04, Status.IMPROVING, 0.02),  # 1.0404^(1/2) - 1 = 0.02
        (102, Status.IMPROVING_SLOWLY, 0.0099505),  # 1.02^(1/2) - 1
        (101, Status.STALLING, 0.0049876),  # 1.01^(1/2) - 1 < 0.005
        (98, Status.WORSENING, -0.0100505),  # 0.98^(1/2) - 1
    ],
)
def test_without_a_target(latest, status, pace):
    p = assess_progress([2020, 2022], [100, latest], direction="higher")
    assert p.status == status
    assert p.ratio == pytest.approx(pace, abs=1e-6)


def test_a_natural_limit_lowers_the_thresholds():
    # y0 = 90 of a limit of 100: C = 1 - 0.9^4.44 = 0.37363; "improving" needs 0.015 * C = 0.0056
    # obs = (92/90)^(1/2) - 1 = 0.0110498: improving with the limit, only slowly without it
    args = ([2020, 2022], [90, 92])
    assert assess_progress(*args, direction="higher").status == Status.IMPROVING_SLOWLY
    p = assess_progress(*args, direction="higher", natural_limit=100)
    assert (p.status, round(p.ratio, 6)) == (Status.IMPROVING, 0.01105)


def test_the_base_year_is_the_first_available_from_the_strategys_baseline():
    # base 2021 asked, 2022 is the first value: obs = (121/110)^(1/2) - 1 over 2022→2024
    p = assess_progress([2019, 2022, 2024], [50, 110, 121], direction="higher", base_year=2021)
    assert (p.base_year, p.latest_year) == (2022, 2024)
    assert p.ratio == pytest.approx(math.sqrt(1.1) - 1)


@pytest.mark.parametrize(
    ("years", "values", "kwargs", "reason"),
    [
        ([], [], {}, "fewer than two values"),
        ([2022], [5], {}, "fewer than two values"),
        ([2021, 2022], [None, float("nan")], {}, "fewer than two values"),
        ([2021, 2022], [-40, 5], {}, "both signs or a zero"),
        ([2021, 2022], [0, 0], {}, "both signs or a zero"),
        ([2021, 2022], [10, 12], {"target": 20, "target_year": 2021}, "target year"),
        ([2021, 2022], [10, 12], {"target": 20}, "target year"),
    ],
)
def test_no_data_says_why_and_never_raises(years, values, kwargs, reason):
    p = assess_progress(years, values, direction="higher", **kwargs)
    assert p.status == Status.NO_DATA and p.ratio is None and p.method == ""
    assert reason in p.reason


def test_the_growth_rate_measure_is_named():
    p = assess_progress([2020, 2022], [100, 104], direction="higher", target=130, target_year=2030)
    assert p.method == Method.GROWTH_RATE == "growth_rate"


def test_net_migration_crossing_zero_is_judged_linearly():
    # The demo's net migration: -40 (2021) → 5 (2024), target 50 by 2030 (higher is better).
    # obs = (5 - (-40)) / (2024 - 2021) = 45 / 3 = 15 a year
    # req = (50 - (-40)) / (2030 - 2021) = 90 / 9 = 10 a year;  R = 15 / 10 = 1.5 → on track
    p = assess_progress(
        [2021, 2022, 2023, 2024],
        [-40, -25, -10, 5],
        direction="higher",
        target=50,
        target_year=2030,
    )
    assert (p.status, p.method) == (Status.ON_TRACK, Method.LINEAR)
    assert (p.observed, p.required, p.ratio) == pytest.approx((15, 10, 1.5))
    # Slower: -40 → -31 in three years: obs = 3 a year, R = 3 / 10 = 0.3 → off track
    p = assess_progress([2021, 2024], [-40, -31], direction="higher", target=50, target_year=2030)
    assert (p.status, p.ratio) == (Status.OFF_TRACK, pytest.approx(0.3))
    # Values of one sign but a target of the other sign: the growth rate cannot reach it.
    # obs = (-25 - (-40)) / 1 = 15; req = 90 / 9 = 10; R = 1.5
    p = assess_progress([2021, 2022], [-40, -25], direction="higher", target=50, target_year=2030)
    assert (p.status, p.method, p.ratio) == (Status.ON_TRACK, "linear", pytest.approx(1.5))


def test_emissions_to_zero_are_judged_linearly():
    # Carbon neutrality: 110 000 t (2021) → 99 000 t (2023), target 0 t by 2035, lower is better.
    # obs = (99 000 - 110 000) / 2 = -5 500 a year; req = (0 - 110 000) / 14 = -7 857.14 a year
    # R = d * obs / |req| = (-1)(-5 500) / 7 857.14 = 0.7 → at risk
    p = assess_progress(
        [2021, 2022, 2023], [110000, 104000, 99000], direction="lower", target=0, target_year=2035
    )
    assert (p.status, p.method) == (Status.AT_RISK, Method.LINEAR)
    assert p.ratio == pytest.approx(0.7)
    assert p.required == pytest.approx(-110000 / 14)


def test_a_zero_base_is_judged_linearly_against_a_target():
    # 0 → 110 in two years, target 500 by 2029: obs = 55 a year, req = 500 / 10 = 50, R = 1.1
    p = assess_progress(
        [2019, 2020, 2021], [0, 100, 110], direction="higher", target=500, target_year=2029
    )
    assert (p.base_year, p.method, p.status) == (2019, Method.LINEAR, Status.ON_TRACK)
    assert p.ratio == pytest.approx(1.1)


@pytest.mark.parametrize("latest", [2.0, 2.5, 3.0])
def test_a_range_indicator_inside_its_band_is_achieved(latest):
    p = assess_progress([2020, 2024], [1.0, latest], direction="range", target=(2, 3))
    assert p.status == Status.ACHIEVED and p.direction == Direction.RANGE


def test_a_range_indicator_below_its_band_is_judged_toward_the_lower_edge():
    # Band 2–3 by 2030; 1.0 (2020) → 1.21 (2022): below, so higher is better toward 2.
    # obs = (1.21/1)^(1/2) - 1 = 0.1; req = (2/1)^(1/10) - 1 = 0.0717735; R = 1.39327
    p = assess_progress(
        [2020, 2022], [1.0, 1.21], direction="range", target=(2, 3), target_year=2030
    )
    assert (p.status, p.direction, p.target) == (Status.ON_TRACK, Direction.HIGHER, 2.0)
    assert p.ratio == pytest.approx(0.1 / (2**0.1 - 1))


def test_a_range_indicator_above_its_band_is_judged_toward_the_upper_edge():
    # Band (given high first) 3–2 = 2–3; 5.0 (2020) → 4.5 (2022): above, lower is better
    # toward 3. obs = (4.5/5)^(1/2) - 1 = -0.0513167; req = (3/5)^(1/10) - 1 = -0.0498000
    # R = (+1)(-1)(-0.0513167) / 0.0498000 = 1.03046 → on track
    p = assess_progress(
        [2020, 2022], [5.0, 4.5], direction="range", target=(3, 2), target_year=2030
    )
    assert (p.status, p.direction, p.target) == (Status.ON_TRACK, Direction.LOWER, 3.0)
    assert p.ratio == pytest.approx(1.03046, abs=1e-5)
    # Rising further above the band: moving away.
    p = assess_progress([2020, 2022], [5, 6], direction="range", target=(2, 3), target_year=2030)
    assert p.status == Status.MOVING_AWAY


def test_a_range_indicator_without_a_band_has_no_assessment():
    p = assess_progress([2020, 2022], [5, 6], direction="range")
    assert p.status == Status.NO_DATA and "band" in p.reason
    p = assess_progress([2020, 2022], [5, 6], direction="range", target=(2, None))
    assert p.status == Status.NO_DATA and "band" in p.reason


def test_a_total_over_years_is_judged_by_its_pace():
    # "600 net in-migrants in 2023–2030": 60 + 80 = 140 in 2023–2024 (2 years), 70 a year;
    # needed 600 / 8 = 75 a year; R = 70 / 75 = 0.93333 → at risk.
    p = assess_progress(
        [2022, 2023, 2024], [500, 60, 80], direction="higher", target=600, target_year=2030,
        cumulative_from=2023,
    )  # fmt: skip
    assert (p.status, p.method) == (Status.AT_RISK, Method.CUMULATIVE)
    assert (p.total, p.observed, p.required) == (140, 70, 75)
    assert p.ratio == pytest.approx(14 / 15)
    assert (p.base_year, p.latest_year) == (2023, 2024)
    # 80 + 90: 170 / 2 = 85 a year ≥ 0.95 × 75 → on track; 600 reached early → achieved.
    on = assess_progress([2023, 2024], [80, 90], direction="higher", target=600, target_year=2030,
                         cumulative_from=2023)  # fmt: skip
    assert on.status == Status.ON_TRACK and on.ratio == pytest.approx(85 / 75)
    done = assess_progress([2023, 2024], [300, 300], direction="higher", target=600,
                           target_year=2030, cumulative_from=2023)  # fmt: skip
    assert done.status == Status.ACHIEVED


def test_a_total_with_a_year_missing_is_not_known():
    p = assess_progress([2023, 2025], [60, 80], direction="higher", target=600, target_year=2030,
                        cumulative_from=2023)  # fmt: skip
    assert p.status == Status.NO_DATA and "a year of the total" in p.reason


def test_a_total_short_of_its_target_when_the_period_ends_is_off_track():
    # 2023–2024 is the whole period: 290 of 300, pace 145 against 150 (R = 0.967) but final.
    p = assess_progress([2023, 2024], [140, 150], direction="higher", target=300, target_year=2024,
                        cumulative_from=2023)  # fmt: skip
    assert p.status == Status.OFF_TRACK and p.ratio == pytest.approx(145 / 150)


def test_a_budget_total_lower_is_better():
    # At most 1 000 t in 2023–2027 (200 a year): 180 + 230 = 410 in two years, 205 a year;
    # R = needed / observed = 200 / 205 = 0.97561 → on track.
    p = assess_progress([2023, 2024], [180, 230], direction="lower", target=1000, target_year=2027,
                        cumulative_from=2023)  # fmt: skip
    assert p.status == Status.ON_TRACK and p.ratio == pytest.approx(200 / 205)
    # Spent already: 1 010 > 1 000 before the period ends, it can only grow → moving away.
    p = assess_progress([2023, 2024], [500, 510], direction="lower", target=1000,
                        target_year=2027, cumulative_from=2023)  # fmt: skip
    assert p.status == Status.MOVING_AWAY
    # The period over and within the budget: achieved.
    p = assess_progress(range(2023, 2028), [190] * 5, direction="lower", target=1000,
                        target_year=2027, cumulative_from=2023)  # fmt: skip
    assert p.status == Status.ACHIEVED and p.total == 950


def test_values_beyond_float_range_are_no_data_not_an_error():
    p = assess_progress([2020, 2021], [1e-300, 1e300], direction="higher")
    assert p.status == Status.NO_DATA and "too far apart" in p.reason


def test_a_value_beyond_its_natural_limit_leaves_no_room():
    # y0 = 120 over a limit of 100: the thresholds scale to zero, so any growth is "improving"
    p = assess_progress([2020, 2022], [120, 120.1], direction="higher", natural_limit=100)
    assert p.status == Status.IMPROVING


def test_a_target_year_passed_unreached_is_off_track_at_best():
    # Target 112 by 2022; 100 (2020) → 111 (2022): obs = 1.11^(1/2) − 1 = 0.0535654,
    # req = 1.12^(1/2) − 1 = 0.0583005, R = 0.91878 would be "at risk" — but 2022 has come
    # and 111 < 112: the target was missed.
    p = assess_progress([2020, 2022], [100, 111], direction="higher", target=112, target_year=2022)
    assert (p.status, round(p.ratio, 5)) == (Status.OFF_TRACK, 0.91878)
    # A year earlier the same pace was at risk.
    p = assess_progress([2020, 2021], [100, 105.36], direction="higher", target=112,
                        target_year=2022)  # fmt: skip
    assert p.status == Status.AT_RISK
    # Falling after the year has passed stays "moving away".
    p = assess_progress([2020, 2023], [100, 95], direction="higher", target=112, target_year=2022)
    assert p.status == Status.MOVING_AWAY
