"""mittaristo.indices.compute against values worked out by hand."""

import math

import pytest

from mittaristo.indices import IndexDefinitionError, compute, compute_years, movers

VALUES = {
    "A": {"jobs": 10.0, "sick": 100.0},
    "B": {"jobs": 20.0, "sick": 150.0},
    "C": {"jobs": 30.0, "sick": 200.0},
}


def _definition(**overrides):
    return {
        "code": "vitality",
        "normalisation": "minmax",
        "aggregation": "arithmetic",
        "components": [
            {"indicator": "jobs", "direction": "higher", "weight": 1},
            {"indicator": "sick", "direction": "lower", "weight": 3},
        ],
        **overrides,
    }


def test_minmax_arithmetic_by_hand():
    result = compute(_definition(), VALUES)
    # jobs 0, 50, 100; sick (lower is better) 100, 50, 0; weights 1:3.
    assert result.scores["jobs"] == {"A": 0.0, "B": 50.0, "C": 100.0}
    assert result.scores["sick"] == {"A": 100.0, "B": 50.0, "C": 0.0}
    assert result.scores["vitality"] == {"A": 75.0, "B": 50.0, "C": 25.0}
    assert result.ranks["vitality"] == {"A": 1, "B": 2, "C": 3}
    assert result.contributions["sick"]["A"] == 75.0
    assert result.index == result.scores["vitality"]


def test_minmax_onto_a_range():
    result = compute(_definition(normalisation={"method": "minmax", "low": 1, "high": 10}), VALUES)
    assert result.scores["jobs"] == {"A": 1.0, "B": 5.5, "C": 10.0}


def test_geometric_mean_by_hand():
    definition = _definition(
        normalisation={"method": "minmax", "low": 1, "high": 100}, aggregation="geometric"
    )
    result = compute(definition, VALUES)
    # B: both 50.5 → 50.5; A: 1^(1/4) × 100^(3/4) = 31.62…
    assert result.scores["vitality"]["B"] == pytest.approx(50.5)
    assert result.scores["vitality"]["A"] == pytest.approx(100**0.75)
    assert result.contributions["jobs"]["A"] is None  # a geometric mean's parts do not add up


def test_zscore_uses_the_sample_standard_deviation():
    result = compute(_definition(normalisation={"method": "zscore", "mean": 100, "sd": 10}), VALUES)
    assert result.scores["jobs"] == {"A": 90.0, "B": 100.0, "C": 110.0}
    assert result.scores["sick"] == {"A": 110.0, "B": 100.0, "C": 90.0}


def test_goalposts_are_fixed_and_clipped():
    definition = _definition(
        normalisation="goalposts",
        components=[{"indicator": "jobs", "direction": "higher", "goalposts": [15, 25]}],
    )
    result = compute(definition, VALUES)
    assert result.scores["jobs"] == {"A": 0.0, "B": 50.0, "C": 100.0}
    # Another area's value does not move a goalposts score.
    more = {**VALUES, "D": {"jobs": 1000.0}}
    assert compute(definition, more).scores["jobs"]["B"] == 50.0


def test_percentile_rank_shares_ties():
    values = {"A": {"jobs": 1.0}, "B": {"jobs": 2.0}, "C": {"jobs": 2.0}, "D": {"jobs": 3.0}}
    definition = _definition(normalisation="rank", components=[{"indicator": "jobs"}])
    result = compute(definition, values)
    assert result.scores["jobs"] == {"A": 25.0, "B": 62.5, "C": 62.5, "D": 100.0}
    assert result.ranks["jobs"] == {"A": 4, "B": 2, "C": 2, "D": 1}


def test_distance_to_target_caps_at_the_target():
    definition = _definition(
        normalisation="distance_to_target",
        components=[{"indicator": "sick", "direction": "lower", "target": 150}],
    )
    result = compute(definition, VALUES)
    # The worst is 200; B reaches the target, A goes beyond it and scores as the target.
    assert result.scores["sick"] == {"A": 100.0, "B": 100.0, "C": 0.0}
    uncapped = _definition(
        normalisation={"method": "distance_to_target", "cap": False},
        components=[{"indicator": "sick", "direction": "lower", "target": 150}],
    )
    assert compute(uncapped, VALUES).scores["sick"]["A"] == 200.0


def test_a_missing_value_reweights_among_the_present():
    values = {**VALUES, "B": {"jobs": 20.0, "sick": None}}
    result = compute(_definition(), values)
    # Without B, sick is 100 (A) and 0 (C); B's index is its jobs score alone.
    assert result.scores["sick"]["B"] is None
    assert result.scores["vitality"]["B"] == 50.0
    assert result.coverage["vitality"]["B"] == 0.25
    assert result.ranks["sick"]["B"] is None


def test_below_the_coverage_share_the_index_is_missing():
    values = {**VALUES, "B": {"jobs": 20.0}}
    result = compute(_definition(missing={"method": "reweight", "min_coverage": 0.5}), values)
    assert result.scores["vitality"]["B"] is None
    assert result.ranks["vitality"]["B"] is None
    assert result.scores["vitality"]["A"] is not None
    strict = compute(_definition(missing="none"), values)
    assert strict.scores["vitality"]["B"] is None


def test_groups_aggregate_up_the_tree_and_contributions_add_up():
    definition = {
        "code": "wellbeing",
        "components": [
            {"code": "work", "weight": 2, "components": [{"indicator": "jobs"}]},
            {
                "code": "health",
                "weight": 1,
                "components": [{"indicator": "sick", "direction": "lower"}],
            },
        ],
    }
    result = compute(definition, VALUES)
    assert result.scores["work"] == result.scores["jobs"]
    assert result.scores["wellbeing"]["A"] == pytest.approx((2 * 0 + 1 * 100) / 3)
    assert result.parents == {"jobs": "work", "sick": "health", "work": "wellbeing",
                              "health": "wellbeing"}  # fmt: skip
    for unit in VALUES:
        parts = result.contributions["work"][unit] + result.contributions["health"][unit]
        assert math.isclose(parts, result.scores["wellbeing"][unit])


def test_a_constant_indicator_scores_the_middle():
    values = {"A": {"jobs": 5.0}, "B": {"jobs": 5.0}}
    result = compute(_definition(components=[{"indicator": "jobs"}]), values)
    assert result.scores["jobs"] == {"A": 50.0, "B": 50.0}
    assert result.ranks["jobs"] == {"A": 1, "B": 1}


def test_values_that_are_not_numbers_count_as_missing():
    values = {"A": {"jobs": "n/a"}, "B": {"jobs": float("nan")}, "C": {"jobs": 3}}
    result = compute(_definition(components=[{"indicator": "jobs"}]), values)
    assert result.scores["jobs"] == {"A": None, "B": None, "C": 50.0}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"normalisation": "median"}, "normalisation: one of minmax"),
        ({"aggregation": "harmonic"}, "aggregation: one of arithmetic, geometric"),
        ({"aggregation": "geometric"}, "a geometric mean needs scores above zero"),
        ({"components": []}, "components.components: a group needs components"),
        ({"components": [{"indicator": "x", "weight": -1}]}, "components[0].weight: above zero"),
        ({"components": [{"indicator": "x", "direction": "up"}]}, "direction: higher or lower"),
        ({"components": [{"indicator": "x"}, {"indicator": "x"}]}, "x appears twice"),
        ({"normalisation": "goalposts"}, "jobs: goalposts normalisation needs its goalposts"),
        ({"normalisation": "distance_to_target"}, "sick: distance_to_target needs its target"),
        ({"missing": {"method": "reweight", "min_coverage": 2}}, "min_coverage: a share"),
    ],
)
def test_a_definition_that_cannot_be_computed_says_where(change, message):
    with pytest.raises(IndexDefinitionError) as raised:
        compute(_definition(**change), VALUES)
    assert any(message in problem for problem in raised.value.problems), raised.value.problems


def test_carrying_the_last_value_forward_at_most_n_years():
    by_year = {
        2020: {"A": {"jobs": 10.0}, "B": {"jobs": 20.0}},
        2021: {"A": {"jobs": None}, "B": {"jobs": 30.0}},
        2022: {"A": {"jobs": None}, "B": {"jobs": 40.0}},
    }
    definition = _definition(
        components=[{"indicator": "jobs"}],
        missing={"method": "reweight", "carry_forward": 1},
    )
    results = compute_years(definition, by_year)
    assert results[2021].scores["jobs"] == {"A": 0.0, "B": 100.0}  # 10 carried from 2020
    assert results[2022].scores["jobs"]["A"] is None  # two years old: too old


def test_movers_name_the_component_that_moved_the_index_most():
    before = compute(_definition(), VALUES)
    after = compute(_definition(), {**VALUES, "A": {"jobs": 30.0, "sick": 100.0}})
    # A's jobs went from the lowest to the joint highest: +100 × 1/4 = +25 points.
    moves = movers(before, after, "A")
    assert moves[0] == ("jobs", pytest.approx(25.0))


def test_ranks_and_average_ranks_equal_scipys():
    import numpy as np
    from scipy import stats

    from mittaristo.indices.compute import ranks_of
    from mittaristo.indices.normalise import average_ranks

    x = np.array([3.0, 1.0, 3.0, 2.0, 5.0, 1.0])
    assert (ranks_of(x) == stats.rankdata(-x, method="min")).all()
    assert (average_ranks(x) == stats.rankdata(x, method="average")).all()
