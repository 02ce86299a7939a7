"""forecast against hand-computed cases: Theil–Sen, Mann–Kendall, OLS interval, Destatis rule.

Each case writes its arithmetic down, so a reader can check it with a calculator.
"""

import math

import pytest

from mittaristo.evaluation import ProjectionClass, forecast


def test_a_small_series_by_hand():
    # years 2018..2021, values 3, 5, 4, 8; target 10 in 2025, higher is better.
    # Theil–Sen: pair slopes 2, 1/2, 5/3, -1, 3/2, 4 → sorted -1, .5, 1.5, 1.6667, 2, 4;
    #   median (1.5 + 1.6667) / 2 = 1.583333.
    #   Sen's interval: var = 4·3·13/18 = 8.6667, σ = 2.943920, z = 1.959964, k = 6 slopes;
    #   upper rank round((6 + 1.959964·2.943920)/2) = round(5.885) = 6 → at most k−1 = 5 → 4;
    #   lower rank round((6 − 5.769970)/2) − 1 = −1 → at least 0 → −1.
    # Mann–Kendall: 5 rising pairs, 1 falling, S = 4; z = 4/2.943920 = 1.358732;
    #   p = 2(1 − Φ(1.358732)) = 0.174231.
    # OLS: x̄ = 2019.5, centred x −1.5 −.5 .5 1.5, Sxx = 5; ȳ = 5, Sxy = 3 + 0 − .5 + 4.5 = 7,
    #   b = 1.4; at 2025: 5 + 1.4·5.5 = 12.7. Residuals .1 .7 −1.7 .9, SSE = 4.2, s² = 2.1;
    #   se = √(2.1·(1 + 1/4 + 5.5²/5)) = √15.33 = 3.915354; t(.975, 2) = .95/√(2·.975·.025)
    #   = 4.302653; half-width 16.846410 → 12.7 ∓ 16.846410.
    #   P(meet) = P(T₂ > (10 − 12.7)/3.915354 = −0.689593); for 2 df F(t) = ½ + t/(2√(2 + t²))
    #   = 0.280857, so P = 0.719143.
    # Destatis: four points, pace (8 − 3)/3 = 1.6667/yr; 8 + 4·1.6667 = 14.6667 in 2025;
    #   gap 10 − 8 = 2, miss (10 − 14.6667)/2 = −2.333333 → reaches.
    f = forecast([2018, 2019, 2020, 2021], [3, 5, 4, 8], target_year=2025, target=10,
                 direction="higher")  # fmt: skip
    assert f.n == 4 and f.reason == ""
    assert (f.slope, f.slope_low, f.slope_high) == pytest.approx((1.583333, -1, 4), abs=1e-6)
    assert f.trend_p == pytest.approx(0.174231, abs=1e-6)
    assert (f.value, f.low, f.high) == pytest.approx((12.7, -4.146410, 29.546410), abs=1e-6)
    assert f.probability == pytest.approx(0.719143, abs=1e-6)
    assert f.projection == pytest.approx(14.666667, abs=1e-6)
    assert f.projection_miss == pytest.approx(-2.333333, abs=1e-6)
    assert f.projection_class == ProjectionClass.REACHES


def test_a_perfect_line():
    # 10, 12, …, 20 over 2016..2021: every pair slope is 2, so the interval is [2, 2].
    # S = 15 (all pairs rise), var = 6·5·17/18 = 28.3333, z = 2.818009, p = 0.004832.
    # OLS fits exactly: 20 + 2·9 = 38 in 2030, interval [38, 38], so P(≥ 30) = 1 and P(≥ 40) = 0.
    years, values = range(2016, 2022), [10, 12, 14, 16, 18, 20]
    f = forecast(years, values, target_year=2030, target=30, direction="higher")
    assert (f.slope, f.slope_low, f.slope_high) == (2, 2, 2)
    assert f.trend_p == pytest.approx(0.004832, abs=1e-6)
    assert (f.value, f.low, f.high) == pytest.approx((38, 38, 38))
    assert f.probability == 1.0
    assert forecast(years, values, target_year=2030, target=40, direction="higher").probability == 0
    # Lower is better: 38 is certainly at most 40, and certainly not at most 30.
    assert forecast(years, values, target_year=2030, target=40, direction="lower").probability == 1
    assert forecast(years, values, target_year=2030, target=30, direction="lower").probability == 0


@pytest.mark.parametrize(
    ("target", "direction", "miss", "kind"),
    [
        # 100..105 over 2015..2020: pace 1/yr, 105 + 10 = 115 in 2030.
        (120, "higher", 5 / 15, ProjectionClass.MISSES),  # (120 − 115)/(120 − 105)
        (116, "higher", 1 / 11, ProjectionClass.NEAR),  # (116 − 115)/(116 − 105) = 9.1 %
        (117.5, "higher", 0.2, ProjectionClass.NEAR),  # 2.5/12.5: exactly 20 % is still near
        (115.5, "higher", 0.5 / 10.5, ProjectionClass.REACHES),  # 4.8 %
        (112, "higher", -3 / 7, ProjectionClass.REACHES),  # beyond the target
        (90, "lower", 25 / 15, ProjectionClass.WRONG_DIRECTION),  # (90 − 115)/(90 − 105)
        (104, "higher", 0.0, ProjectionClass.REACHES),  # already reached
        (106, "lower", 0.0, ProjectionClass.REACHES),  # already reached, lower is better
    ],
)
def test_the_destatis_classes(target, direction, miss, kind):
    years, values = range(2015, 2021), [100, 101, 102, 103, 104, 105]
    f = forecast(years, values, target_year=2030, target=target, direction=direction)
    assert f.projection == pytest.approx(115)
    assert f.projection_miss == pytest.approx(miss)
    assert f.projection_class == kind


def test_the_projection_uses_the_last_six_points_and_actual_years():
    # Ten points; only the last six (2015..2020, 100 → 105) set the pace: 1/yr → 115 in 2030.
    years = range(2011, 2021)
    values = [0, 0, 0, 0, 100, 101, 102, 103, 104, 105]
    assert forecast(years, values, target_year=2030, direction="higher").projection == 115
    # Gaps: 10 → 22 over 2014..2020 is 2/yr whatever the spacing; 22 + 2·10 = 42.
    f = forecast([2014, 2016, 2018, 2020], [10, 14, 18, 22], target_year=2030, direction="higher")
    assert f.projection == 42
    assert f.slope == 2 and f.value == pytest.approx(42)


def test_a_flat_projection_misses_the_whole_gap():
    # No change at all: the projection stays at 5, covering none of the gap to 7: miss = 1.
    f = forecast(range(2015, 2021), [5] * 6, target_year=2030, target=7, direction="higher")
    assert (f.projection_miss, f.projection_class) == (1.0, ProjectionClass.MISSES)
    # Constant values: the slope is 0, the test has nothing to see (p = 1), the line is exact.
    assert (f.slope, f.slope_low, f.slope_high, f.trend_p) == (0, 0, 0, 1.0)
    assert (f.value, f.low, f.high, f.probability) == (5, 5, 5, 0.0)


def test_two_points_give_a_line_without_an_interval():
    # 5 → 6 over 2015..2017: slope 0.5; 6 + 0.5·13 = 12.5 in 2030; no interval (n − 2 = 0 df).
    f = forecast([2015, 2017], [5, 6], target_year=2030, target=10, direction="higher")
    assert (f.n, f.slope, f.slope_low, f.slope_high, f.value) == (2, 0.5, 0.5, 0.5, 12.5)
    assert (f.trend_p, f.low, f.high, f.probability) == (None, None, None, None)
    assert (f.projection, f.projection_miss, f.projection_class) == (None, None, None)
    assert "three values" in f.reason and "four values" in f.reason


@pytest.mark.parametrize(
    ("years", "values", "reason"),
    [
        ([], [], "fewer than two"),
        ([2020], [3], "fewer than two"),
        ([2019, 2020, 2021], [None, float("nan"), 4], "fewer than two"),
        ([2019, 2020], [float("inf"), 4], "fewer than two"),
        ([2019, 2019, 2020], [1, 2, 3], "more than once"),
    ],
)
def test_too_little_data_gives_none_and_a_reason(years, values, reason):
    f = forecast(years, values, target_year=2030, target=5, direction="lower")
    assert reason in f.reason
    assert f.slope is None and f.value is None and f.probability is None
    assert f.projection_class is None


def test_missing_values_are_dropped_and_years_kept():
    # None and NaN dropped: the points are (2015, 1), (2018, 4), (2020, 6); every slope is 1.
    f = forecast(
        [2015, 2016, 2017, 2018, 2019, 2020],
        [1, None, float("nan"), 4, None, 6],
        target_year=2030,
        direction="higher",
    )
    assert (f.n, f.slope, f.value) == (3, 1, pytest.approx(16))
    assert f.probability is None and "no target" in f.reason


def test_without_a_target_year_only_the_trend():
    f = forecast([2018, 2019, 2020, 2021], [3, 5, 4, 8], target_year=None, direction="higher")
    assert f.slope == pytest.approx(1.583333, abs=1e-6)
    assert f.value is None and f.projection is None and "no target year" in f.reason


def test_a_past_target_year_is_not_projected():
    # Target year 2019 before the latest value (2021), target not reached: nothing to project.
    f = forecast([2018, 2019, 2020, 2021], [3, 5, 4, 8], target_year=2019, target=9,
                 direction="higher")  # fmt: skip
    assert f.projection_class is None and "not after the latest" in f.reason
    # The OLS line still says where 2019 lay: 5 + 1.4·(2019 − 2019.5) = 4.3.
    assert f.value == pytest.approx(4.3)
    assert math.isfinite(f.probability)


@pytest.mark.parametrize("target", [None, float("nan"), float("inf")])
def test_a_missing_or_infinite_target_is_no_target(target):
    f = forecast(range(2015, 2021), [100, 101, 102, 103, 104, 105], target_year=2030,
                 target=target, direction="higher")  # fmt: skip
    assert (f.probability, f.projection_miss, f.projection_class) == (None, None, None)
    assert f.projection == 115 and f.reason == "no target"
