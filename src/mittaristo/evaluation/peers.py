"""Peers: which municipalities to compare with, and where an area stands among them.

A peer group is one of:
- `size_class`: the municipalities of the same size class (Statistics Finland's classes);
- `region`: the municipalities of the same region (maakunta);
- `similar`: the N municipalities most like it by population and structure, the distance being
  Euclidean over the logarithm of population and the share of jobs per resident (each
  standardised over all municipalities), the way regional statisticians pick comparison areas.

Rank 1 is the best in the indicator's direction. The percentile is the share of the other
areas of the group that the area is better than (100 = best, 0 = worst; ties count half).
"""

import math
import statistics
from dataclasses import dataclass

METHODS = ("size_class", "region", "similar")


@dataclass(frozen=True)
class AreaFacts:
    code: str
    population: float | None = None
    jobs: float | None = None
    size_class: str = ""
    region: str = ""


@dataclass(frozen=True)
class Standing:
    rank: int | None  # 1 = best; None when the area has no value
    count: int  # areas of the group with a value, the area included
    percentile: float | None
    median: float | None


def peer_group(code: str, areas, *, method: str = "similar", size: int = 10) -> list[str]:
    """The codes of the peers of area `code` among `areas` (AreaFacts), itself excluded."""
    if method not in METHODS:
        raise ValueError(f"unknown peer method {method!r}; use one of {', '.join(METHODS)}")
    by_code = {a.code: a for a in areas}
    me = by_code.get(code)
    if me is None:
        return []
    others = [a for a in areas if a.code != code]
    if method == "size_class":
        return sorted(a.code for a in others if me.size_class and a.size_class == me.size_class)
    if method == "region":
        return sorted(a.code for a in others if me.region and a.region == me.region)
    features = {a.code: _features(a) for a in areas}
    if features[code] is None:
        return []
    usable = [a for a in others if features[a.code] is not None]
    scale = [_spread([features[a.code][i] for a in (*usable, me)]) for i in range(2)]

    def distance(a):
        return math.dist(
            [features[a.code][i] / scale[i] for i in range(2)],
            [features[code][i] / scale[i] for i in range(2)],
        )

    return [a.code for a in sorted(usable, key=lambda a: (distance(a), a.code))[:size]]


def can_group(code: str, areas, *, method: str) -> bool:
    """Whether the data give area `code` what `method` groups by: a size class, a region, or
    population and jobs. When not, `peer_group` is empty for want of facts, not of peers."""
    me = next((a for a in areas if a.code == code), None)
    if me is None:
        return False
    if method == "size_class":
        return bool(me.size_class)
    if method == "region":
        return bool(me.region)
    return _features(me) is not None


def standing(code: str, values: dict, *, direction: str) -> Standing:
    """Where area `code` stands among `values` (code → value; None and NaN are left out)."""
    known = {c: float(v) for c, v in values.items() if v is not None and not math.isnan(float(v))}
    median = statistics.median(known.values()) if known else None
    mine = known.get(code)
    if mine is None:
        return Standing(None, len(known), None, median)
    sign = 1 if direction == "higher" else -1
    better = sum(1 for v in known.values() if sign * (v - mine) > 0)
    ties = sum(1 for v in known.values() if v == mine) - 1
    others = len(known) - 1
    percentile = 100.0 * (others - better - ties / 2) / others if others else None
    return Standing(better + 1, len(known), percentile, median)


def best_improving(paces: dict, *, direction: str, count: int = 3) -> list[tuple[str, float]]:
    """The `count` areas whose yearly change (code → growth a year) is best in `direction`."""
    sign = 1 if direction == "higher" else -1
    known = [(c, float(p)) for c, p in paces.items() if p is not None and math.isfinite(float(p))]
    return sorted(known, key=lambda item: (-sign * item[1], item[0]))[:count]


def _features(area: AreaFacts):
    if not area.population or area.population <= 0 or area.jobs is None:
        return None
    return (math.log(area.population), area.jobs / area.population)


def _spread(values) -> float:
    spread = statistics.pstdev(values) if len(values) > 1 else 0.0
    return spread or 1.0


# Statistics Finland's grouping of municipalities by number of inhabitants (population structure,
# appendix table 1 of the yearly review): -999, 1 000-2 999, 3 000-4 999, 5 000-6 999,
# 7 000-8 999, 9 000-11 999, 12 000-19 999, 20 000-49 999, 50 000-99 999, 100 000-.
SIZE_CLASS_LOWER_BOUNDS = (1_000, 3_000, 5_000, 7_000, 9_000, 12_000, 20_000, 50_000, 100_000)


def size_class(population) -> int | None:
    """The size class (1-10) of a municipality of `population` inhabitants; None if unknown."""
    if population is None or population != population or population < 0:
        return None
    return 1 + sum(population >= bound for bound in SIZE_CLASS_LOWER_BOUNDS)
