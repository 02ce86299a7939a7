"""The statistical overview's numbers for every municipality at once: read in a fixed number of
queries, aggregated with matrices (evaluation/overview.py).

`national_figures(strategy, as_of=...)` reads the strategy's indicators that give the key
figures (overview_figures.py), every area's yearly values (the packs, or as known on a date),
the municipalities with their regions and peer groups (monitoring/peers: the size class, as the
evaluation record compares), and makes for each shown figure four matrices over the same
years: the municipalities' own values, and each municipality's peer group, region and the
whole country. Region and country take the figure the source publishes for them where there
is one, and the aggregation of the members otherwise (each year says which).
"""

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from mittaristo.core.models import Area
from mittaristo.evaluation import overview as calc
from mittaristo.evaluation.peers import MIN_AREAS, peer_group
from mittaristo.monitoring.national import yearly_matrix
from mittaristo.monitoring.peers import area_facts
from mittaristo.observations.models import Observation
from mittaristo.sources.models import FetchRecord
from mittaristo.strategy.shared import data_ids, readers_of

from .overview_figures import FIGURES, POPULATION, find_indicators

PEER_METHOD = "size_class"


@dataclass
class Reference:
    """A group's series: the values (NaN = none) and, per year, whether the source published
    it (True) or it is the members' aggregation (False)."""

    values: np.ndarray
    published: np.ndarray


@dataclass
class FigureData:
    figure: object  # overview_figures.Figure
    indicators: list  # the indicators read (the figure's own, or a ratio's two parts)
    own: np.ndarray  # municipality × year
    peers: np.ndarray  # municipality × year: the aggregation (or median) of its peers
    peers_median: bool  # True when the peers' value is their median (a published-only figure)
    region: dict  # region row → Reference over the years
    country: Reference
    example: bool = False  # some value read is example data
    sources: list = field(default_factory=list)  # FetchRecords of the values read


@dataclass
class National:
    years: np.ndarray
    municipalities: list  # area ids, in row order
    keys: list  # "KU111", in row order
    row_of: dict  # area id → row
    region_of: list  # row → region row or None
    regions: list  # region area ids, in region row order
    peers: list  # row → the rows of its peers
    figures: list  # FigureData of the figures some indicator gives
    missing: list  # Figures no indicator gives, with the reason
    found: dict  # figure or part code → indicator
    region_areas: dict = field(default_factory=dict)  # region id → Area
    as_of: dt.date | None = None


def national_figures(strategy, *, as_of=None) -> National:
    """Every municipality's key figures beside its peers, region and country (see module)."""
    found = find_indicators(strategy.indicators.order_by("pk"))
    matrix = yearly_matrix([i.pk for i in found.values()], as_of=as_of)
    areas = list(Area.objects.values_list("pk", "kind", "code", "region_id"))
    municipalities = sorted(
        (a for a in areas if a[1] == Area.Kind.MUNICIPALITY), key=lambda a: a[2]
    )
    regions = sorted((a for a in areas if a[1] == Area.Kind.REGION), key=lambda a: a[2])
    country = next((a[0] for a in areas if a[1] == Area.Kind.COUNTRY), None)
    row_of = {a[0]: n for n, a in enumerate(municipalities)}
    region_row = {a[0]: n for n, a in enumerate(regions)}
    years = matrix.years if matrix.keys else np.array([], dtype=int)
    size, count = len(municipalities), len(years)

    # Each indicator's values as municipality × year, and its region and country rows.
    own, published_regions, published_country = {}, {}, {}
    index = {key: n for n, key in enumerate(matrix.keys)}
    for code, indicator in found.items():
        rows = np.full((size, count), np.nan)
        regional = np.full((len(regions), count), np.nan)
        for (pk, area), n in index.items():
            if pk != indicator.pk:
                continue
            if area in row_of:
                rows[row_of[area]] = matrix.values[n]
            elif area in region_row:
                regional[region_row[area]] = matrix.values[n]
            elif area == country:
                published_country[code] = matrix.values[n]
        own[code], published_regions[code] = rows, regional
        published_country.setdefault(code, np.full(count, np.nan))

    facts = area_facts()
    listed = list(facts.values())
    facts_by_key = {f.code: f for f in listed}
    keys = [Area.key_of(a[1], a[2]) for a in municipalities]
    by_key = {key: n for n, key in enumerate(keys)}
    peers = [
        [by_key[k] for k in peer_group(key, listed, method=PEER_METHOD) if k in by_key]
        for key in keys
    ]
    region_of = [region_row.get(a[3]) for a in municipalities]
    # The groups as labels (sums without a matrix product): each municipality's region; its
    # size class, whose other members are its peers (peer_group's `size_class`).
    classes = {key: facts_by_key[key].size_class for key in keys if key in facts_by_key}
    numbers = {c: n for n, c in enumerate(sorted({c for c in classes.values() if c}))}
    memberships = {
        "peers": np.array([numbers.get(classes.get(key), -1) for key in keys], dtype=int),
        "regions": np.array([-1 if r is None else r for r in region_of], dtype=int),
        "country": np.zeros(size, dtype=int),
    }
    examples = _example_indicators(found)
    sources = _sources(found)
    figures, missing = [], []
    for figure in FIGURES:
        parts = _parts(figure, found)
        if parts is None:
            missing.append(figure)
            continue
        factor = _factor(figure, found[parts[0]])
        data = _figure(
            figure, parts, own, published_regions, published_country, memberships, peers, factor
        )
        data.indicators = [found[code] for code in parts]
        data.example = any(i.pk in examples for i in data.indicators)
        data.sources = [r for i in data.indicators for r in sources.get(i.pk, [])]
        figures.append(data)
    return National(
        years=years,
        municipalities=[a[0] for a in municipalities],
        keys=keys,
        row_of=row_of,
        region_of=region_of,
        regions=[a[0] for a in regions],
        peers=peers,
        figures=figures,
        missing=missing,
        found=found,
        region_areas=Area.objects.in_bulk([a[0] for a in regions]),
        as_of=as_of,
    )


def _parts(figure, found):
    """The codes the figure is read from, or None when an indicator is lacking."""
    if figure.aggregation == "ratio":
        codes = [figure.numerator, figure.denominator]
    else:
        codes = [figure.code]
    if figure.aggregation == "weighted":
        codes.append(POPULATION)
    return codes if all(c in found for c in codes) else None


def _figure(figure, parts, own, regional, national, memberships, peers, factor) -> FigureData:
    method = figure.aggregation
    values, weights, denominator, scale = own[parts[0]], None, None, figure.scale
    if method == "ratio":
        values = own[parts[0]] * factor
        denominator = own[parts[1]]
        shown = calc.own_ratio(values, denominator, scale)
    elif method == "weighted":
        weights = own[parts[1]]
        shown = values
    else:
        shown = values

    def aggregated(members, **extra):
        return calc.aggregate(
            members,
            values,
            method=method,
            weights=weights,
            denominator=denominator,
            scale=scale,
            **extra,
        )

    def published(rows):
        if method == "ratio":
            return calc.own_ratio(rows[parts[0]] * factor, rows[parts[1]], scale)
        return rows[parts[0]]

    def combine(pub, agg):
        return Reference(np.where(np.isnan(pub), agg, pub), ~np.isnan(pub))

    region_pub = published(regional)
    region_agg = np.full(region_pub.shape, np.nan)
    summed = aggregated(memberships["regions"])  # rows up to the last region with members
    region_agg[: summed.shape[0]] = summed
    country_pub = published({k: v[None, :] for k, v in national.items()})[0]
    country_agg = aggregated(memberships["country"])[0]
    median = method == "published"
    peer_values = (
        calc.medians(shown, peers, minimum=MIN_AREAS)
        if median
        else aggregated(memberships["peers"], exclude_self=True)
    )
    return FigureData(
        figure=figure,
        indicators=[],
        own=shown,
        peers=peer_values,
        peers_median=median,
        region={r: combine(region_pub[r], region_agg[r]) for r in range(region_pub.shape[0])},
        country=combine(country_pub, country_agg),
    )


def _factor(figure, numerator) -> float:
    """A ratio's numerator back in its source's unit (Figure.source_factor over the binding's
    own `scale`, which the stored values carry); 1 when the figure names no source unit."""
    if not figure.source_factor:
        return 1.0
    return figure.source_factor / float((numerator.binding or {}).get("scale", 1) or 1)


def _example_indicators(found) -> set:
    """Ids of the indicators some current value of which is example data (one query)."""
    readers = readers_of(data_ids(i.pk for i in found.values()))
    examples = (
        Observation.objects.filter(
            indicator_id__in=list(readers), superseded_at__isnull=True, is_example=True
        )
        .values_list("indicator_id", flat=True)
        .distinct()
    )
    return {pk for data_id in examples for pk in readers[data_id]}


def _sources(found) -> dict:
    """Indicator id → the FetchRecords its current values name (two queries)."""
    readers = readers_of(data_ids(i.pk for i in found.values()))
    refs = (
        Observation.objects.filter(indicator_id__in=list(readers), superseded_at__isnull=True)
        .exclude(source_ref="")
        .values_list("indicator_id", "source_ref")
        .distinct()
    )
    pairs = [(pk, ref) for data_id, ref in refs for pk in readers[data_id]]
    records = FetchRecord.for_source_refs({ref for _pk, ref in pairs})
    result: dict = {}
    for pk, ref in pairs:
        record = records.get(ref)
        if record is not None and record not in result.setdefault(pk, []):
            result[pk].append(record)
    return result
