"""The statistical overview's arithmetic: groups of municipalities, the ten-year window, and the
numbers of each figure's factual sentence. Pure: numpy arrays in, numbers out.

A figure is a matrix of every municipality's yearly values (rows = municipalities, columns =
years, NaN where there is none). A group's value (a region, a peer group, the whole country) is
made from its members' values by the figure's AGGREGATIONS rule:

- `sum`: counts (residents, jobs, tonnes) add up;
- `weighted`: a figure per resident (loans € per resident) is the group's total over the group's
  residents, i.e. the members' values weighted by their population of the same year:
  Σ(value × population) ÷ Σ population;
- `ratio`: a share or a rate made of two counts (residents aged 0–14 ÷ residents) is the sum of
  the numerators over the sum of the denominators, times a scale (100 for %, 1,000 for ‰);
- `published`: no rule gives the group's figure from its members' (a rate whose denominator is
  not recorded, such as the unemployment rate of the labour force; an age-standardised index):
  only the figure the producer publishes for the group.

Never an unweighted mean of rates. A group has a value in a year only when every member that
should have one has it: a member should from the first to the last year it has any value (a
municipality merged away has none afterwards and is not missing), in a year that is out for
the municipalities at large (COVERAGE). A sum over part of a region would look like a fall.
"""

import math
from dataclasses import dataclass

import numpy as np

AGGREGATIONS = ("sum", "weighted", "ratio", "published")
# A year is out when at least this share as many municipalities have a value in it as in the
# best-covered year: a year in which only a few do (one town's own newer figure) is not out yet
# for the others, and a sum over the few would look like a collapse.
COVERAGE = 0.5
WINDOW = 10  # years: the overview looks at the ten years up to the latest value
# A difference smaller than this share of the values compared is no difference ("the same").
TOLERANCE = 1e-9


def membership(groups: list[list[int]], size: int) -> np.ndarray:
    """Boolean matrix (group × municipality) from each group's member row indices."""
    matrix = np.zeros((len(groups), size), dtype=bool)
    for row, members in enumerate(groups):
        matrix[row, list(members)] = True
    return matrix


def expected(values: np.ndarray) -> np.ndarray:
    """Where each row should have a value: from its first to its last year with one, in the
    years that are out (see COVERAGE); nowhere in a year that is not."""
    present = ~np.isnan(values)
    started = np.cumsum(present, axis=1) > 0
    still = np.cumsum(present[:, ::-1], axis=1)[:, ::-1] > 0
    counts = present.sum(axis=0)
    out = counts >= COVERAGE * counts.max(initial=0)
    return started & still & out[None, :]


def aggregate(
    members: np.ndarray,
    values: np.ndarray,
    *,
    method: str,
    weights: np.ndarray | None = None,
    denominator: np.ndarray | None = None,
    scale: float = 1.0,
    exclude_self: bool = False,
) -> np.ndarray:
    """Each group's value per year (group × year), NaN where the rule gives none.

    members: group × municipality (booleans), or each municipality's group as one label per
    municipality (−1 for none: a partition such as the regions, summed without a matrix
    product); with labels and `exclude_self`, each municipality's group without itself (its
    peers in a partition such as the size classes), one row per municipality.
    values: municipality × year. `weights` (the
    population, municipality × year) for `weighted`; `denominator` for `ratio`, where `values`
    is the numerator. A group lacks a value in a year when a member that should have one
    (see `expected`) lacks what the rule needs, or when no member has a value."""
    if method not in AGGREGATIONS:
        raise ValueError(f"unknown aggregation {method!r}; use one of {', '.join(AGGREGATIONS)}")
    members = np.asarray(members)
    years = values.shape[1]
    if members.ndim == 2:
        groups = members.shape[0]
    else:
        groups = values.shape[0] if exclude_self else int(members.max(initial=-1)) + 1
    if method == "published":
        return np.full((groups, years), np.nan)
    if method == "sum":
        parts = [values]
    elif method == "weighted":
        if weights is None:
            raise ValueError("a weighted aggregation needs the weights (the population)")
        parts = [values, weights]
    else:
        if denominator is None:
            raise ValueError("a ratio needs its denominator")
        parts = [values, denominator]
    should = expected(values)
    lacking = np.zeros_like(should)
    for part in parts:
        lacking |= should & np.isnan(part)
    usable = should & ~lacking
    top = np.where(usable, values * weights if method == "weighted" else values, 0.0)
    columns = [lacking, usable, top]
    if method != "sum":
        columns.append(np.where(usable, weights if method == "weighted" else denominator, 0.0))
    sums = _sums(members, np.hstack(columns, dtype=float), exclude_self=exclude_self)
    incomplete, counted, total = (sums[:, n * years : (n + 1) * years] for n in range(3))
    if method == "sum":
        result = total
    else:
        bottom = sums[:, 3 * years :]
        with np.errstate(divide="ignore", invalid="ignore"):
            result = total / bottom * (scale if method == "ratio" else 1.0)
    result = np.where((incomplete > 0) | (counted == 0), np.nan, result)
    result[~np.isfinite(result)] = np.nan
    return result


def _sums(members, stacked, *, exclude_self):
    """Each group's sums of the stacked columns: one product for a membership matrix; for
    labels, totals per label (minus the municipality's own row with `exclude_self`)."""
    if members.ndim == 2:
        return members.astype(float) @ stacked
    valid = members >= 0
    totals = np.zeros((int(members.max(initial=-1)) + 1, stacked.shape[1]))
    np.add.at(totals, members[valid], stacked[valid])
    if not exclude_self:
        return totals
    result = np.zeros_like(stacked)
    result[valid] = totals[members[valid]] - stacked[valid]
    return result


def medians(values: np.ndarray, groups: list, *, minimum: int = 1) -> np.ndarray:
    """Each group's median per year (group × year), where at least `minimum` members have a
    value: for a figure no sum of members gives, the middle of the group, named as such.

    All groups at once: their values padded with NaN into one (group × member × year) block,
    sorted along the members (NaN last), the median taken at the middle of those present."""
    widest = max((len(g) for g in groups), default=0)
    if widest == 0:
        return np.full((len(groups), values.shape[1]), np.nan)
    index = np.zeros((len(groups), widest), dtype=int)
    present = np.zeros((len(groups), widest), dtype=bool)
    for row, members in enumerate(groups):
        index[row, : len(members)] = list(members)
        present[row, : len(members)] = True
    block = np.where(present[:, :, None], values[index], np.nan)
    block.sort(axis=1)
    count = (~np.isnan(block)).sum(axis=1)
    low = np.take_along_axis(block, (np.maximum(count - 1, 0) // 2)[:, None, :], axis=1)[:, 0]
    high = np.take_along_axis(block, (count // 2)[:, None, :], axis=1)[:, 0]
    enough = count >= max(minimum, 1)
    return np.where(enough, (low + high) / 2, np.nan)


def own_ratio(numerator: np.ndarray, denominator: np.ndarray, scale: float = 1.0) -> np.ndarray:
    """Each municipality's own share or rate (NaN where a part is missing or the base is 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        result = numerator / denominator * scale
    result[~np.isfinite(result)] = np.nan
    return result


def window(years, row, length: int = WINDOW) -> tuple[int, int] | None:
    """(first, last) year of the `length` years up to the row's latest value; None without one."""
    known = [int(y) for y, v in zip(years, row, strict=True) if not math.isnan(v)]
    if not known:
        return None
    last = max(known)
    return last - length + 1, last


@dataclass(frozen=True)
class Change:
    """A series from its first to its last value within a window."""

    first_year: int
    last_year: int
    first: float
    last: float

    @property
    def difference(self) -> float:
        return self.last - self.first

    @property
    def percent(self) -> float | None:
        """Relative change in %; None when it means nothing (a start at or below zero)."""
        if self.first <= 0:
            return None
        return 100.0 * (self.last - self.first) / self.first


def change(years, row, span: tuple[int, int], *, same_years=None) -> Change | None:
    """The first and last values of the row within `span`; with `same_years` (first, last)
    exactly those two years (so that a group is measured over the area's own years)."""
    points = {int(y): float(v) for y, v in zip(years, row, strict=True) if not math.isnan(v)}
    if same_years is not None:
        first, last = same_years
        if first not in points or last not in points:
            return None
    else:
        inside = sorted(y for y in points if span[0] <= y <= span[1])
        if not inside:
            return None
        first, last = inside[0], inside[-1]
    return Change(first, last, points[first], points[last])


def relation(mine: float | None, theirs: float | None) -> str | None:
    """ "higher", "lower" or "same": how `mine` stands beside `theirs` (None without both)."""
    if mine is None or theirs is None or math.isnan(mine) or math.isnan(theirs):
        return None
    if abs(mine - theirs) <= TOLERANCE * max(abs(mine), abs(theirs), 1.0):
        return "same"
    return "higher" if mine > theirs else "lower"


@dataclass(frozen=True)
class Order:
    """How many of the other areas of a group had a higher, the same or a lower value."""

    higher: int
    same: int
    lower: int

    @property
    def others(self) -> int:
        return self.higher + self.same + self.lower


def order_among(mine: float | None, others) -> Order | None:
    """Counts of the others (NaN left out) above, level with and below `mine`."""
    if mine is None or math.isnan(mine):
        return None
    known = [float(v) for v in others if v is not None and not math.isnan(float(v))]
    counts = {"higher": 0, "same": 0, "lower": 0}
    for value in known:
        counts[relation(value, mine)] += 1
    return Order(**counts)


def value_in(years, row, year) -> float | None:
    """The row's value in `year` (None if missing or outside the columns)."""
    for y, v in zip(years, row, strict=True):
        if int(y) == year:
            return None if math.isnan(v) else float(v)
    return None
