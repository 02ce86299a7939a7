"""assess_progress against hand-computed cases (Eurostat's CAGR method).

Each case writes its arithmetic down, so a reader can check it with a calculator.
"""

import math

import pytest

from mittaristo.evaluation import Status, assess_progress


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
        ([2021, 2022], [-40, 5], {}, "both signs"),
        ([2021, 2022], [-40, -25], {"target": 50, "target_year": 2030}, "both signs"),
        ([2021, 2022], [0, 0], {}, "fewer than two values"),
        ([2021, 2022], [10, 12], {"target": 20, "target_year": 2021}, "target year"),
        ([2021, 2022], [10, 12], {"target": 20}, "target year"),
    ],
)
def test_no_data_says_why_and_never_raises(years, values, kwargs, reason):
    p = assess_progress(years, values, direction="higher", **kwargs)
    assert p.status == Status.NO_DATA and p.ratio is None
    assert reason in p.reason


def test_a_zero_base_is_replaced_by_the_next_value():
    p = assess_progress([2019, 2020, 2021], [0, 100, 110], direction="higher")
    assert (p.base_year, round(p.ratio, 4)) == (2020, 0.1)


def test_values_beyond_float_range_are_no_data_not_an_error():
    p = assess_progress([2020, 2021], [1e-300, 1e300], direction="higher")
    assert p.status == Status.NO_DATA and "too far apart" in p.reason


def test_a_value_beyond_its_natural_limit_leaves_no_room():
    # y0 = 120 over a limit of 100: the thresholds scale to zero, so any growth is "improving"
    p = assess_progress([2020, 2022], [120, 120.1], direction="higher", natural_limit=100)
    assert p.status == Status.IMPROVING
