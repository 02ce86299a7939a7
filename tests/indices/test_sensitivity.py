"""How firm a rank is: the Monte Carlo analysis."""

import numpy as np

from mittaristo.indices import sensitivity


def _values(n=40, seed=1):
    rng = np.random.default_rng(seed)
    return {
        f"KU{i:03d}": {"a": float(rng.normal()), "b": float(rng.normal()), "c": float(rng.normal())}
        for i in range(n)
    }


DEFINITION = {
    "code": "index",
    "components": [
        {"indicator": "a", "weight": 1},
        {"indicator": "b", "weight": 1},
        {"indicator": "c", "weight": 1, "direction": "lower"},
    ],
}


def test_the_same_seed_gives_the_same_intervals():
    values = _values()
    one = sensitivity(DEFINITION, values, runs=200, seed=7)
    two = sensitivity(DEFINITION, values, runs=200, seed=7)
    assert one == two


def test_each_interval_holds_its_median():
    result = sensitivity(DEFINITION, _values(), runs=300)
    for unit, median in result.median.items():
        assert result.low[unit] <= median <= result.high[unit]
        assert result.low[unit] >= 1 and result.high[unit] <= 40


def test_a_unit_best_on_everything_is_first_under_every_choice():
    values = _values()
    values["KU999"] = {"a": 100.0, "b": 100.0, "c": -100.0}
    result = sensitivity(DEFINITION, values, runs=300)
    assert (result.low["KU999"], result.median["KU999"], result.high["KU999"]) == (1, 1.0, 1)


def test_a_unit_in_the_middle_has_a_wider_interval_than_one_at_the_top():
    values = _values()
    values["KU999"] = {"a": 100.0, "b": 100.0, "c": -100.0}
    result = sensitivity(DEFINITION, values, runs=300)
    widths = [result.high[u] - result.low[u] for u in values if u != "KU999"]
    assert max(widths) > 0


def test_a_unit_without_values_has_no_rank():
    values = _values()
    values["KU998"] = {"a": None, "b": None, "c": None}
    result = sensitivity(DEFINITION, values, runs=50)
    assert result.median["KU998"] is None
