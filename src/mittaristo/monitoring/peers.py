"""Peer comparison from the database: where an area stands among its peers and in Finland.

Reads one indicator's total values for every area in one query, then hands plain numbers to
`mittaristo.evaluation.peers`. The year compared is the area's latest year with a value that
other municipalities have too (figures for every municipality come later than a city's own).
"""

from dataclasses import dataclass, field

import numpy as np

from mittaristo.core.models import Area
from mittaristo.evaluation import assess_progress
from mittaristo.evaluation.peers import (
    AreaFacts,
    Standing,
    best_improving,
    can_group,
    peer_group,
    standing,
)
from mittaristo.observations.packs import RECORD, current_packs

from .series import load_series

# The years over which "best improving" measures the pace: the last five changes.
PACE_YEARS = 5


@dataclass
class PeerComparison:
    indicator: object
    area: Area
    method: str
    year: int | None
    applicable: bool = True  # False when the data lack what the method groups by
    peers: list = field(default_factory=list)  # the peer areas, the area itself excluded
    in_group: Standing | None = None  # among the peers and the area
    in_country: Standing | None = None  # among all municipalities
    values: dict = field(default_factory=dict)  # area code → value in `year` (group and area)
    improving: list = field(default_factory=list)  # [(Area, growth a year)], best first


def area_facts(population=None, jobs=None) -> dict[int, AreaFacts]:
    """Area id → AreaFacts of every municipality, read as plain values in one query.

    `population` and `jobs` map area id → a value to use instead of the area's own (which
    `mittaristo load-areas` sets)."""
    rows = Area.objects.municipalities().values_list(
        "pk", "kind", "code", "population", "jobs", "size_class", "region__code"
    )
    return {
        pk: AreaFacts(
            code=Area.key_of(kind, code),
            population=_float(population.get(pk) if population else own_population),
            jobs=_float(jobs.get(pk) if jobs else own_jobs),
            size_class=str(size_class or ""),
            region=region or "",
        )
        for pk, kind, code, own_population, own_jobs, size_class, region in rows
    }


def compare_with_peers(
    indicator, area, *, method="size_class", size=10, facts=None, as_of=None
) -> PeerComparison:
    """Rank, percentile and median of `area` among its peers and all municipalities.

    `facts`: the AreaFacts to group by (default: `area_facts()`). Only the peers are read as
    `Area` objects."""
    municipalities = area_facts()
    keys = {pk: f.code for pk, f in municipalities.items()}
    facts = facts if facts is not None else list(municipalities.values())
    peer_keys = peer_group(area.key, facts, method=method, size=size)
    records = _records(indicator, keys, as_of)
    result = PeerComparison(indicator, area, method, _comparable_year(records, area.pk))
    result.applicable = can_group(area.key, facts, method=method)
    wanted = set(peer_keys)
    by_key = {
        a.key: a
        for a in Area.objects.filter(pk__in=[pk for pk, key in keys.items() if key in wanted])
    }
    result.peers = [by_key[k] for k in peer_keys if k in by_key]
    if result.year is None:
        return result
    in_year = records[records["year"] == result.year]
    areas, values = in_year["area"].tolist(), in_year["value"].tolist()
    national = dict(zip([keys[a] for a in areas], values, strict=True))
    group = {key: national.get(key) for key in [area.key, *peer_keys]}
    result.values = {key: value for key, value in group.items() if value is not None}
    direction = "lower" if indicator.direction == "lower" else "higher"
    result.in_group = standing(area.key, group, direction=direction)
    result.in_country = standing(area.key, national, direction=direction)
    by_peer: dict = {}
    peers = records[np.isin(records["area"], [pk for pk, key in keys.items() if key in wanted])]
    for pk, year, value in zip(
        *(peers[f].tolist() for f in ("area", "year", "value")), strict=True
    ):
        by_peer.setdefault(keys[pk], {})[year] = value
    paces = {key: _pace(by_peer.get(key, {}), result.year, indicator) for key in peer_keys}
    result.improving = [
        (by_key[key], pace) for key, pace in best_improving(paces, direction=direction, count=3)
    ]
    return result


def _records(indicator, keys, as_of) -> np.ndarray:
    """The indicator's yearly values (RECORD: area id, year, value) of the municipalities in
    `keys` (id → key)."""
    if as_of is None and indicator.frequency == "yearly":
        # The current yearly totals of every area are packed in one row (observations/packs.py).
        records = current_packs([indicator.pk])[indicator.pk]
        return records[np.isin(records["area"], list(keys))]
    series = load_series([indicator.pk], list(keys), as_of=as_of)
    rows = [
        (pk, year, value)
        for pk in keys
        if (indicator.pk, pk) in series
        for year, value in series[(indicator.pk, pk)].yearly
    ]
    return np.array(rows, dtype=RECORD)


def _comparable_year(records: np.ndarray, area_id) -> int | None:
    """The area's latest year that other areas have too (else its latest, else anyone's)."""
    years, counts = np.unique(records["year"], return_counts=True)
    count_of = dict(zip(years.tolist(), counts.tolist(), strict=True))
    own = sorted(set(records["year"][records["area"] == area_id].tolist()), reverse=True)
    shared = [year for year in own if count_of[year] > 1]
    if shared:
        return shared[0]
    if own:
        return own[0]
    return max(count_of) if count_of else None


def _pace(values: dict, year: int, indicator) -> float | None:
    """Growth a year over the last five changes up to `year` (None without two values)."""
    years = [y for y in sorted(values) if year - PACE_YEARS <= y <= year]
    progress = assess_progress(
        years,
        [values[y] for y in years],
        direction="lower" if indicator.direction == "lower" else "higher",
    )
    if progress.observed is None or progress.base_value is None:
        return None
    # Signed as the value moves, as in the explanations.
    return progress.observed if progress.base_value > 0 else -progress.observed


def _float(value):
    return None if value is None else float(value)
