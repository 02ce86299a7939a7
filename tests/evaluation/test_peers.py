"""Peers: groups, rank, percentile and median, by hand."""

import math
from dataclasses import astuple

import pytest

from mittaristo.evaluation.peers import (
    AreaFacts,
    best_improving,
    can_group,
    compared_values,
    comparison_year,
    peer_group,
    standing,
    yearly_growth,
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


def test_per_resident_ranks_otherwise_than_the_level():
    """Five towns of different size: the largest has the most jobs, not the most per resident."""
    jobs = {"A": {2023: 10_000}, "B": {2023: 6_000}, "C": {2023: 8_000}, "D": {2023: 3_000}}
    jobs["E"] = {2023: 4_000}
    people = {"A": {2023: 40_000}, "B": {2023: 15_000}, "C": {2023: 25_000}}
    people |= {"D": {2023: 6_000}, "E": {2023: 20_000}}
    level = {code: series[2023] for code, series in jobs.items()}
    # By level, higher better: A 10 000, C 8 000, B 6 000, E 4 000, D 3 000 → D is last.
    assert standing("D", level, direction="higher").rank == 5
    assert standing("A", level, direction="higher").rank == 1
    per = compared_values("per_resident", jobs, population=people)
    # Per 1,000 residents: A 1000 × 10 000 / 40 000 = 250, B 6 000 / 15 = 400,
    # C 8 000 / 25 = 320, D 3 000 / 6 = 500, E 4 000 / 20 = 200.
    assert per == {
        "A": {2023: 250.0},
        "B": {2023: 400.0},
        "C": {2023: 320.0},
        "D": {2023: 500.0},
        "E": {2023: 200.0},
    }
    in_2023 = {code: series[2023] for code, series in per.items()}
    # D first, B second, C third, A fourth, E last; median of 200, 250, 320, 400, 500 = 320.
    assert astuple(standing("D", in_2023, direction="higher")) == (1, 5, 100.0, 320.0)
    assert standing("A", in_2023, direction="higher").rank == 4
    # B is better than 3 of the 4 others → 75 %.
    assert standing("B", in_2023, direction="higher").percentile == 75.0


def test_per_resident_leaves_out_the_years_without_a_population():
    jobs = {"A": {2022: 900, 2023: 1_000}, "B": {2023: 500}, "C": {2023: 700}}
    people = {"A": {2023: 4_000}, "B": {2023: 0}}  # A has no 2022, B a zero, C nothing
    # A 2023: 1000 × 1 000 / 4 000 = 250; everything else is left out.
    assert compared_values("per_resident", jobs, population=people) == {"A": {2023: 250.0}}
    assert compared_values("level", jobs) == jobs
    with pytest.raises(ValueError, match="unknown measure"):
        compared_values("per_job", jobs)


def test_change_is_the_average_growth_a_year_over_five_years():
    # (19 000 / 20 000)^(1/5) − 1 = 0.95^0.2 − 1 = −0.010206 (−1.02 % a year).
    assert yearly_growth({2018: 20_000, 2023: 19_000}, 2023) == pytest.approx(-0.010206, abs=1e-6)
    # 10 000 × 1.01^5 = 10 510.100501: exactly 1 % a year; the years between do not count.
    series = {2018: 10_000, 2020: 1, 2023: 10_510.100501}
    assert yearly_growth(series, 2023) == pytest.approx(0.01, abs=1e-12)
    # Both ends are needed, and above zero.
    assert yearly_growth({2019: 100, 2023: 110}, 2023) is None
    assert yearly_growth({2018: 0, 2023: 110}, 2023) is None
    assert yearly_growth({2018: -5, 2023: -4}, 2023) is None
    values = {"A": {2018: 20_000, 2023: 19_000, 2024: 18_000}, "B": {2019: 5, 2023: 6}}
    # A: 2023 from 2018 as above; 2024 would need 2019. B has no five-year window: left out.
    assert compared_values("change", values) == {"A": {2023: pytest.approx(-0.010206, abs=1e-6)}}
    # A window of two years: A 2024 from 2022? No 2022 → nothing; B 2023 from 2021? None.
    assert compared_values("change", values, years=2) == {}


def test_the_year_compared_is_the_latest_that_half_of_the_group_and_five_areas_have():
    group = ["me", "p1", "p2", "p3", "p4", "p5"]  # six areas: half is 3, so at least 5 count
    available = {
        "me": {2021, 2022, 2023, 2024},
        "p1": {2021, 2022, 2023},
        "p2": {2021, 2022, 2023},
        "p3": {2021, 2022, 2023},
        "p4": {2021, 2022},
        "p5": {2021, 2022},
    }
    # 2024: 1 of 6 (only the area itself) → no. 2023: 4 of 6, at least half but fewer than 5
    # → no. 2022: 6 of 6 → the year compared.
    assert comparison_year(available, group, own="me") == 2022
    available["p4"].add(2023)  # 2023: 5 of 6 → the latest that qualifies
    assert comparison_year(available, group, own="me") == 2023
    # Twelve areas: half is 6, more than 5. 2023 with 5 of 12 is not comparable; 2022 with 6 is.
    big = [*group, "q1", "q2", "q3", "q4", "q5", "q6"]
    assert comparison_year(available, big, own="me") == 2022
    # The area's own years only: a year the others share but the area lacks is not chosen.
    assert comparison_year({**available, "me": {2020}}, group, own="me") is None


def test_a_group_too_small_gives_no_year_and_so_no_rank():
    # Four areas, all with a value every year: half is 2, but a comparison needs 5.
    available = dict.fromkeys(["me", "p1", "p2", "p3"], {2022, 2023})
    assert comparison_year(available, list(available), own="me") is None
    # Counting the country instead (five areas) makes it comparable.
    available["p4"] = {2023}
    assert comparison_year(available, list(available), own="me") == 2023


def test_a_range_indicator_is_ranked_by_its_distance_from_the_band():
    values = {"A": 50, "B": 45, "C": 65, "D": 30, "E": 62}
    # Band 40–60: A and B inside (distance 0), E 62 − 60 = 2, C 65 − 60 = 5, D 40 − 30 = 10.
    # A and B share rank 1; A beats 3 of 4 others and ties 1 → (4 − 0 − 0.5) / 4 = 87.5 %.
    # The median is of the values: 30, 45, 50, 62, 65 → 50.
    assert astuple(standing("A", values, direction="range", band=(40, 60))) == (1, 5, 87.5, 50)
    assert standing("B", values, direction="range", band=(40, 60)).rank == 1
    assert standing("E", values, direction="range", band=(40, 60)).rank == 3
    assert standing("C", values, direction="range", band=(60, 40)).rank == 4  # either order
    # D is worst: better than nobody → 0 %.
    d = standing("D", values, direction="range", band=(40, 60))
    assert (d.rank, d.percentile) == (5, 0.0)
    with pytest.raises(ValueError, match="band"):
        standing("A", values, direction="range")
