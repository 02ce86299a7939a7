"""Peer comparison from the database: where an area stands among its peers and in Finland.

Reads one indicator's total values for every area in one query, then hands plain numbers to
`mittaristo.evaluation.peers`. The year compared is the area's latest year with a value that
other municipalities have too (figures for every municipality come later than a city's own).
"""

from dataclasses import dataclass, field

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
from mittaristo.observations.packs import current_packs

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
    by_area = _values_by_area(indicator, keys, as_of)
    result = PeerComparison(indicator, area, method, _comparable_year(by_area, area.key))
    result.applicable = can_group(area.key, facts, method=method)
    wanted = set(peer_keys)
    by_key = {
        a.key: a
        for a in Area.objects.filter(pk__in=[pk for pk, key in keys.items() if key in wanted])
    }
    result.peers = [by_key[k] for k in peer_keys if k in by_key]
    if result.year is None:
        return result
    national = {key: values.get(result.year) for key, values in by_area.items()}
    group = {key: national.get(key) for key in [area.key, *peer_keys]}
    result.values = {key: value for key, value in group.items() if value is not None}
    direction = "lower" if indicator.direction == "lower" else "higher"
    result.in_group = standing(area.key, group, direction=direction)
    result.in_country = standing(area.key, national, direction=direction)
    paces = {key: _pace(by_area.get(key, {}), result.year, indicator) for key in peer_keys}
    result.improving = [
        (by_key[key], pace) for key, pace in best_improving(paces, direction=direction, count=3)
    ]
    return result


def _values_by_area(indicator, keys, as_of) -> dict:
    """Area key → {year: value} of the indicator, for every municipality (`keys`: id → key)
    that has values."""
    if as_of is None and indicator.frequency == "yearly":
        # The current yearly totals of every area are packed in one row (observations/packs.py).
        records = current_packs([indicator.pk])[indicator.pk]
        by_area: dict = {}
        for area, year, value in zip(
            records["area"].tolist(),
            records["year"].tolist(),
            records["value"].tolist(),
            strict=True,
        ):
            if area in keys:
                by_area.setdefault(keys[area], {})[year] = value
        return by_area
    series = load_series([indicator.pk], list(keys), as_of=as_of)
    return {
        key: dict(series[(indicator.pk, pk)].yearly)
        for pk, key in keys.items()
        if (indicator.pk, pk) in series
    }


def _comparable_year(by_area: dict, key: str) -> int | None:
    """The area's latest year that other areas have too (else its latest, else anyone's)."""
    counts: dict = {}
    for values in by_area.values():
        for year in values:
            counts[year] = counts.get(year, 0) + 1
    own = sorted(by_area.get(key, {}), reverse=True)
    shared = [year for year in own if counts[year] > 1]
    if shared:
        return shared[0]
    if own:
        return own[0]
    return max(counts) if counts else None


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
