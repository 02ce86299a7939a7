"""Properties of assess_progress that must hold for any input (hypothesis)."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from mittaristo.evaluation import Status, assess_progress

YEARS = list(range(2015, 2025))
value = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)
series = st.lists(value, min_size=2, max_size=len(YEARS))
any_value = st.one_of(st.none(), st.floats(allow_infinity=False), st.integers(-10, 10))


@given(values=series, target=st.one_of(st.none(), value))
@settings(max_examples=300, deadline=None)
def test_mirroring_values_and_direction_gives_the_same_status(values, target):
    years = YEARS[: len(values)]
    kwargs = {"target_year": 2030}
    plain = assess_progress(years, values, direction="higher", target=target, **kwargs)
    mirrored = assess_progress(
        years,
        [-v for v in values],
        direction="lower",
        target=None if target is None else -target,
        **kwargs,
    )
    assert plain.status == mirrored.status
    assert (plain.ratio is None) == (mirrored.ratio is None)
    if plain.ratio is not None:
        assert math.isclose(plain.ratio, mirrored.ratio, rel_tol=1e-9, abs_tol=1e-12)


@given(values=series, target=st.one_of(st.none(), value), factor=st.floats(0.001, 1000))
@settings(max_examples=300, deadline=None)
def test_scaling_every_value_by_a_positive_constant_changes_nothing(values, target, factor):
    years = YEARS[: len(values)]
    for direction in ("higher", "lower"):
        plain = assess_progress(years, values, direction=direction, target=target, target_year=2030)
        scaled = assess_progress(
            years,
            [v * factor for v in values],
            direction=direction,
            target=None if target is None else target * factor,
            target_year=2030,
        )
        if plain.ratio is not None and not math.isclose(
            plain.ratio, scaled.ratio, rel_tol=1e-6, abs_tol=1e-9
        ):
            raise AssertionError((plain, scaled))
        # A ratio exactly on a threshold may round to either side; away from them, same status.
        if (
            plain.ratio is None
            or min(abs(plain.ratio - t) for t in (0.95, 0.6, 0, 0.015, 0.005)) > 1e-6
        ):
            assert plain.status == scaled.status


@given(
    values=st.lists(any_value, max_size=12),
    target=any_value,
    direction=st.sampled_from(["higher", "lower"]),
    limit=st.one_of(st.none(), st.floats(0.1, 1000)),
)
@settings(max_examples=500, deadline=None)
def test_no_input_raises(values, target, direction, limit):
    years = list(range(2000, 2000 + len(values)))
    result = assess_progress(
        years, values, direction=direction, target=target, target_year=2030, natural_limit=limit
    )
    assert isinstance(result.status, Status)
    if result.status == Status.NO_DATA:
        assert result.reason


band_edge = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(
    values=st.lists(band_edge, min_size=1, max_size=9),
    low=band_edge,
    width=st.floats(min_value=0, max_value=1e6),
    share=st.floats(min_value=0, max_value=1),
    target_year=st.sampled_from([None, 2020, 2030]),
)
@settings(max_examples=500, deadline=None)
def test_a_range_indicator_inside_its_band_is_always_achieved(
    values, low, width, share, target_year
):
    high = low + width
    latest = low + share * width  # somewhere in [low, high], the edges included
    latest = min(max(latest, low), high)
    years = YEARS[: len(values) + 1]
    for band in ((low, high), (high, low)):
        p = assess_progress(
            years, [*values, latest], direction="range", target=band, target_year=target_year
        )
        assert p.status == Status.ACHIEVED, (p, band)


@given(
    values=st.lists(any_value, max_size=12),
    target=any_value,
    direction=st.sampled_from(["higher", "lower", "range"]),
    first=st.integers(1995, 2015),
    target_year=st.one_of(st.none(), st.integers(1990, 2040)),
)
@settings(max_examples=300, deadline=None)
def test_no_total_or_band_input_raises(values, target, direction, first, target_year):
    years = list(range(2000, 2000 + len(values)))
    band = None if target is None else (target, target)
    result = assess_progress(
        years,
        values,
        direction=direction,
        target=band if direction == "range" else target,
        target_year=target_year,
        cumulative_from=first if direction != "range" else None,
    )
    assert isinstance(result.status, Status)
    if result.status == Status.NO_DATA:
        assert result.reason
