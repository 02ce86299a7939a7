"""The `index:` block of a composite index's entry in the strategy file: its data as stored on
`Indicator.index` and the checks the schema cannot state.

The block has the keys the pure engine reads (mittaristo.indices, docs/indices.md) and
`reference`. The engine's own check names where each problem is ("components[1].weight: …"):
that path is looked up in the block, so the problem stands on its line of the file.
"""

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from mittaristo.indices import IndexDefinitionError
from mittaristo.indices import check as engine_check

from .parse import Definition

COMPOSITE = "composite_index"
_STEP = re.compile(r"([A-Za-z_]+)|\[(\d+)\]")


def index_data(block) -> dict:
    """The block as plain JSON data: YAML's decimals as whole numbers or floats (JSON has no
    decimals, and the engine reads numbers)."""

    def plain(value):
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return plain(block or {})


def component_codes(block) -> list[str]:
    """The indicator codes an index's block names, in the order written."""
    found = []

    def walk(components):
        for component in components or []:
            if not isinstance(component, dict):
                continue
            if "indicator" in component:
                found.append(str(component["indicator"]))
            walk(component.get("components"))

    walk((block or {}).get("components"))
    return found


def _engine_problem(problem: str) -> tuple[tuple, str]:
    """The path in the block and the message of one of the engine's problems: the engine
    calls the index itself "components", so "components.components[1].weight: above zero"
    is ("components", 1, "weight") and reads "components[1].weight: above zero"."""
    if problem.startswith("components.components"):
        problem = problem.removeprefix("components.")
    where = problem.split(":", 1)[0]
    path = tuple(
        name if name else int(number)
        for part in where.split(".")
        for name, number in _STEP.findall(part)
    )
    return path, problem


def check_indices(definition: Definition, problem) -> None:
    """Each index block: computable by the engine, on a composite index, its components
    indicators of the same file, and no index a component of itself (through others)."""
    indicators = definition.data.get("indicators") or []
    codes = {x["code"] for x in indicators}
    parts: dict[str, list[str]] = {}
    for i, indicator in enumerate(indicators):
        if "index" not in indicator:
            continue
        at = ("indicators", i, "index")
        if indicator["source_kind"] != COMPOSITE:
            problem(
                at,
                _("index: only a composite index (source_kind: composite_index) has an index"),
            )
        block = index_data(indicator["index"])
        try:
            engine_check({"code": indicator["code"], **block})
        except IndexDefinitionError as error:
            for found in error.problems:
                path, message = _engine_problem(found)
                problem((*at, *path), _("index: %(problem)s") % {"problem": message})
        parts[indicator["code"]] = component_codes(block)
        for code in parts[indicator["code"]]:
            if code not in codes:
                problem(
                    (*at, *_leaf_path(block, code)),
                    _("index: unknown indicator '%(code)s'") % {"code": code},
                )
    for i, indicator in enumerate(indicators):
        code = indicator["code"]
        if code in parts and _within(code, code, parts, set()):
            problem(
                ("indicators", i, "index"),
                _("index: the index %(code)s is a component of itself (through %(path)s)")
                % {"code": code, "path": " → ".join(_cycle(code, parts))},
            )


def _within(code, start, parts, seen) -> bool:
    """Whether `start` is among the components of `code`, directly or through other indices."""
    for part in parts.get(code, []):
        if part == start:
            return True
        if part not in seen:
            seen.add(part)
            if _within(part, start, parts, seen):
                return True
    return False


def _cycle(start, parts) -> list[str]:
    """The indices from `start` back to itself, for the message."""
    path, seen = [start], {start}

    def walk(code):
        for part in parts.get(code, []):
            if part == start:
                path.append(start)
                return True
            if part in parts and part not in seen:
                seen.add(part)
                path.append(part)
                if walk(part):
                    return True
                path.pop()
        return False

    walk(start)
    return path


def _leaf_path(block, code) -> tuple:
    """The path of the component naming `code` within the block."""

    def walk(components, path):
        for n, component in enumerate(components or []):
            if not isinstance(component, dict):
                continue
            if str(component.get("indicator")) == code:
                return (*path, n, "indicator")
            found = walk(component.get("components"), (*path, n, "components"))
            if found:
                return found
        return None

    return walk(block.get("components"), ("components",)) or ()


# The order a person writes an index's keys in (a database may keep a JSON object's keys in
# an order of its own: PostgreSQL's jsonb does).
_INDEX_ORDER = (
    *("reference", "normalisation", "aggregation", "treatment", "missing", "method"),
    *("low", "high", "mean", "sd", "cap", "percentiles", "winmax", "skew", "kurtosis"),
    *("min_coverage", "carry_forward"),
    *("code", "indicator", "direction", "weight", "goalposts", "target", "components"),
)


def index_ordered(block: dict) -> dict | None:
    """An index's block in the order a person writes it: how, then what of."""

    def ordered(value):
        if isinstance(value, list):
            return [ordered(v) for v in value]
        if not isinstance(value, dict):
            return value
        keys = [k for k in _INDEX_ORDER if k in value] + sorted(set(value) - set(_INDEX_ORDER))
        return {k: ordered(value[k]) for k in keys}

    return ordered(block) or None


def _show(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _flat(value, path="") -> dict[str, str]:
    """Each leaf of the block by its path ("components[1].weight"), as text."""
    if isinstance(value, dict):
        found = {}
        for key, item in value.items():
            found |= _flat(item, f"{path}.{key}" if path else key)
        return found
    if isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        found = {}
        for n, item in enumerate(value):
            found |= _flat(item, f"{path}[{n}]")
        return found
    return {path: _show(value)}


def index_diff(before: dict, after: dict) -> list[tuple[str, str, str]]:
    """What changed from one definition to another, key by key: (path, before, after), "—"
    where a key is not there."""
    old, new = _flat(index_ordered(before or {}) or {}), _flat(index_ordered(after or {}) or {})
    return [
        (path, old.get(path, "—"), new.get(path, "—"))
        for path in [*old, *[p for p in new if p not in old]]
        if old.get(path) != new.get(path)
    ]
