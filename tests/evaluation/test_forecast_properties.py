"""Properties of forecast that must hold for any input (hypothesis)."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from mittaristo.evaluation import Forecast, ForecastReason, forecast, forecast_many

magnitude = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False)
value = st.one_of(st.just(0.0), magnitude, magnitude.map(lambda v: -v))
series = st.lists(value, min_size=0, max_size=12)
gaps = st.lists(st.integers(1, 3), min_size=12, max_size=12)
any_value = st.one_of(
    st.none(), st.floats(), st.integers(-10, 10), st.floats(min_value=1e300, max_value=1e308)
)
direction = st.sampled_from(["higher", "lower"])
FIELDS = [name for name in Forecast.__dataclass_fields__ if name not in ("reason",)]


def _years(steps, count):
    years, year = [], 2000
    for step in steps[:count]:
        year += step
        years.append(year)
    return years


def _close(a, b, scale=1.0):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str):
        return a == b
    return math.isclose(a, b, rel_tol=1e-7, abs_tol=1e-7 * scale)


@given(
    values=st.lists(any_value, max_size=12),
    target=any_value,
    target_year=st.one_of(st.none(), st.integers(1990, 2060)),
    direction=direction,
)
@settings(max_examples=500, deadline=None)
def test_no_input_raises(values, target, target_year, direction):
    years = list(range(2000, 2000 + len(values)))
    f = forecast(years, values, target_year=target_year, target=target, direction=direction)
    assert f.n <= len(values)
    if any(getattr(f, name) is None for name in FIELDS):
        assert f.reason


@given(values=series, steps=gaps, target=value, shift=st.integers(-300, 300), direction=direction)
@settings(max_examples=300, deadline=None)
def test_shifting_the_years_changes_nothing(values, steps, target, shift, direction):
    years = _years(steps, len(values))
    plain = forecast(years, values, target_year=2040, target=target, direction=direction)
    moved = forecast(
        [y + shift for y in years], values, target_year=2040 + shift, target=target,
        direction=direction,
    )  # fmt: skip
    scale = max([abs(v) for v in values] + [1.0])
    for name in FIELDS:
        assert _close(getattr(plain, name), getattr(moved, name), scale), name


# Powers of ten keep the decimal step that decides whether values lie on a line to their
# rounding; other factors change how the values are written, and so may change that decision.
factors = st.one_of(st.sampled_from([1e-3, 0.01, 0.1, 10.0, 100.0, 1000.0]), st.floats(1e-3, 1e3))


@given(values=series, steps=gaps, target=value, factor=factors, direction=direction)
@settings(max_examples=300, deadline=None)
def test_scaling_the_values_scales_slope_and_forecast_only(
    values, steps, target, factor, direction
):
    years = _years(steps, len(values))
    plain = forecast(years, values, target_year=2040, target=target, direction=direction)
    scaled = forecast(
        years, [v * factor for v in values], target_year=2040, target=target * factor,
        direction=direction,
    )  # fmt: skip
    scale = max([abs(v) for v in values] + [1.0]) * max(factor, 1.0)
    same_step = math.log10(factor).is_integer()
    spread = ForecastReason.NO_SPREAD
    if same_step:
        assert (spread in plain.reason) == (spread in scaled.reason)
    interval = ("low", "high", "probability")
    compare_interval = (spread in plain.reason) == (spread in scaled.reason)
    for name in ("slope", "slope_low", "slope_high", "value", "low", "high", "projection"):
        if name in interval and not compare_interval:
            continue
        before = getattr(plain, name)
        assert _close(None if before is None else before * factor, getattr(scaled, name), scale)
    for name in ("trend_p", "probability", "projection_miss", "projection_class", "n"):
        if name in interval and not compare_interval:
            continue
        assert _close(getattr(plain, name), getattr(scaled, name)), name


@given(values=series, steps=gaps, target=value)
@settings(max_examples=300, deadline=None)
def test_mirroring_values_and_direction_keeps_probability_and_class(values, steps, target):
    years = _years(steps, len(values))
    plain = forecast(years, values, target_year=2040, target=target, direction="higher")
    mirrored = forecast(
        years, [-v for v in values], target_year=2040, target=-target, direction="lower"
    )
    for name in ("probability", "projection_miss", "projection_class", "trend_p", "n"):
        assert _close(getattr(plain, name), getattr(mirrored, name)), name
    scale = max([abs(v) for v in values] + [1.0])
    for name, other in (("slope", "slope"), ("slope_low", "slope_high"), ("value", "value")):
        before = getattr(plain, name)
        assert _close(None if before is None else -before, getattr(mirrored, other), scale)


@st.composite
def municipal_series(draw):
    """Series as municipal figures come: a trend with some noise or none at all, written to a
    few decimals (or to tens and hundreds), two to twelve of them; straight lines included."""
    n = draw(st.integers(2, 12))
    start = draw(st.floats(-1e5, 1e5))
    slope = draw(st.floats(-1e3, 1e3))
    noise = draw(st.sampled_from([0.0, 0.0, 1e-3, 0.01, 0.1, 1.0, 10.0]))
    decimals = draw(st.integers(-2, 4))
    jitter = draw(st.lists(st.floats(-1, 1), min_size=n, max_size=n))
    return [round(start + slope * i + noise * j, decimals) for i, j in enumerate(jitter)]


def _honest(f, label):
    for low, high in ((f.low, f.high), (f.slope_low, f.slope_high)):
        assert (low is None) == (high is None), label
        assert low is None or low < high, (label, low, high)
    assert f.probability is None or 0 < f.probability < 1, (label, f.probability)


@given(
    values=st.one_of(municipal_series(), series),
    steps=gaps,
    target=value,
    width=st.floats(0, 1e5),
    direction=st.sampled_from(["higher", "lower", "range"]),
)
@settings(max_examples=500, deadline=None)
def test_no_forecast_claims_certainty(values, steps, target, width, direction):
    # No interval of zero width and no probability of 0 or 1, from either path.
    years = _years(steps, len(values))
    band = (target, target + width) if direction == "range" else target
    one = forecast(years, values, target_year=2035, target=band, direction=direction)
    _honest(one, "forecast")
    if not values:
        return
    many = forecast_many(years, [values], target_year=2035, targets=target,
                         target_highs=target + width, directions=direction)  # fmt: skip
    _honest(many.row(0), "forecast_many")
