"""The statistical overview's arithmetic (evaluation/overview.py), with hand-computed numbers."""

import math

import numpy as np
import pytest

from mittaristo.evaluation import overview as calc

N = np.nan


def test_a_count_of_a_group_is_the_sum_of_its_members():
    values = np.array([[10.0, 11.0], [20.0, 22.0], [5.0, 5.0]])
    members = calc.membership([[0, 1], [2], [0, 1, 2]], 3)
    result = calc.aggregate(members, values, method="sum")
    assert result.tolist() == [[30.0, 33.0], [5.0, 5.0], [35.0, 38.0]]


def test_a_member_lacking_a_value_leaves_the_group_without_one_that_year():
    # Municipality 1 has values in year 0 and 2 but not 1: it should have one in year 1.
    values = np.array([[1.0, 1.0, 1.0], [2.0, N, 2.0], [4.0, 4.0, 4.0]])
    result = calc.aggregate(calc.membership([[0, 1], [0, 2]], 3), values, method="sum")
    assert result[0, 0] == 3.0 and math.isnan(result[0, 1]) and result[0, 2] == 3.0
    assert result[1].tolist() == [5.0, 5.0, 5.0]  # the other group is complete


def test_a_municipality_merged_away_is_not_missing_after_its_last_value():
    # Municipality 1 ends after year 0 (merged into 0, whose count grows): not a gap.
    values = np.array([[10.0, 15.0, 15.0], [5.0, N, N], [1.0, 1.0, 1.0]])
    result = calc.aggregate(calc.membership([[0, 1, 2]], 3), values, method="sum")
    assert result.tolist() == [[16.0, 16.0, 16.0]]


def test_a_year_few_municipalities_have_is_not_out_and_gives_no_group_value():
    # Only municipality 0 has year 2 (its own newer figure): 1 of 4 is under half.
    values = np.array([[1.0, 1.0, 9.0], [2.0, 2.0, N], [3.0, 3.0, N], [4.0, 4.0, N]])
    result = calc.aggregate(calc.membership([[0, 1, 2, 3]], 4), values, method="sum")
    assert result[0, :2].tolist() == [10.0, 10.0] and math.isnan(result[0, 2])


def test_a_figure_per_resident_is_weighted_by_the_population_of_the_same_year():
    loans = np.array([[1000.0], [3000.0]])  # € per resident
    people = np.array([[30_000.0], [10_000.0]])
    result = calc.aggregate(calc.membership([[0, 1]], 2), loans, method="weighted", weights=people)
    # (1000 × 30 000 + 3000 × 10 000) / 40 000 = 1500, not the mean of the rates (2000).
    assert result.tolist() == [[1500.0]]


def test_a_weighted_group_lacks_a_value_when_a_members_population_is_missing():
    loans = np.array([[1000.0], [3000.0]])
    people = np.array([[30_000.0], [N]])
    result = calc.aggregate(calc.membership([[0, 1]], 2), loans, method="weighted", weights=people)
    assert math.isnan(result[0, 0])


def test_a_share_is_the_sum_of_numerators_over_the_sum_of_denominators():
    children = np.array([[150.0], [900.0]])
    people = np.array([[1_000.0], [10_000.0]])
    result = calc.aggregate(
        calc.membership([[0, 1]], 2), children, method="ratio", denominator=people, scale=100
    )
    # (150 + 900) / 11 000 × 100 = 9.545…, not the mean of 15 % and 9 % (12 %).
    assert result[0, 0] == pytest.approx(1050 / 11_000 * 100)
    assert calc.own_ratio(children, people, 100).tolist() == [[15.0], [9.0]]


def test_a_published_only_figure_is_never_aggregated():
    rates = np.array([[10.0], [20.0]])
    result = calc.aggregate(calc.membership([[0, 1]], 2), rates, method="published")
    assert math.isnan(result[0, 0])


def test_an_unknown_rule_or_a_missing_weight_is_refused():
    values = np.array([[1.0]])
    with pytest.raises(ValueError, match="unknown aggregation"):
        calc.aggregate(calc.membership([[0]], 1), values, method="mean")
    with pytest.raises(ValueError, match="weights"):
        calc.aggregate(calc.membership([[0]], 1), values, method="weighted")
    with pytest.raises(ValueError, match="denominator"):
        calc.aggregate(calc.membership([[0]], 1), values, method="ratio")


def test_an_empty_group_has_no_value():
    result = calc.aggregate(calc.membership([[]], 2), np.array([[1.0], [2.0]]), method="sum")
    assert math.isnan(result[0, 0])


def test_the_window_is_the_ten_years_up_to_the_latest_value():
    years = list(range(1990, 2013))
    row = [1.0] * 20 + [N, 2.0, N]
    assert calc.window(years, row) == (2002, 2011)
    assert calc.window(years, [N] * len(years)) is None


def test_a_change_over_the_window_and_over_given_years():
    years = [2010, 2011, 2012, 2013]
    change = calc.change(years, [N, 200.0, 210.0, 190.0], (2011, 2013))
    assert (change.first_year, change.last_year, change.difference) == (2011, 2013, -10.0)
    assert change.percent == pytest.approx(-5.0)
    assert calc.change(years, [1.0, 2.0, N, 4.0], (0, 0), same_years=(2010, 2012)) is None
    assert calc.Change(2010, 2012, -5.0, 5.0).percent is None  # from below zero: no %


def test_relations_and_the_order_among_the_peers_are_comparisons_not_judgements():
    assert calc.relation(13.4, 8.2) == "higher"
    assert calc.relation(8.2, 13.4) == "lower"
    assert calc.relation(13.4, 13.4) == "same"
    assert calc.relation(13.4, None) is None
    order = calc.order_among(10.0, [12.0, 10.0, 8.0, 7.0, N])
    assert (order.higher, order.same, order.lower, order.others) == (1, 1, 2, 4)
    assert calc.order_among(None, [1.0]) is None


def test_value_in_a_year():
    assert calc.value_in([2010, 2011], [1.0, N], 2010) == 1.0
    assert calc.value_in([2010, 2011], [1.0, N], 2011) is None
    assert calc.value_in([2010, 2011], [1.0, N], 2020) is None


def test_the_median_of_each_group_where_enough_members_have_a_value():
    values = np.array([[1.0, N], [5.0, 2.0], [3.0, 4.0], [10.0, N]])
    result = calc.medians(values, [[0, 1, 2], [0, 1, 2, 3], [3], []], minimum=2)
    assert result[0].tolist() == [3.0, 3.0]  # (2 + 4) / 2 in the second year
    assert result[1].tolist() == [4.0, 3.0]  # (3 + 5) / 2; the second year as before
    assert np.isnan(result[2]).all() and np.isnan(result[3]).all()  # too few, none


def test_labels_give_the_same_sums_as_the_matrix_and_peers_leave_themselves_out():
    values = np.array([[10.0, 11.0], [20.0, N], [5.0, 5.0], [1.0, 2.0]])
    people = np.array([[100.0, 100.0], [200.0, 200.0], [50.0, 50.0], [10.0, 10.0]])
    labels = np.array([0, 0, 1, -1])  # municipality 3 belongs to no group
    matrix = calc.membership([[0, 1], [2]], 4)
    for method in ("sum", "weighted", "ratio"):
        extra = {"weights": people} if method == "weighted" else {"denominator": people}
        by_matrix = calc.aggregate(matrix, values, method=method, **extra)
        by_labels = calc.aggregate(labels, values, method=method, **extra)
        np.testing.assert_array_equal(by_matrix, by_labels)
    peers = calc.aggregate(labels, values, method="sum", exclude_self=True)
    # 0's peers are {1}, 1's are {0}; 2 is alone in its group and 3 has none.
    assert peers[0].tolist()[0] == 20.0 and peers[1].tolist()[0] == 10.0
    assert np.isnan(peers[0, 1])  # 1 has no value after year 0: 0 has no peer with one
    assert np.isnan(peers[2]).all() and np.isnan(peers[3]).all()
