"""Outlier treatment: percentile winsorising and COINr's skew-and-kurtosis rule."""

import numpy as np
from scipy import stats

from mittaristo.indices import compute
from mittaristo.indices.definition import Treatment
from mittaristo.indices.treat import treat


def _skew_kurt(x):
    return stats.skew(x, bias=False), stats.kurtosis(x, fisher=True, bias=False)


def test_coinr_example_winsorises_the_outliers_until_skew_and_kurtosis_pass():
    # COINr's vignette: the numbers 1 to 10 and two outliers, 30 and 100.
    x = np.array([*range(1, 11), 30.0, 100.0])
    skew, kurt = _skew_kurt(x)
    assert abs(skew) >= 2 and kurt >= 3.5  # fails before
    result = treat(x, Treatment("skew_kurtosis"))
    assert not result.transformed
    assert 1 <= result.points <= 5
    assert result.values.max() < 100  # the top point was brought in
    skew, kurt = _skew_kurt(result.values)
    assert abs(skew) < 2 or kurt < 3.5  # passes after
    assert (result.values[:10] == x[:10]).all()  # the body untouched


def test_an_indicator_that_passes_is_left_alone():
    x = np.arange(1.0, 21.0)
    result = treat(x, Treatment("skew_kurtosis"))
    assert result.points == 0 and not result.transformed
    assert (result.values == x).all()


def test_when_winsorising_is_not_enough_the_values_are_log_transformed():
    # Three equal outliers: setting the top one to the next changes nothing.
    x = np.array([1.0] * 30 + [1000.0] * 3)
    result = treat(x, Treatment("skew_kurtosis", winmax=1))
    assert result.transformed
    a = 0.01 * (x.max() - x.min())
    assert np.allclose(result.values, np.log(x - x.min() + a))


def test_percentile_winsorising_keeps_missing_values_missing():
    x = np.array([np.nan, *range(1, 101)], dtype=float)
    result = treat(x, Treatment("winsorise", percentiles=(5.0, 95.0)))
    assert np.isnan(result.values[0])
    assert result.values[1:].min() == np.percentile(x[1:], 5)
    assert result.values[1:].max() == np.percentile(x[1:], 95)
    assert result.points == 10


def test_the_treatment_is_reported_per_indicator():
    values = {str(i): {"jobs": float(v)} for i, v in enumerate([*range(1, 11), 30, 100])}
    definition = {"code": "i", "treatment": "skew_kurtosis", "components": [{"indicator": "jobs"}]}
    result = compute(definition, values)
    assert result.treated["jobs"] >= 1
    # After winsorising, the outlier no longer squeezes everyone else to the bottom.
    assert result.scores["jobs"]["9"] > 10 * 9 / 99 * 10


def test_skewness_and_kurtosis_equal_scipys():
    from mittaristo.indices.treat import kurtosis, skewness

    rng = np.random.default_rng(3)
    for n in (4, 5, 12, 300):
        x = rng.lognormal(size=n)
        assert np.isclose(skewness(x), stats.skew(x, bias=False))
        assert np.isclose(kurtosis(x), stats.kurtosis(x, fisher=True, bias=False))
