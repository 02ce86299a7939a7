"""The engine: treat, normalise, aggregate up the tree, rank. Pure: numpy and scipy only."""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from .definition import Definition, Leaf, check
from .normalise import normalise
from .treat import treat


@dataclass(frozen=True)
class IndexResult:
    """Scores and ranks of every node for every unit of the reference set.

    `scores[code][unit]`: the index at the root code, each group at its code, each indicator's
    normalised score at the indicator's code (None where missing). `ranks[code][unit]`: 1 is
    best; ties share the best rank among them; None where the score is missing.
    `contributions[code][unit]`: how many points of its parent's score a component gives (a
    weighted arithmetic mean only: its weight share among the present components × its
    score; they add up to the parent's score). `coverage[code][unit]`: the share of a group's
    weight present. `treated[indicator]`: points winsorised, or "log" when transformed.
    """

    code: str
    units: tuple[str, ...]
    scores: dict[str, dict[str, float | None]]
    ranks: dict[str, dict[str, int | None]]
    contributions: dict[str, dict[str, float | None]] = field(default_factory=dict)
    coverage: dict[str, dict[str, float]] = field(default_factory=dict)
    treated: dict[str, int | str] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)

    @property
    def index(self) -> dict[str, float | None]:
        return self.scores[self.code]


def _matrix(leaves: list[Leaf], values: Mapping, units: list[str]) -> np.ndarray:
    x = np.full((len(units), len(leaves)), np.nan)
    for i, unit in enumerate(units):
        row = values.get(unit) or {}
        for j, leaf in enumerate(leaves):
            value = row.get(leaf.indicator)
            if value is None:
                continue
            try:
                number = float(value)
            except (TypeError, ValueError):
                continue
            if math.isfinite(number):
                x[i, j] = number
    return x


def ranks_of(scores: np.ndarray) -> np.ndarray:
    """1 = highest score; ties share the best rank among them ("1, 2, 2, 4"); 0 = missing."""
    out = np.zeros(scores.shape, dtype=int)
    present = ~np.isnan(scores)
    if present.any():
        negated = -scores[present]
        out[present] = np.searchsorted(np.sort(negated), negated, side="left") + 1
    return out


def _aggregate(children: np.ndarray, weights: np.ndarray, definition: Definition):
    present = ~np.isnan(children)
    w = np.where(present, weights, 0.0)
    total = w.sum(axis=1)
    coverage = total / weights.sum()
    if definition.missing.method == "none":
        enough = present.all(axis=1)
    else:
        enough = (coverage >= definition.missing.min_coverage) & (total > 0)
    share = np.divide(w, total[:, None], out=np.zeros_like(w), where=total[:, None] > 0)
    filled = np.where(present, children, 0.0)
    if definition.aggregation == "geometric":
        if (filled[present] <= 0).any():
            raise ValueError("a geometric mean met a score of zero or below")
        logs = np.where(present, np.log(np.where(present, children, 1.0)), 0.0)
        score = np.exp((share * logs).sum(axis=1))
        contributions = np.full(children.shape, np.nan)
    else:
        contributions = share * filled
        score = contributions.sum(axis=1)
        contributions = np.where(present & enough[:, None], contributions, np.nan)
    score = np.where(enough, score, np.nan)
    return score, contributions, coverage


def treat_all(definition: Definition, x: np.ndarray):
    """`x` with each column treated for outliers, and what was done to each indicator."""
    out, treated = x.copy(), {}
    for j, leaf in enumerate(definition.leaves()):
        result = treat(x[:, j], definition.treatment)
        treated[leaf.code] = "log" if result.transformed else result.points
        out[:, j] = result.values
    return out, treated


def compute_arrays(definition: Definition, x: np.ndarray):
    """The node scores as arrays (columns of `x` in `definition.leaves()` order)."""
    treated_x, treated = treat_all(definition, x)
    scores = normalise_all(definition, treated_x)
    return (*aggregate_all(definition, scores), treated)


def normalise_all(definition: Definition, treated_x: np.ndarray) -> dict[str, np.ndarray]:
    return {
        leaf.code: normalise(treated_x[:, j], leaf, definition.normalisation)
        for j, leaf in enumerate(definition.leaves())
    }


def aggregate_all(definition: Definition, leaf_scores: dict[str, np.ndarray]):
    """Every group's score from its components', bottom up; with contributions and coverage."""
    scores, contributions, coverage = dict(leaf_scores), {}, {}
    for group in definition.groups():
        children = np.column_stack([scores[c.code] for c in group.components])
        weights = np.array([c.weight for c in group.components])
        score, parts, share = _aggregate(children, weights, definition)
        scores[group.code] = score
        coverage[group.code] = share
        for k, child in enumerate(group.components):
            contributions[child.code] = parts[:, k]
    return scores, contributions, coverage


def _plain(array: np.ndarray, units) -> dict[str, float | None]:
    return {u: (None if math.isnan(v) else float(v)) for u, v in zip(units, array, strict=True)}


def compute(definition: Mapping, values: Mapping[str, Mapping[str, float | None]]):
    """Every unit's index, sub-indices, normalised indicator scores and ranks for one year.

    `definition` is the index's block of the strategy file as a plain mapping (see
    indices/definition.py), `values[unit][indicator]` the raw values of every unit of the
    reference set. Raises IndexDefinitionError for a definition that cannot be computed.
    """
    typed = definition if isinstance(definition, Definition) else check(definition)
    units = sorted(values)
    x = _matrix(typed.leaves(), values, units)
    scores, contributions, coverage, treated = compute_arrays(typed, x)
    parents = {c.code: g.code for g in typed.groups() for c in g.components}
    return IndexResult(
        code=typed.root.code,
        units=tuple(units),
        scores={code: _plain(s, units) for code, s in scores.items()},
        ranks={
            code: {u: (int(r) or None) for u, r in zip(units, ranks_of(s), strict=True)}
            for code, s in scores.items()
        },
        contributions={code: _plain(c, units) for code, c in contributions.items()},
        coverage={code: _plain(c, units) for code, c in coverage.items()},
        treated=treated,
        parents=parents,
    )


def carry_forward(
    by_year: Mapping[int, Mapping[str, Mapping[str, float | None]]], years: int
) -> dict[int, dict[str, dict[str, float | None]]]:
    """Each year's values with a missing value replaced by the same unit's last value of at
    most `years` years before (the definition's `missing.carry_forward`)."""
    out: dict[int, dict[str, dict[str, float | None]]] = {}
    last: dict[str, dict[str, tuple[int, float]]] = {}
    for year in sorted(by_year):
        out[year] = {}
        for unit, row in by_year[year].items():
            seen = last.setdefault(unit, {})
            for indicator, value in row.items():
                if value is not None:
                    seen[indicator] = (year, value)
            filled = dict(row)
            for indicator, (when, value) in seen.items():
                if filled.get(indicator) is None and year - when <= years:
                    filled[indicator] = value
            out[year][unit] = filled
    return out


def compute_years(definition: Mapping, by_year: Mapping[int, Mapping]) -> dict[int, IndexResult]:
    """`compute` for every year, a missing value carried forward as the definition allows."""
    typed = definition if isinstance(definition, Definition) else check(definition)
    if typed.missing.carry_forward:
        by_year = carry_forward(by_year, typed.missing.carry_forward)
    return {year: compute(typed, by_year[year]) for year in sorted(by_year)}


def movers(before: IndexResult, after: IndexResult, unit: str, code: str | None = None):
    """What moved a node's score for `unit` from one year to the next: its direct components
    with the change of their contribution in points, largest change first. A component missing
    in either year is left out. Arithmetic aggregation only (a geometric mean's parts do not
    add up: the change of each component's normalised score is given instead)."""
    code = code or after.code
    children = [c for c, parent in after.parents.items() if parent == code]
    moves = []
    for child in children:
        a = before.contributions.get(child, {}).get(unit)
        b = after.contributions.get(child, {}).get(unit)
        if a is None or b is None:
            a = before.scores.get(child, {}).get(unit)
            b = after.scores.get(child, {}).get(unit)
        if a is not None and b is not None:
            moves.append((child, b - a))
    return sorted(moves, key=lambda move: -abs(move[1]))
