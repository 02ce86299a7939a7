"""Properties of the survey statistics and the disclosure rule for any input (hypothesis)."""

from hypothesis import given
from hypothesis import strategies as st

from mittaristo.evaluation.surveys import (
    mean,
    newcombe,
    nps,
    nps_difference,
    suppress,
    welch,
    wilson,
)

likert = st.lists(st.integers(1, 5), min_size=0, max_size=60)
scale = st.lists(st.integers(0, 10), min_size=1, max_size=60)
count_n = st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))
groups = st.dictionaries(st.text(min_size=1, max_size=3), st.integers(0, 30), max_size=8)


@given(count_n)
def test_wilson_holds_the_share_within_zero_and_one(pair):
    e = wilson(*pair)
    assert 0 <= e.low <= e.value <= e.high <= 1


@given(likert)
def test_a_mean_interval_holds_the_mean(values):
    e = mean(values)
    if not values:
        assert e is None
    elif len(values) < 2:
        assert e.low is None
    else:
        assert e.low <= e.value <= e.high
        assert min(values) - 1e-9 <= e.value <= max(values) + 1e-9


@given(scale)
def test_nps_and_its_interval_lie_in_points(values):
    e = nps(values)
    assert -100 <= e.low <= e.value <= e.high <= 100
    assert e.low < e.high


@given(scale, scale)
def test_nps_difference_holds_the_difference(a, b):
    d = nps_difference(a, b)
    assert d.low <= d.value <= d.high
    assert -200 <= d.value <= 200


@given(count_n, count_n)
def test_newcombe_holds_the_difference_within_minus_one_and_one(a, b):
    d = newcombe(a, b)
    assert -1 <= d.low <= d.value + 1e-12 and d.value - 1e-12 <= d.high <= 1


@given(count_n, count_n)
def test_newcombe_is_antisymmetric(a, b):
    ab, ba = newcombe(a, b), newcombe(b, a)
    assert abs(ab.low + ba.high) < 1e-12 and abs(ab.high + ba.low) < 1e-12


@given(likert, likert)
def test_welch_is_antisymmetric(a, b):
    ab, ba = welch(a, b), welch(b, a)
    if ab is None or ab.low is None:
        return
    assert abs(ab.value + ba.value) < 1e-9 and abs(ab.low + ba.high) < 1e-9


@given(groups, st.integers(2, 10))
def test_suppress_leaves_nothing_to_recover(groups, minimum):
    hidden = suppress(groups, minimum)
    assert hidden <= set(groups)
    # every small group with answers is hidden; no empty group is
    assert {k for k, n in groups.items() if 0 < n < minimum} <= hidden
    assert all(groups[k] > 0 for k in hidden)
    shown_with_answers = [k for k in groups if k not in hidden and groups[k] > 0]
    if hidden and shown_with_answers:
        # more than one hidden, and their total is no small group itself
        assert len(hidden) >= 2 and sum(groups[k] for k in hidden) >= minimum


@given(groups, st.integers(2, 10))
def test_suppress_does_not_depend_on_the_names_only_on_order_among_equals(groups, minimum):
    hidden = suppress(groups, minimum)
    assert suppress(dict(groups), minimum) == hidden
