"""A composite index explained for one area (monitoring/records/index.py), by hand.

The index of tests/index_example.py: min–max onto 0–100, weights 1 (mittari) and 3 (toinen,
lower is better), so the shares are 1/4 and 3/4.

2021, own municipality KU999:
  mittari 10 in 10…30  → (10 − 10) / 20 × 100 = 0
  toinen  5 in 1…9, lower is better → (9 − 5) / 8 × 100 = 50
  index = 0.25 × 0 + 0.75 × 50 = 37.5; contributions 0 and 37.5
  KU998: mittari 50, toinen (9 − 1) / 8 = 100 → 12.5 + 75 = 87.5 (rank 1)
  KU997: mittari 100, toinen 0 → 25 (rank 3), so KU999 is rank 2 of 3
2020, KU999: mittari (20 − 10) / 20 = 50, toinen 9 in 1…9 → 0; index 12.5
  (KU998: 0 + 75 = 75, KU997: 25 + 0.75 × 50 = 62.5: KU999 rank 3)
What moved it 2020 → 2021: toinen 0 → 37.5 (+37.5), mittari 12.5 → 0 (−12.5).

How firm: KU998 scores better than KU999 in both components, so it ranks above it under every
choice. KU999 is above KU997 unless toinen's share of the weight falls below 2/3 (min–max:
50·s > 100·(1 − s) ⇔ s > 2/3; z-scores and percentile ranks give the same bound; the geometric
means need only s > 0.54 and s > 0.61). Each weight is multiplied by a factor from
0.75…1.25, so s = 3v / (u + 3v) falls below 2/3 only when v < 2u/3: about 2 % of the draws,
and only the three arithmetic of the five choices, so about 1.2 % of the runs rank KU999 3rd:
its 5–95 % interval is 2–2.
"""

import pytest

from mittaristo.monitoring.records.index import index_record
from tests.index_example import small_index

pytestmark = pytest.mark.django_db


def test_the_value_rank_components_and_movers_by_hand(minimal_strategy):
    index = small_index(minimal_strategy)
    area = minimal_strategy.organisation.get_or_create_area()
    record = index_record(index, area)
    assert (record.year, record.value, record.rank, record.count) == (2021, 37.5, 2, 3)
    assert (record.previous_year, record.previous_value, record.previous_rank) == (2020, 12.5, 3)
    rows = {c.code: c for c in record.components}
    assert list(rows) == ["mittari", "toinen"]
    first, second = rows["mittari"], rows["toinen"]
    assert (str(first.value), first.score, first.contribution, first.rank) == ("10", 0.0, 0.0, 3)
    assert (str(second.value), second.score, second.contribution) == ("5", 50.0, 37.5)
    assert (first.weight, first.share, second.share) == (1.0, 0.25, 0.75)
    assert second.direction == "lower" and second.kind == "indicator" and second.depth == 1
    assert second.name["en"] == "Second" and first.unit["en"] == "persons"
    assert [(m.code, m.change) for m in record.movers] == [("toinen", 37.5), ("mittari", -12.5)]
    firm = record.sensitivity
    assert (firm.runs, firm.median, firm.low, firm.high) == (1000, 2.0, 2, 2)
    assert firm.choices[0] == "minmax/arithmetic" and "rank/geometric" in firm.choices
    assert record.sentence["en"] == (
        "Rank 2 of 3; rank 2 under at least nine in ten other reasonable choices of weights, "
        "normalisation and aggregation."
    )
    method = record.method["en"]
    assert "OECD/JRC Handbook" in method and "min–max onto 0–100" in method
    assert "Monte Carlo" in method and "1,000 runs" in method
    assert record.definition_version in method and len(record.definition_version) == 12


def test_the_same_seed_gives_the_same_record(minimal_strategy):
    index = small_index(minimal_strategy)
    area = minimal_strategy.organisation.get_or_create_area()
    assert index_record(index, area) == index_record(index, area)


def test_an_area_without_values_has_no_rank_and_an_indicator_no_explanation(minimal_strategy):
    index = small_index(minimal_strategy)
    from mittaristo.core.models import Area

    empty = Area.objects.create(kind="municipality", code="996", name={"fi": "Tyhjä"})
    record = index_record(index, empty)
    assert record.year is None and record.rank is None and record.components == []
    assert record.sentence["en"] == "No value of the index for this area."
    assert index_record(minimal_strategy.indicators.get(code="mittari"), empty) is None


def test_a_value_carried_forward_names_its_year(minimal_strategy):
    """With carry_forward 1, KU999's missing mittari in 2022 is its 2021 value (10)."""
    from decimal import Decimal

    from mittaristo.core.periods import parse_period
    from mittaristo.observations.services import ObservationRow, observations_upsert

    index = small_index(minimal_strategy)
    index.index = {**index.index, "missing": {"method": "reweight", "carry_forward": 1}}
    index.save()
    area = minimal_strategy.organisation.get_or_create_area()
    second = minimal_strategy.indicators.get(code="toinen")
    observations_upsert(
        rows=[ObservationRow(second.pk, area.pk, parse_period("2022"), Decimal("5"))],
        source_kind="manual",
    )
    record = index_record(index, area)
    rows = {c.code: c for c in record.components}
    assert record.year == 2022 and record.previous_year == 2021
    assert (str(rows["mittari"].value), rows["mittari"].value_year) == ("10", 2021)
    assert rows["toinen"].value_year is None
    assert "last value of at most 1 years before" in record.method["en"]


def test_evaluate_prints_the_index_explained_with_indices(minimal_strategy):
    import json
    from io import StringIO

    from django.core.management import call_command

    small_index(minimal_strategy)
    out = StringIO()
    call_command("evaluate", "--strategy", "testi-2030", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["indicators"]["indeksi"]["index"] is None
    out = StringIO()
    args = ["--strategy", "testi-2030", "--format", "json", "--indices"]
    call_command("evaluate", *args, stdout=out)
    index = json.loads(out.getvalue())["indicators"]["indeksi"]["index"]
    assert (index["value"], index["rank"], index["count"]) == (37.5, 2, 3)
