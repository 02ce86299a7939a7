"""Properties of the index engine that hold for any values (hypothesis)."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from mittaristo.indices import compute

# Values as statistics publish them: to two decimals (a difference of 1e-203 is lost in any sum).
number = st.integers(-(10**8), 10**8).map(lambda v: v / 100)
rows = st.lists(st.tuples(number, number, st.one_of(st.none(), number)), min_size=2, max_size=30)
methods = st.sampled_from(["minmax", "zscore", "rank"])


def _values(rows):
    return {f"u{i}": {"a": a, "b": b, "c": c} for i, (a, b, c) in enumerate(rows)}


def _definition(method):
    return {
        "code": "index",
        "normalisation": method,
        "components": [
            {"code": "g", "weight": 2, "components": [{"indicator": "a"}, {"indicator": "b"}]},
            {"indicator": "c", "direction": "lower", "weight": 1},
        ],
    }


@given(rows=rows, method=methods)
@settings(max_examples=200, deadline=None)
def test_contributions_add_up_to_the_index(rows, method):
    result = compute(_definition(method), _values(rows))
    for unit, score in result.index.items():
        parts = [result.contributions[c][unit] for c in ("g", "c")]
        present = [p for p in parts if p is not None]
        assert math.isclose(sum(present), score, rel_tol=1e-9, abs_tol=1e-6)


@given(rows=rows, method=methods, scale=st.floats(0.01, 100), shift=st.floats(-1e3, 1e3))
@settings(max_examples=200, deadline=None)
def test_a_change_of_unit_changes_no_score(rows, method, scale, shift):
    values = _values(rows)
    moved = {u: {**row, "a": row["a"] * scale + shift} for u, row in values.items()}
    before, after = compute(_definition(method), values), compute(_definition(method), moved)
    for unit in values:
        a, b = before.scores["a"][unit], after.scores["a"][unit]
        assert math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)


@given(rows=rows, gain=st.floats(0, 1e6))
@settings(max_examples=200, deadline=None)
def test_a_better_value_never_lowers_a_units_own_score(rows, gain):
    values = _values(rows)
    better = {**values, "u0": {**values["u0"], "a": values["u0"]["a"] + gain}}
    before = compute(_definition("minmax"), values).scores["a"]["u0"]
    after = compute(_definition("minmax"), better).scores["a"]["u0"]
    assert after >= before - 1e-9


@given(rows=rows, method=methods)
@settings(max_examples=100, deadline=None)
def test_ranks_follow_the_scores(rows, method):
    result = compute(_definition(method), _values(rows))
    scored = [(s, result.ranks["index"][u]) for u, s in result.index.items() if s is not None]
    for s1, r1 in scored:
        for s2, r2 in scored:
            if s1 > s2:
                assert r1 < r2
