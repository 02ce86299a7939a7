"""forecast against hand-computed cases: Theil–Sen, Mann–Kendall, OLS interval, Destatis rule.

Each case writes its arithmetic down, so a reader can check it with a calculator.
"""

import math

import pytest

from mittaristo.evaluation import ForecastReason, ProjectionClass, forecast


def test_a_small_series_by_hand():
    # years 2018..2021, values 3, 5, 4, 8; target 10 in 2025, higher is better.
    # Theil–Sen: pair slopes 2, 1/2, 5/3, -1, 3/2, 4 → sorted -1, .5, 1.5, 1.6667, 2, 4;
    #   median (1.5 + 1.6667) / 2 = 1.583333. No interval with four points: the widest one,
    #   from -1 to 4, covers only 1 − 2/4! = 92 % (every order of four values equally likely).
    # Mann–Kendall: 5 rising pairs, 1 falling, S = 4; Var = 4·3·13/18 = 8.6667, √ = 2.943920;
    #   Z = (4 − 1)/2.943920 = 1.019049; p = 2(1 − Φ(1.019049)) = 0.308180.
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
    assert f.n == 4 and f.reason == ForecastReason.SLOPE_INTERVAL_TOO_FEW
    assert f.slope == pytest.approx(1.583333, abs=1e-6)
    assert (f.slope_low, f.slope_high) == (None, None)
    assert f.trend_p == pytest.approx(0.308180, abs=1e-6)
    assert (f.value, f.low, f.high) == pytest.approx((12.7, -4.146410, 29.546410), abs=1e-6)
    assert f.probability == pytest.approx(0.719143, abs=1e-6)
    assert f.projection == pytest.approx(14.666667, abs=1e-6)
    assert f.projection_miss == pytest.approx(-2.333333, abs=1e-6)
    assert f.projection_class == ProjectionClass.REACHES


def test_a_perfect_line_gives_no_interval_and_no_probability():
    # 10, 12, …, 20 over 2016..2021: every pair slope is 2, so Sen's interval would be [2, 2].
    # S = 15 (all pairs rise), Var = 6·5·17/18 = 28.3333, √ = 5.322906;
    #   Z = 14/5.322906 = 2.630142, p = 2(1 − Φ(2.630142)) = 0.008535.
    # OLS fits exactly: 20 + 2·9 = 38 in 2030, with no residual to estimate a spread from: no
    # interval and no probability (not [38, 38] and certainly met), and the reason says so.
    years, values = range(2016, 2022), [10, 12, 14, 16, 18, 20]
    f = forecast(years, values, target_year=2030, target=30, direction="higher")
    assert f.slope == 2 and (f.slope_low, f.slope_high) == (None, None)
    assert f.trend_p == pytest.approx(0.008535, abs=1e-6)
    assert f.value == pytest.approx(38)
    assert (f.low, f.high, f.probability) == (None, None, None)
    assert f.reason == "; ".join([ForecastReason.SLOPE_INTERVAL_TIED, ForecastReason.NO_SPREAD])
    # The Destatis projection needs no spread: 20 + 2·9 = 38 ≥ 30.
    assert f.projection == 38 and f.projection_class == ProjectionClass.REACHES


def test_mann_kendall_by_hand():
    # Four steadily rising points: S = 6, Var = 4·3·13/18 = 8.6667, √ = 2.943920;
    #   Z = (6 − 1)/2.943920 = 1.698416; p = 2(1 − Φ(1.698416)) = 0.089429: no evidence at 5 %.
    f = forecast(range(2021, 2025), [1, 2, 3, 4], target_year=None, direction="higher")
    assert f.trend_p == pytest.approx(0.089429, abs=1e-6)
    # Ties: 1, 2, 2, 3, 5 over 2001..2005. Of the 10 pairs 9 rise and the two 2s tie: S = 9.
    #   One group of t = 2 equal values: 2·1·(2·2 + 5) = 18; Var = (5·4·15 − 18)/18 = 15.6667,
    #   √ = 3.958114; Z = (9 − 1)/3.958114 = 2.021165; p = 2(1 − Φ(2.021165)) = 0.043263.
    #   (Without the tie correction Var = 16.6667 and p = 0.050044.)
    years = range(2001, 2006)
    rising = forecast(years, [1, 2, 2, 3, 5], target_year=None, direction="higher")
    assert rising.trend_p == pytest.approx(0.043263, abs=1e-6)
    # Falling: S = −9, Z = (−9 + 1)/3.958114 = −2.021165, the same two-sided p.
    falling = forecast(years, [5, 3, 2, 2, 1], target_year=None, direction="higher")
    assert falling.trend_p == pytest.approx(0.043263, abs=1e-6)
    # The continuity correction takes one off |S|: for 1, 3, 2 the pairs (1,3) +, (1,2) +,
    #   (3,2) − give S = 1, Z = (1 − 1)/√(3·2·11/18) = 0 and p = 1.
    assert forecast([1, 2, 3], [1, 3, 2], target_year=None, direction="higher").trend_p == 1
    # 1, 2, 2, 1: (1,2) + twice, (1,1) 0, (2,2) 0, (2,1) − twice: S = 0, Z = 0, p = 1.
    assert forecast([1, 2, 3, 4], [1, 2, 2, 1], target_year=None, direction="higher").trend_p == 1


def test_values_on_a_line_to_their_rounding_give_no_interval():
    # 8.1, 8.2, 8.3, 8.4 are written to 0.1 and lie on a line: no spread to estimate.
    years = range(2021, 2025)
    f = forecast(years, [8.1, 8.2, 8.3, 8.4], target_year=2030, target=9, direction="higher")
    assert f.value == pytest.approx(9.0)
    assert (f.low, f.high, f.probability) == (None, None, None)
    assert ForecastReason.NO_SPREAD in f.reason
    # 8.1, 8.3, 8.4, 8.6 (a line of 0.14 a year, rounded to 0.1): centred years −1.5 … 1.5,
    #   Sxx = 5, Sxy = −12.15 − 4.15 + 4.2 + 12.9 = 0.8, b = 0.16, ȳ = 8.35; fitted 8.11, 8.27,
    #   8.43, 8.59; residuals −.01 .03 −.03 .01, SSE = 0.002, mean square 0.0005, no more than
    #   rounding to 0.1 leaves (0.1²/12 = 0.000833): no interval.
    f = forecast(years, [8.1, 8.3, 8.4, 8.6], target_year=2030, target=9, direction="higher")
    assert (f.low, f.high, f.probability) == (None, None, None)
    # 8.1, 8.3, 8.4, 8.7: Sxy = 0.95, b = 0.19, ȳ = 8.375; fitted 8.09, 8.28, 8.47, 8.66;
    #   residuals .01 .02 −.07 .04, SSE = 0.007, mean square 0.00175 > 0.000833: an interval.
    #   At 2030 (7.5 years after the mean): 8.375 + 0.19·7.5 = 9.8; s² = 0.007/2 = 0.0035,
    #   se = √(0.0035·(1 + 1/4 + 7.5²/5)) = √0.04375 = 0.209165; half 4.302653·0.209165
    #   = 0.899965 → 8.900035 … 10.699965. P(≥ 9) = F₂((9.8 − 9)/0.209165 = 3.824732)
    #   = ½ + 3.824732/(2√(2 + 3.824732²)) = 0.968968.
    f = forecast(years, [8.1, 8.3, 8.4, 8.7], target_year=2030, target=9, direction="higher")
    assert (f.value, f.low, f.high) == pytest.approx((9.8, 8.900035, 10.699965), abs=1e-6)
    assert f.probability == pytest.approx(0.968968, abs=1e-6)
    # Values written to tens: 100, 200, 300, 410 are multiples of 10, so rounding alone leaves
    #   a mean square up to 10²/12 = 8.33. b = (−150 − 100 + 150 + 615)/5 = 103, ȳ = 252.5;
    #   fitted 98, 201, 304, 407; residuals 2 −1 −4 3, SSE = 30, mean square 7.5: no interval.
    tens = forecast(years, [100, 200, 300, 410], target_year=2030, direction="higher")
    assert tens.low is None and ForecastReason.NO_SPREAD in tens.reason
    # 101 is written to units (step 1, 1/12 = 0.083): the same residuals are real scatter.
    units = forecast(years, [101, 200, 300, 410], target_year=2030, direction="higher")
    assert units.low < units.value < units.high


def test_a_probability_is_never_certain():
    # 10, 12.1, 13.9, 16 rise 2 a year with little scatter; 100 by 2030 is out of reach and
    # 10 certainly passed: the t distribution gives far below 0.001 and above 0.999, which are
    # reported as 0.001 and 0.999, not 0 and 1.
    years, values = range(2021, 2025), [10, 12.1, 13.9, 16]
    assert forecast(
        years, values, target_year=2030, target=100, direction="higher"
    ).probability == (0.001)
    assert forecast(years, values, target_year=2030, target=10, direction="higher").probability == (
        0.999
    )


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
    # Constant values: the slope is 0, the test has nothing to see (p = 1), the line is exact,
    # so neither the slope nor the forecast has an interval, and there is no probability.
    assert (f.slope, f.slope_low, f.slope_high, f.trend_p) == (0, None, None, 1.0)
    assert (f.value, f.low, f.high, f.probability) == (5, None, None, None)


def test_two_points_give_a_line_without_an_interval():
    # 5 → 6 over 2015..2017: slope 0.5; 6 + 0.5·13 = 12.5 in 2030; no interval (n − 2 = 0 df).
    f = forecast([2015, 2017], [5, 6], target_year=2030, target=10, direction="higher")
    assert (f.n, f.slope, f.slope_low, f.slope_high, f.value) == (2, 0.5, None, None, 12.5)
    assert (f.trend_p, f.low, f.high, f.probability) == (None, None, None, None)
    assert (f.projection, f.projection_miss, f.projection_class) == (None, None, None)
    assert f.reason == "; ".join(
        [
            ForecastReason.TREND_TOO_FEW,
            ForecastReason.SLOPE_INTERVAL_TOO_FEW,
            ForecastReason.INTERVAL_TOO_FEW,
            ForecastReason.PROJECTION_TOO_FEW,
        ]
    )


def test_three_points_give_no_interval_with_one_degree_of_freedom():
    # 3, 5, 4 over 2018..2020: a trend test, a line, but no interval or probability (with one
    # degree of freedom t(.975) = 12.7), and no projection.
    f = forecast([2018, 2019, 2020], [3, 5, 4], target_year=2030, target=5, direction="higher")
    assert f.trend_p is not None and f.value is not None
    assert (f.low, f.high, f.probability, f.projection) == (None, None, None, None)
    assert ForecastReason.INTERVAL_TOO_FEW in f.reason


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
    assert f.projection == 115
    assert f.reason == "; ".join(
        [ForecastReason.NO_TARGET, ForecastReason.SLOPE_INTERVAL_TIED, ForecastReason.NO_SPREAD]
    )


def test_a_range_target_is_met_inside_its_band():
    # The series of test_a_small_series_by_hand: 12.7 in 2025 with se 3.915354 and 2 df.
    # P(10 ≤ Y ≤ 20) = F₂((20 − 12.7)/3.915354) − F₂((10 − 12.7)/3.915354)
    #   = F₂(1.864454) − F₂(−0.689593); F₂(t) = ½ + t/(2√(2 + t²)):
    #   F₂(1.864454) = ½ + 1.864454/(2·2.340126) = 0.898366; F₂(−0.689593) = 0.280857;
    #   P = 0.617509.
    years, values = [2018, 2019, 2020, 2021], [3, 5, 4, 8]
    f = forecast(years, values, target_year=2025, target=(10, 20), direction="range")
    assert f.probability == pytest.approx(0.617509, abs=1e-6)
    # The edges in either order are the same band; Decimal edges are numbers like any other.
    from decimal import Decimal

    assert forecast(years, values, target_year=2025, target=(Decimal(20), 10),
                    direction="range").probability == f.probability  # fmt: skip
    # A band that reaches to the top is "at least 10": P(T₂ > −0.689593) = 0.719143, as the
    # "higher" test finds.
    wide = forecast(years, values, target_year=2025, target=(10, 1e9), direction="range")
    assert wide.probability == pytest.approx(0.719143, abs=1e-6)


@pytest.mark.parametrize(
    ("band", "miss", "kind"),
    [
        # 100..105 over 2015..2020: pace 1/yr, 105 + 10 = 115 in 2030.
        # Below the band: the gap is to the low edge, as for "higher".
        ((120, 130), 5 / 15, ProjectionClass.MISSES),  # (120 − 115)/(120 − 105)
        ((130, 120), 5 / 15, ProjectionClass.MISSES),  # the same band
        ((110, 120), -1.0, ProjectionClass.REACHES),  # (110 − 115)/(110 − 105): inside
        # Past the far edge: misses by the overshoot, as a share of the same gap.
        ((108, 114.5), 0.5 / 3, ProjectionClass.NEAR),  # (115 − 114.5)/(108 − 105)
        ((110, 112), 3 / 5, ProjectionClass.MISSES),  # (115 − 112)/(110 − 105)
        # Above the band: toward the high edge, as for "lower"; rising is the wrong way.
        ((80, 90), 25 / 15, ProjectionClass.WRONG_DIRECTION),  # (90 − 115)/(90 − 105)
        # Inside (105): staying in reaches; leaving is measured against the band's width.
        ((100, 140), 0.0, ProjectionClass.REACHES),
        ((104, 114.8), 0.2 / 10.8, ProjectionClass.REACHES),  # 1.9 % of the width
        ((95, 113), 2 / 18, ProjectionClass.NEAR),  # 11 %
        ((100, 110), 5 / 10, ProjectionClass.MISSES),  # 50 %
    ],
)
def test_the_destatis_classes_of_a_band(band, miss, kind):
    years, values = range(2015, 2021), [100, 101, 102, 103, 104, 105]
    f = forecast(years, values, target_year=2030, target=band, direction="range")
    assert f.projection == pytest.approx(115)
    assert f.projection_miss == pytest.approx(miss)
    assert f.projection_class == kind


def test_a_band_and_a_past_target_year():
    years, values = range(2015, 2021), [100, 101, 102, 103, 104, 105]
    # Inside the band in 2020 and the target year 2019 behind: reached, as a one-sided target.
    inside = forecast(years, values, target_year=2019, target=(100, 110), direction="range")
    assert (inside.projection_miss, inside.projection_class) == (0.0, ProjectionClass.REACHES)
    # Outside it: nothing to project, as for a one-sided target.
    outside = forecast(years, values, target_year=2019, target=(110, 120), direction="range")
    assert outside.projection_class is None and ForecastReason.TARGET_YEAR_PASSED in outside.reason


@pytest.mark.parametrize("target", [None, (None, 5), (5, float("nan")), (float("inf"), 5)])
def test_a_band_without_both_edges_is_no_target(target):
    f = forecast(range(2015, 2021), [100, 101, 103, 102, 104, 107], target_year=2030,
                 target=target, direction="range")  # fmt: skip
    assert (f.probability, f.projection_class) == (None, None)
    assert f.reason.startswith(ForecastReason.NO_TARGET)


def test_a_target_of_the_wrong_shape_is_a_mistake():
    with pytest.raises(ValueError, match="pair"):
        forecast([2020, 2021], [1, 2], target_year=2030, target=5, direction="range")
    with pytest.raises(ValueError, match="pair"):
        forecast([2020, 2021], [1, 2], target_year=2030, target=(1, 5), direction="higher")


def test_a_latest_value_a_rounding_error_from_the_target_has_reached_it():
    """0.0010000000000000002 is 0.001 written by floating point: the gap of 2e-19 is noise, and a
    share of it (the miss) would be 5.5e16. Found by the scaling property test."""
    from mittaristo.evaluation import forecast_many

    values = [0, 0, 0, 0.0010000000000000002]
    one = forecast([2001, 2002, 2003, 2004], values, target_year=2040, target=0.001,
                   direction="lower")  # fmt: skip
    many = forecast_many([2001, 2002, 2003, 2004], [values], target_year=2040, targets=0.001,
                         directions="lower")  # fmt: skip
    assert (one.projection_miss, one.projection_class) == (0.0, "reaches")
    assert (many.projection_miss[0], many.projection_class[0]) == (0.0, "reaches")
