"""The survey statistics against values computed by hand and published examples."""

import math

import pytest

from mittaristo.evaluation.surveys import (
    Change,
    Difference,
    Method,
    distribution,
    mean,
    newcombe,
    nps,
    nps_difference,
    share_at_least,
    share_of_choice,
    suppress,
    welch,
    wilson,
)


def test_wilson_eight_of_ten():
    # (8 + z²/2 ± z·√(8·2/10 + z²/4)) / (10 + z²), z = 1.959964
    e = wilson(8, 10)
    assert e.value == 0.8 and e.count == 8 and e.n == 10 and e.method == Method.WILSON
    assert e.low == pytest.approx(0.4902, abs=5e-5)
    assert e.high == pytest.approx(0.9433, abs=5e-5)


def test_wilson_at_the_ends_stays_within_zero_and_one():
    assert wilson(0, 10).low == 0.0 and wilson(0, 10).high == pytest.approx(0.2775, abs=5e-5)
    assert wilson(10, 10).high == 1.0 and wilson(10, 10).low == pytest.approx(0.7225, abs=5e-5)
    assert wilson(0, 0) is None
    with pytest.raises(ValueError):
        wilson(3, 2)


def test_t_interval_by_hand():
    # 1, 2, 3, 4, 5: mean 3, s = √2.5, t(0.975, 4) = 2.776445; half = 2.776445·√2.5/√5
    e = mean([1, 2, 3, 4, 5])
    half = 2.7764451051977987 * math.sqrt(2.5) / math.sqrt(5)
    assert e.value == 3 and e.method == Method.T
    assert e.low == pytest.approx(3 - half) and e.high == pytest.approx(3 + half)


def test_a_mean_of_one_answer_has_no_interval_and_of_none_no_mean():
    assert mean([4]).low is None and mean([4]).value == 4
    assert mean([]) is None


def test_newcombe_1998_table_ii_examples():
    # Newcombe (1998), Statistics in Medicine 17:873–890, Table II, method 10.
    a = newcombe((48, 80), (56, 70))
    assert a.value == pytest.approx(0.2)
    assert (round(a.low, 4), round(a.high, 4)) == (0.0524, 0.3339)
    b = newcombe((3, 10), (9, 10))
    assert (round(b.low, 4), round(b.high, 4)) == (0.1705, 0.8090)
    assert a.method == Method.NEWCOMBE and a.change == Change.LARGER


def test_welch_by_hand():
    # previous 1..4 (mean 2.5, var 5/3), current 3..7 (mean 5, var 2.5)
    va, vb = (5 / 3) / 4, 2.5 / 5
    df = (va + vb) ** 2 / (va**2 / 3 + vb**2 / 4)
    from scipy import stats

    half = stats.t.ppf(0.975, df) * math.sqrt(va + vb)
    d = welch([1, 2, 3, 4], [3, 4, 5, 6, 7])
    assert d.value == 2.5 and d.method == Method.WELCH
    assert d.low == pytest.approx(2.5 - half) and d.high == pytest.approx(2.5 + half)
    assert d.change == Change.LARGER


def test_welch_without_spread_or_with_one_answer_has_no_interval():
    assert welch([3, 3], [3, 3]).change == Change.UNKNOWN
    assert welch([3], [1, 5]).low is None
    assert welch([], [1]) is None


def test_change_words_only_when_the_interval_leaves_out_zero():
    assert Difference(1, 0.1, 2, Method.WELCH).change == Change.LARGER
    assert Difference(-1, -2, -0.1, Method.WELCH).change == Change.SMALLER
    assert Difference(1, -0.1, 2, Method.WELCH).change == Change.NO_CLEAR_CHANGE
    assert Difference(0, 0, 0.5, Method.WELCH).change == Change.NO_CLEAR_CHANGE


def test_nps_by_hand():
    # 3 promoters (10, 10, 9), 1 passive (7), 2 detractors (3, 0) of 6: (3 − 2)/6 = 16.7 points
    e = nps([10, 10, 9, 7, 3, 0])
    assert e.value == pytest.approx(100 / 6) and e.method == Method.NPS
    # adjusted: p = 4/9, d = 3/9, variance (p + d − (p − d)²)/9
    p, d = 4 / 9, 3 / 9
    half = 100 * 1.959963984540054 * math.sqrt((p + d - (p - d) ** 2) / 9)
    assert e.low == pytest.approx(100 / 6 - half)
    assert e.high == pytest.approx(100 / 6 + half)


def test_nps_of_one_group_only_still_has_an_interval():
    e = nps([10] * 20)
    assert e.value == 100 and e.high == 100 and e.low < 100


def test_nps_difference():
    d = nps_difference([0] * 10 + [10] * 10, [10] * 20)
    assert d.value == 100 and d.change == Change.LARGER
    assert nps_difference([], [10]) is None


def test_shares():
    e = share_at_least([1, 2, 4, 5, 4], 4)
    assert (e.count, e.n, e.value) == (3, 5, 0.6)
    assert share_of_choice(2, 8).value == 0.25


def test_distribution_keeps_the_categories_order_and_zeros():
    assert distribution([3, 1, 3, 9], [1, 2, 3]) == {1: 1, 2: 0, 3: 2, 9: 1}


@pytest.mark.parametrize(
    ("groups", "hidden"),
    [
        ({"a": 10, "b": 12}, set()),
        # one group hidden: its size would follow from the total; the next smallest too
        ({"a": 2, "b": 10, "c": 12, "d": 0}, {"a", "b"}),
        # two hidden, together fewer than five: a third
        ({"a": 2, "b": 2, "c": 12, "d": 7}, {"a", "b", "d"}),
        # two hidden, together five or more: enough
        ({"a": 3, "b": 3, "c": 12}, {"a", "b"}),
        # a group without answers shows nobody and is never hidden
        ({"a": 0, "b": 6, "c": 7}, set()),
        # equal sizes: the first in order
        ({"a": 1, "b": 8, "c": 8}, {"a", "b"}),
        # nothing else to hide
        ({"a": 3, "b": 0}, {"a"}),
    ],
)
def test_suppress(groups, hidden):
    assert suppress(groups, 5) == hidden
