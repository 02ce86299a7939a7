"""Peer comparison from the database: where an area stands among its peers and in Finland.

Reads one indicator's total values for every area in one query (and, for a comparison per
resident, the population's), then hands plain numbers to `mittaristo.evaluation.peers`: the
measure the indicator is compared by (`Indicator.compare`), the year compared (the latest in
which at least half of the group, and at least five municipalities, have a value), and the
rank, percentile and median in that year.
"""

from dataclasses import dataclass, field

import numpy as np

from mittaristo.core.models import Area
from mittaristo.evaluation import assess_progress
from mittaristo.evaluation.peers import (
    CHANGE_YEARS,
    AreaFacts,
    Standing,
    best_improving,
    can_group,
    compared_values,
    comparison_year,
    is_comparable,
    peer_group,
    standing,
)
from mittaristo.observations.packs import RECORD, current_packs
from mittaristo.strategy.bindings import DEFAULT_POPULATION
from mittaristo.strategy.models import Indicator

from .series import load_series

# The years over which "best improving" measures the pace: the last five changes.
PACE_YEARS = 5


@dataclass
class PeerComparison:
    indicator: object
    area: Area
    method: str
    year: int | None  # the year compared; None when no year is comparable
    applicable: bool = True  # False when the data lack what the method groups by
    peers: list = field(default_factory=list)  # the peer areas, the area itself excluded
    in_group: Standing | None = None  # among the peers and the area
    in_country: Standing | None = None  # among all municipalities; None if too few values
    values: dict = field(default_factory=dict)  # area code → compared value in `year` (group)
    improving: list = field(default_factory=list)  # [(Area, growth a year)], best first
    measure: str = "level"  # Indicator.compare: level, per_resident or change
    window: int | None = None  # `change`: the years of the window
    # `per_resident`: "same_year" (the population series of the year compared) or "latest"
    # (each area's one stored population, `Area.population`: no series in the data).
    population: str | None = None
    band: tuple | None = None  # a range indicator ranked by its distance from (low, high)
    ranked: bool = True  # False for a range indicator that cannot be ranked (no band in
    # the unit compared): the group's count and median are still given
    group_size: int = 0  # the area and its peers
    country_size: int = 0  # the municipalities
    reported: int = 0  # municipalities other than the area with any value of the indicator


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
    """Rank, percentile and median of `area` among its peers and all municipalities, on the
    measure the indicator is compared by, in the year compared.

    `facts`: the AreaFacts to group by (default: `area_facts()`). Only the peers are read as
    `Area` objects."""
    municipalities = area_facts()
    keys = {pk: f.code for pk, f in municipalities.items()}
    facts = facts if facts is not None else list(municipalities.values())
    peer_keys = peer_group(area.key, facts, method=method, size=size)
    records = _records(indicator, keys, as_of)
    raw = _by_area(records, keys)
    measure = indicator.compare or "level"
    result = PeerComparison(indicator, area, method, None, measure=measure)
    result.applicable = can_group(area.key, facts, method=method)
    result.group_size, result.country_size = 1 + len(peer_keys), len(keys)
    result.reported = sum(1 for key in raw if key != area.key)
    wanted = set(peer_keys)
    by_key = {
        a.key: a
        for a in Area.objects.filter(pk__in=[pk for pk, key in keys.items() if key in wanted])
    }
    result.peers = [by_key[k] for k in peer_keys if k in by_key]
    population = None
    if measure == "per_resident":
        population, result.population = _population(indicator, keys, municipalities, raw, as_of)
    elif measure == "change":
        result.window = CHANGE_YEARS
    compared = compared_values(measure, raw, population=population, years=CHANGE_YEARS)
    available = {key: set(series) for key, series in compared.items()}
    group = [area.key, *peer_keys]
    # Without peers the whole country is the group the year is chosen by.
    result.year = comparison_year(
        available, group if peer_keys else list(keys.values()), own=area.key
    )
    direction, result.band, result.ranked = _direction(indicator, measure)
    if result.year is None:
        return result
    year = result.year

    def place(values):
        if result.ranked:
            return standing(area.key, values, direction=direction, band=result.band)
        unranked = standing(area.key, values, direction="higher")
        return Standing(None, unranked.count, None, unranked.median)

    in_year = {key: series.get(year) for key, series in compared.items()}
    if peer_keys:
        values = {key: in_year.get(key) for key in group}
        result.values = {key: value for key, value in values.items() if value is not None}
        result.in_group = place(values)
    else:
        result.values = {area.key: in_year[area.key]}
    if is_comparable(available, keys.values(), year):
        result.in_country = place(in_year)
    if direction != "range":
        paces = {key: _pace(raw.get(key, {}), year, direction) for key in peer_keys}
        result.improving = [
            (by_key[key], pace)
            for key, pace in best_improving(paces, direction=direction, count=3)
            if key in by_key
        ]
    return result


def _direction(indicator, measure) -> tuple[str, tuple | None, bool]:
    """(direction, band, ranked): a range indicator is ranked by its distance from its band
    only when it is compared by level, the unit the band is in, and the band is set."""
    if indicator.direction == "lower":
        return "lower", None, True
    if indicator.direction != "range":
        return "higher", None, True
    low, high = indicator.range_min, indicator.range_max
    if measure != "level" or low is None or high is None:
        return "range", None, False
    return "range", (float(low), float(high)), True


def _population(indicator, keys, municipalities, raw, as_of):
    """(code → {year: residents}, basis) for a comparison per 1,000 residents.

    The population series is the indicator of the same strategy bound to the population
    31.12. that per-resident bindings divide by (Sotkanet 127, strategy/bindings.py), each
    year's own. Without one, each area's one stored population (`Area.population`, the latest
    `load-areas` saw) stands for every year, and the basis says so."""
    series = _population_indicator(indicator)
    if series is not None:
        return _by_area(_records(series, keys, as_of), keys), "same_year"
    people = {f.code: f.population for f in municipalities.values() if f.population}
    return {
        key: dict.fromkeys(values, people[key]) for key, values in raw.items() if key in people
    }, "latest"


def _population_indicator(indicator):
    """The yearly indicator of `indicator`'s strategy holding the population 31.12., if any."""
    for candidate in Indicator.objects.filter(
        strategy_id=indicator.strategy_id, frequency=Indicator.Frequency.YEARLY
    ).only("pk", "binding", "frequency", "series"):
        binding = candidate.binding or {}
        if (
            binding.get("source") == DEFAULT_POPULATION["source"]
            and str(binding.get("indicator")) == str(DEFAULT_POPULATION["indicator"])
            and binding.get("gender", "total") == "total"
            and "scale" not in binding
        ):
            return candidate
    return None


def _by_area(records, keys) -> dict[str, dict[int, float]]:
    """Area code → {year: value} of RECORD rows."""
    result: dict = {}
    for pk, year, value in zip(
        *(records[f].tolist() for f in ("area", "year", "value")), strict=True
    ):
        result.setdefault(keys[pk], {})[year] = value
    return result


def _records(indicator, keys, as_of) -> np.ndarray:
    """The indicator's yearly values (RECORD: area id, year, value) of the municipalities in
    `keys` (id → key)."""
    if as_of is None and indicator.frequency == "yearly":
        # The current yearly totals of every area are packed in one row (observations/packs.py).
        # A bound indicator's are its national series' (strategy/shared.py).
        records = current_packs([indicator.data_id])[indicator.data_id]
        return records[np.isin(records["area"], list(keys))]
    series = load_series([indicator.pk], list(keys), as_of=as_of)
    rows = [
        (pk, year, value)
        for pk in keys
        if (indicator.pk, pk) in series
        for year, value in series[(indicator.pk, pk)].yearly
    ]
    return np.array(rows, dtype=RECORD)


def _pace(values: dict, year: int, direction: str) -> float | None:
    """Growth a year over the last five changes up to `year` (None without two values)."""
    years = [y for y in sorted(values) if year - PACE_YEARS <= y <= year]
    progress = assess_progress(years, [values[y] for y in years], direction=direction)
    if progress.observed is None or progress.base_value is None:
        return None
    # Signed as the value moves, as in the explanations.
    return progress.observed if progress.base_value > 0 else -progress.observed


def _float(value):
    return None if value is None else float(value)
