"""A composite index explained for one area: the IndexRecord of an index's indicator.

For the latest year in which the area has a value of the index (as known on `as_of`): the
index's value and rank among the areas of its reference set, each component's (sub-index and
indicator) raw value, normalised score, weight and contribution, what moved the index since
the area's previous year, and how firm the rank is: the engine's Monte Carlo analysis
(indices/sensitivity.py, a fixed seed, 1,000 runs), which costs about half a second for 300
areas (docs/performance.md), so the live pages cache it (web/cache.py) and a published round
keeps it in its record. The engine does the arithmetic; this reads the database
(monitoring/indices.py) and writes the words (monitoring/index_text.py).
"""

from decimal import Decimal

from mittaristo.core.models import Area
from mittaristo.indices import (
    Definition,
    IndexDefinitionError,
    carry_forward,
    compute,
    movers,
    sensitivity,
)
from mittaristo.indices.definition import Group, Leaf

from ..index_text import method_text, rank_sentence
from ..indices import DEFAULT_REFERENCE, definition_of, definition_version, index_inputs
from .languages import in_languages
from .schema import (
    IndexComponentRecord,
    IndexMoverRecord,
    IndexRecord,
    IndexSensitivityRecord,
)

RUNS = 1000
SEED = 20220516  # the engine's default: the same seed gives the same interval
SPREAD = 0.25


def index_record(indicator, area, *, as_of=None, runs: int = RUNS) -> IndexRecord | None:
    """The explanation of the index `indicator` for `area` (None if it is not an index)."""
    if not indicator.index:
        return None
    try:
        definition = definition_of(indicator)
    except IndexDefinitionError as error:  # the strategy file's check refuses it; said, not hidden
        return IndexRecord(
            definition_version=definition_version(indicator.index),
            reference=str(indicator.index.get("reference", DEFAULT_REFERENCE)),
            normalisation="",
            aggregation="",
            problems=error.problems,
        )
    by_year = index_inputs(indicator, as_of=as_of)
    filled = by_year
    if definition.missing.carry_forward:
        filled = carry_forward(by_year, definition.missing.carry_forward)
    key = area.key
    results = _latest_two(definition, filled, key)
    reference = indicator.index.get("reference", DEFAULT_REFERENCE)
    version = definition_version(indicator.index)
    n = definition.normalisation
    ranged = n.method != "zscore" and n.method != "rank"
    base = {
        "definition_version": version,
        "reference": reference,
        "normalisation": n.method,
        "aggregation": definition.aggregation,
        "low": n.low if ranged else None,
        "high": n.high if ranged else None,
    }
    if not results:
        return IndexRecord(
            **base,
            sentence=in_languages(
                lambda: rank_sentence(rank=None, count=None, low=None, high=None)
            ),
            method=in_languages(lambda: _method(definition, reference, version, 0, None)),
        )
    (year, result), previous = results[0], (results[1] if len(results) > 1 else None)
    firm = sensitivity(definition, filled[year], runs=runs, seed=SEED, spread=SPREAD)
    count = sum(1 for v in result.index.values() if v is not None)
    rank = result.ranks[result.code][key]
    names = _names(indicator, definition)
    firmness = {"runs": runs, "seed": SEED, "spread": SPREAD, "choices": list(firm.choices)}
    return IndexRecord(
        **base,
        year=year,
        value=result.index[key],
        rank=rank,
        count=count,
        previous_year=previous[0] if previous else None,
        previous_value=previous[1].index[key] if previous else None,
        previous_rank=previous[1].ranks[result.code][key] if previous else None,
        sensitivity=IndexSensitivityRecord(
            **firmness, median=firm.median.get(key), low=firm.low.get(key), high=firm.high.get(key)
        ),
        components=_components(definition, result, key, year, by_year, filled, names),
        movers=[
            IndexMoverRecord(code=code, name=names[code][0], change=change)
            for code, change in (movers(previous[1], result, key) if previous else [])
        ],
        sentence=in_languages(
            lambda: rank_sentence(
                rank=rank, count=count, low=firm.low.get(key), high=firm.high.get(key)
            )
        ),
        method=in_languages(lambda: _method(definition, reference, version, count, firmness)),
    )


def _method(definition, reference, version, count, firmness) -> str:
    kind = str(Area.Kind(reference).label) if reference in Area.Kind.values else reference
    return method_text(
        definition, count=count, reference=kind, version=version, sensitivity=firmness
    )


def _latest_two(definition: Definition, filled: dict, key: str) -> list:
    """[(year, IndexResult)] of the latest year in which `key` has a value of the index and of
    the latest year before it that has one (computed from the latest year back)."""
    found = []
    for year in sorted(filled, reverse=True):
        if key not in filled[year]:
            continue
        result = compute(definition, filled[year])
        if result.index.get(key) is not None:
            found.append((year, result))
            if len(found) == 2:
                break
    return found


def _names(indicator, definition: Definition) -> dict:
    """Code → (name, unit) of every component: an indicator's from the strategy, a group's
    from its `name` in the definition (else its code)."""
    codes = [leaf.indicator for leaf in definition.leaves()]
    found = {
        code: (name or {"fi": code}, unit or {})
        for code, name, unit in indicator.strategy.indicators.filter(code__in=codes).values_list(
            "code", "name", "unit"
        )
    }
    for code, name in _group_names(indicator.index.get("components") or []).items():
        found[code] = (name, {})
    for group in definition.groups():
        found.setdefault(group.code, ({"fi": group.code}, {}))
    for code in codes:
        found.setdefault(code, ({"fi": code}, {}))
    return found


def _group_names(blocks) -> dict:
    names = {}
    for block in blocks:
        if isinstance(block, dict) and "components" in block:
            name = block.get("name")
            if isinstance(name, str):
                name = {"fi": name}
            if isinstance(name, dict) and name:
                names[str(block.get("code"))] = name
            names |= _group_names(block.get("components") or [])
    return names


def _components(definition, result, key, year, by_year, filled, names) -> list:
    rows = []

    def walk(group: Group, depth: int):
        present = [c for c in group.components if result.scores[c.code][key] is not None]
        total = sum(c.weight for c in present)
        for child in group.components:
            score = result.scores[child.code][key]
            is_leaf = isinstance(child, Leaf)
            value, value_year = (
                _raw(child.indicator, key, year, by_year, filled) if is_leaf else (None, None)
            )
            rows.append(
                IndexComponentRecord(
                    code=child.code,
                    name=names[child.code][0],
                    kind="indicator" if is_leaf else "group",
                    parent=group.code,
                    depth=depth,
                    direction=child.direction if is_leaf else None,
                    unit=names[child.code][1] if is_leaf else {},
                    value=value,
                    value_year=value_year,
                    weight=child.weight,
                    share=child.weight / total if score is not None and total else None,
                    score=score,
                    contribution=result.contributions.get(child.code, {}).get(key),
                    rank=result.ranks[child.code][key],
                    coverage=None if is_leaf else result.coverage[child.code][key],
                )
            )
            if not is_leaf:
                walk(child, depth + 1)

    walk(definition.root, 1)
    return rows


def _raw(code, key, year, by_year, filled):
    """(the value the index read, the earlier year it was carried from, or None)."""
    value = (filled[year].get(key) or {}).get(code)
    if value is None:
        return None, None
    own = (by_year.get(year, {}).get(key) or {}).get(code)
    text = repr(float(value))  # the shortest form: 0.1 stays 0.1, 10.0 is 10
    number = Decimal(text.removesuffix(".0"))
    if own is not None:
        return number, None
    earlier = [y for y in by_year if y < year and (by_year[y].get(key) or {}).get(code) is not None]
    return number, max(earlier) if earlier else None
