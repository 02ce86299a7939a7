"""The public statistics API, mittaristo.surveys.stats, against values worked out by hand."""

import math

import pytest

from mittaristo.surveys.stats import likert_summary, nps, suppress


def test_likert_summary_by_hand():
    # Answers 5, 4, 4, 2, 3 (None and "" are not answers): n = 5, mean 18/5 = 3.6.
    # s² = (1.4² + 0.4² + 0.4² + 1.6² + 0.6²) / 4 = (1.96 + 0.16 + 0.16 + 2.56 + 0.36) / 4 = 1.3
    # t(0.975, 4) = 2.776445; half = 2.776445 × 1.140175 / 2.236068 = 1.415715
    # → 2.184285 … 5.015715.
    # Agree (≥ 4): 3 of 5 = 0.6; Wilson: centre (3 + 1.920729) / (5 + 3.841459) = 0.556551,
    # half 1.959964 × √(3·2/5 + 0.960365) / 8.841459 = 0.325827 → 0.230724 … 0.882379.
    summary = likert_summary([5, 4, None, 4, 2, "", 3], agree_at=4)
    assert summary.n == 5
    assert summary.mean == pytest.approx(3.6)
    assert summary.ci_low == pytest.approx(2.184285, abs=1e-6)
    assert summary.ci_high == pytest.approx(5.015715, abs=1e-6)
    assert summary.share_agree == pytest.approx(0.6)
    assert summary.share_low == pytest.approx(0.230724, abs=1e-6)
    assert summary.share_high == pytest.approx(0.882379, abs=1e-6)


def test_likert_summary_of_one_and_of_none():
    one = likert_summary([5])
    assert (one.n, one.mean, one.ci_low, one.ci_high) == (1, 5.0, None, None)
    assert one.share_agree == 1.0
    empty = likert_summary([None, ""])
    assert empty.n == 0 and empty.mean is None and empty.share_agree is None


def test_nps_by_hand():
    # 10, 9 promote; 8 is passive; 6, 0 detract: (2 − 2) / 5 = 0 points.
    assert nps([10, 9, 8, 6, 0]) == 0.0
    # 10, 10, 9, 7 and an empty answer: 3 promoters of 4 = 75 points.
    assert math.isclose(nps([10, 10, 9, 7, None]), 75.0)
    assert nps([]) is None


@pytest.mark.parametrize(
    ("counts", "hidden"),
    [
        ({"A": 10, "B": 12, "C": 40}, set()),
        # A alone hidden would follow from the total minus B and C: the smallest other, B, too.
        ({"A": 3, "B": 12, "C": 40}, {"A", "B"}),
        # Two hidden whose sum is 5 or more: nothing else.
        ({"A": 3, "B": 4, "C": 40}, {"A", "B"}),
        # Two hidden whose sum is under 5: a third.
        ({"A": 1, "B": 2, "C": 7, "D": 40}, {"A", "B", "C"}),
        # The total under the threshold: everything.
        ({"A": 1, "B": 2, "C": 0}, {"A", "B", "C"}),
        # An empty group shows nobody and is not hidden.
        ({"A": 0, "B": 10, "C": 12}, set()),
    ],
)
def test_suppress(counts, hidden):
    assert suppress(counts, threshold=5) == hidden


def test_no_hidden_group_can_be_recovered_by_subtraction():
    counts = {"A": 4, "B": 30, "C": 31, "D": 6}
    hidden = suppress(counts, threshold=5)
    assert len(hidden) >= 2 and sum(counts[g] for g in hidden) >= 5
