"""A small composite index to test its explanation by hand: three municipalities, two
components, two years (the numbers worked out in tests/monitoring/test_index_explain.py).

    indeksi = minmax 0–100, weighted arithmetic mean of
      mittari (higher is better, weight 1) and toinen (lower is better, weight 3)

              2020               2021
             mittari  toinen    mittari  toinen
    KU999      20       9         10       5      (the strategy's own municipality)
    KU998      10       1         20       1
    KU997      30       5         30       9
"""

from decimal import Decimal

from mittaristo.core.models import Area
from mittaristo.core.periods import parse_period
from mittaristo.observations.services import ObservationRow, observations_upsert

DEFINITION = {
    "normalisation": {"method": "minmax", "low": 0, "high": 100},
    "aggregation": "arithmetic",
    "components": [
        {"indicator": "mittari", "direction": "higher", "weight": 1},
        {"indicator": "toinen", "direction": "lower", "weight": 3},
    ],
}
VALUES = {
    "2020": {"999": (20, 9), "998": (10, 1), "997": (30, 5)},
    "2021": {"999": (10, 5), "998": (20, 1), "997": (30, 9)},
}


def _copy(indicator, code, **fields):
    copy = type(indicator).objects.get(pk=indicator.pk)
    copy.pk, copy.code = None, code
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    return copy


def small_index(strategy):
    """The index indicator "indeksi" of `strategy` (the small test strategy), with its two
    components' values stored in three municipalities."""
    first = strategy.indicators.get(code="mittari")
    second = _copy(first, "toinen", name={"fi": "Toinen", "en": "Second"}, direction="lower")
    index = _copy(
        first,
        "indeksi",
        name={"fi": "Indeksi", "en": "Index"},
        unit={"fi": "pistettä", "en": "points"},
        source_kind="composite_index",
        index=DEFINITION,
    )
    areas = {"999": strategy.organisation.get_or_create_area()}
    for code in ("998", "997"):
        areas[code] = Area.objects.create(kind="municipality", code=code, name={"fi": code})
    rows = []
    for year, by_area in VALUES.items():
        for code, (a, b) in by_area.items():
            area = areas[code].pk
            rows.append(ObservationRow(first.pk, area, parse_period(year), Decimal(a)))
            rows.append(ObservationRow(second.pk, area, parse_period(year), Decimal(b)))
    observations_upsert(rows=rows, source_kind="manual")
    return index
