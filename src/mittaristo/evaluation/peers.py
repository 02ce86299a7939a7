"""Peers: which municipalities to compare with, and where an area stands among them.

A peer group is one of:
- `size_class`: the municipalities of the same size class (Statistics Finland's classes);
- `region`: the municipalities of the same region (maakunta);
- `similar`: the N municipalities most like it by population and structure, the distance being
  Euclidean over the logarithm of population and the share of jobs per resident (each
  standardised over all municipalities), the way regional statisticians pick comparison areas.

What is compared (`compared_values`) is one of MEASURES:
- `level`: the value itself (rates, shares, indices, figures already per resident);
- `per_resident`: the value per 1,000 residents of the same area and year, so that a count
  (jobs, overnight stays) of towns of different size can be compared;
- `change`: the average growth a year over the CHANGE_YEARS years up to the year compared,
  (value in year ÷ value CHANGE_YEARS years before)^(1 / CHANGE_YEARS) − 1.
An area without what the measure needs (a value, a population, both ends of the window, values
above zero for a growth rate) is left out of that year.

The year compared (`comparison_year`) is the latest year in which the area has a value and at
least half of the group, and at least MIN_AREAS areas, have one: a rank among two or three is
not a comparison.

Rank 1 is the best in the indicator's direction. The percentile is the share of the other
areas of the group that the area is better than (100 = best, 0 = worst; ties count half).
For a `range` indicator "better" is nearer the band (low, high): the distance is zero inside it,
so every area inside the band shares the best rank.
"""

import math
import statistics
from dataclasses import dataclass

METHODS = ("size_class", "region", "similar")
MEASURES = ("level", "per_resident", "change")
MIN_AREAS = 5  # the fewest areas with a value that make a comparison
CHANGE_YEARS = 5  # the window of the `change` measure


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


def standing(code: str, values: dict, *, direction: str, band=None) -> Standing:
    """Where area `code` stands among `values` (code → value; None and NaN are left out).

    `direction` is "higher", "lower" or "range"; a range needs `band` (low, high), and ranks
    by the distance from it. The median is of the values themselves."""
    known = {c: float(v) for c, v in values.items() if v is not None and not math.isnan(float(v))}
    median = statistics.median(known.values()) if known else None
    mine = known.get(code)
    if mine is None:
        return Standing(None, len(known), None, median)
    if direction == "range":
        if band is None:
            raise ValueError("a range indicator is ranked by its band: give band=(low, high)")
        low, high = sorted(float(b) for b in band)
        # Negated distance from the band, so that higher is better as below.
        known = {c: -max(low - v, v - high, 0.0) for c, v in known.items()}
        mine, sign = known[code], 1
    else:
        sign = 1 if direction == "higher" else -1
    better = sum(1 for v in known.values() if sign * (v - mine) > 0)
    ties = sum(1 for v in known.values() if v == mine) - 1
    others = len(known) - 1
    percentile = 100.0 * (others - better - ties / 2) / others if others else None
    return Standing(better + 1, len(known), percentile, median)


def compared_values(
    measure: str, values: dict, *, population: dict | None = None, years: int = CHANGE_YEARS
) -> dict[str, dict[int, float]]:
    """Code → {year: the compared value} from `values` (code → {year: value}).

    `population` (code → {year: residents}) is what `per_resident` divides by, the same year's;
    `years` is the window of `change`. Area-years without what the measure needs are left out."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; use one of {', '.join(MEASURES)}")
    result = {}
    for code, series in values.items():
        known = {y: float(v) for y, v in series.items() if v is not None}
        known = {y: v for y, v in known.items() if math.isfinite(v)}
        if measure == "level":
            compared = known
        elif measure == "per_resident":
            people = (population or {}).get(code, {})
            compared = {
                y: 1000.0 * v / float(people[y])
                for y, v in known.items()
                if people.get(y) is not None and float(people[y]) > 0
            }
        else:
            compared = {y: g for y in known if (g := yearly_growth(known, y, years)) is not None}
        if compared:
            result[code] = compared
    return result


def yearly_growth(series: dict, year: int, years: int = CHANGE_YEARS) -> float | None:
    """The average growth a year from `year` − `years` to `year`; None unless both values are
    known and above zero (a growth rate has no meaning otherwise)."""
    start, end = series.get(year - years), series.get(year)
    if start is None or end is None or start <= 0 or end <= 0:
        return None
    return (end / start) ** (1 / years) - 1


def comparison_year(available: dict, members, *, own: str, minimum: int = MIN_AREAS):
    """The latest year in which `own` has a value and at least half of `members` (the group,
    `own` included), and at least `minimum` of them, have one; None when no year does.

    available: code → the years in which that area has a compared value."""
    for year in sorted(available.get(own, ()), reverse=True):
        if is_comparable(available, members, year, minimum=minimum, also=own):
            return year
    return None


def is_comparable(available: dict, members, year: int, *, minimum: int = MIN_AREAS, also=None):
    """Whether at least half of `members` (with `also`, when given), and at least `minimum`
    of them, have a value in `year` (available: code → years with a value)."""
    members = set(members) | ({also} if also is not None else set())
    have = sum(1 for m in members if year in available.get(m, ()))
    return have >= max(minimum, math.ceil(len(members) / 2))


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
