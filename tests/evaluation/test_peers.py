"""Peers: groups, rank, percentile and median, by hand."""

import math
from dataclasses import astuple

import pytest

from mittaristo.evaluation.peers import (
    AreaFacts,
    best_improving,
    can_group,
    peer_group,
    standing,
)

AREAS = [
    AreaFacts("KU111", population=18_131, jobs=6_199, size_class="4", region="MK07"),
    AreaFacts("KU398", population=120_000, jobs=55_000, size_class="7", region="MK07"),
    AreaFacts("KU316", population=4_000, jobs=1_200, size_class="2", region="MK07"),
    AreaFacts("KU farms", population=18_000, jobs=3_000, size_class="4", region="MK09"),
    AreaFacts("KU twin", population=18_500, jobs=6_300, size_class="4", region="MK05"),
    AreaFacts("KU none", population=None, jobs=None, size_class="4", region="MK05"),
]


def test_groups_by_size_class_and_region():
    assert peer_group("KU111", AREAS, method="size_class") == ["KU farms", "KU none", "KU twin"]
    assert peer_group("KU111", AREAS, method="region") == ["KU316", "KU398"]
    assert peer_group("KU404", AREAS, method="region") == []
    with pytest.raises(ValueError, match="unknown peer method"):
        peer_group("KU111", AREAS, method="nearest")


def test_most_similar_by_population_and_jobs_per_resident():
    # Features (ln population, jobs per resident), each divided by its standard deviation over
    # the five areas with figures (1.0794 and 0.09374):
    #   Heinola (9.8054, 0.3419); twin (9.8255, 0.3405): distance 0.024;
    #   KU316 (8.2940, 0.3000): sqrt((1.5114/1.0794)^2 + (0.0419/0.09374)^2) = 1.470;
    #   farms (9.7981, 0.1667): sqrt((0.0073/1.0794)^2 + (0.1752/0.09374)^2) = 1.869;
    #   KU398 (11.6952, 0.4583): 2.147.
    # Areas without figures are never peers.
    assert peer_group("KU111", AREAS, method="similar", size=3) == ["KU twin", "KU316", "KU farms"]
    assert "KU none" not in peer_group("KU111", AREAS, method="similar", size=10)


def test_whether_the_data_give_what_a_method_groups_by():
    bare = [*AREAS, AreaFacts("KU404", population=5_000)]  # no size class, region or jobs
    for method in ("size_class", "region", "similar"):
        assert can_group("KU111", bare, method=method)
        assert not can_group("KU404", bare, method=method)
        assert not can_group("KU999", bare, method=method)  # not among the areas at all
    # KU none has a size class and a region but no population: only "similar" is impossible.
    assert can_group("KU none", AREAS, method="region")
    assert not can_group("KU none", AREAS, method="similar")


def test_rank_percentile_and_median():
    values = {"A": 10, "B": 20, "C": 30, "D": None, "E": math.nan}
    # Higher is better: C is best. Median of 10, 20, 30 is 20.
    assert astuple(standing("C", values, direction="higher")) == (1, 3, 100.0, 20)
    # B beats one of two others → 50 %.
    s = standing("B", values, direction="higher")
    assert (s.rank, s.percentile) == (2, 50.0)
    # Lower is better: A is best.
    assert standing("A", values, direction="lower").rank == 1
    # An area without a value has no rank, but the group still has its median.
    assert astuple(standing("D", values, direction="higher")) == (None, 3, None, 20)


def test_ties_count_half():
    # A = B = 10, C = 30, higher better. A beats nobody, ties with B: (2 − 1 − 0.5) / 2 = 25 %.
    s = standing("A", {"A": 10, "B": 10, "C": 30}, direction="higher")
    assert (s.rank, s.percentile) == (2, 25.0)
    assert astuple(standing("A", {"A": 5}, direction="higher")) == (1, 1, None, 5)


def test_best_improving():
    paces = {"A": 0.01, "B": -0.02, "C": 0.03, "D": None, "E": math.inf}
    assert best_improving(paces, direction="higher", count=2) == [("C", 0.03), ("A", 0.01)]
    assert best_improving(paces, direction="lower", count=1) == [("B", -0.02)]
