"""An indicator's binding to open data, as written under `binding:` in the strategy file.

Pure: reads and checks the binding (a dict from YAML) into plain dataclasses. A binding is
either a *query* of one source or a *formula* over other bindings:

    binding: {source: statfin, table: 11a6.px, contents: [...], select: {Ikä: [...]}, sum: Ikä}
    binding: {source: sotkanet, indicator: 3178}
    binding: {source: kuntien_avainluvut, table: ..., contents: [M152]}
    binding: {formula: per_resident, of: {<binding>}, population: {<binding>}}  # optional
    binding: {formula: ratio, numerator: {<binding>}, denominator: {<binding>}, percent: true}
    binding: {source: syke, file: ..., sheet: ..., ...}   # a downloaded spreadsheet
    binding: {source: hyte}                                # imported through the template

Every leaf may carry `scale` (e.g. 0.001 for thousand € → M€). The binding itself may carry
`release`, the source's publication calendar for a yearly value (the value of year N comes out
around day.month. of year N + years_after), from which the next value's due date is reckoned:

    binding: {source: statfin, table: 115k.px, ..., release: {day: 16, month: 2, years_after: 2}}

See docs/data-sources.md.
"""

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from mittaristo.evaluation.age import Release

PXWEB_DATABASES = {
    "statfin": "StatFin",
    "kuntien_avainluvut": "Kuntien_avainluvut",
    "kuntien_talous": "Kuntien_talous_ja_toiminta",
}
FILE_SOURCES = {"syke", "hyte"}  # read from a file a user brings, not fetched
SOURCES = set(PXWEB_DATABASES) | {"sotkanet"} | FILE_SOURCES

# Population 31.12. for per-resident figures when a binding names no other: Sotkanet 127
# ("Väestö 31.12.", from Statistics Finland), the same figure as StatFin's 11ra.
DEFAULT_POPULATION = {"source": "sotkanet", "indicator": 127}


class BindingError(ValueError):
    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}" if path else message)
        self.path, self.message = path, message


@dataclass(frozen=True)
class Query:
    source: str
    table: str = ""
    database: str = ""
    contents: tuple = ()
    select: tuple = ()  # ((variable, (category, ...)), ...)
    sum: str = ""  # a variable whose selected categories are summed (age groups)
    area: str = ""  # the area variable, where a table has two (origin and destination)
    indicator: int = 0  # Sotkanet
    gender: str = "total"
    scale: Decimal = Decimal(1)
    extra: tuple = ()  # file sources: their mapping, as (key, value) pairs

    @property
    def ref(self) -> str:
        """Short provenance: "statfin:11ra.px", "sotkanet:127"."""
        if self.source == "sotkanet":
            return f"sotkanet:{self.indicator}"
        return f"{self.source}:{self.table}" if self.table else self.source

    @property
    def fetched(self) -> bool:
        return self.source not in FILE_SOURCES


@dataclass(frozen=True)
class Formula:
    kind: str  # "per_resident" or "ratio"
    parts: tuple  # per_resident: (of, population); ratio: (numerator, denominator)
    percent: bool = False
    scale: Decimal = Decimal(1)

    def leaves(self):
        for part in self.parts:
            yield from part.leaves() if isinstance(part, Formula) else [part]


@dataclass
class Binding:
    root: Query | Formula
    raw: dict = field(default_factory=dict)
    release: Release | None = None  # the publication calendar entry, when the binding has one

    @property
    def source(self) -> str:
        return next(iter(self.queries())).source

    def queries(self):
        return self.root.leaves() if isinstance(self.root, Formula) else iter([self.root])


def read_binding(raw: dict) -> Binding | None:
    """The binding as dataclasses; None for an empty one. BindingError names the bad key."""
    if not raw:
        return None
    if not isinstance(raw, dict):
        raise BindingError("binding", "must be a mapping")
    body = {key: value for key, value in raw.items() if key != "release"}
    binding = Binding(root=_node(body, "binding"), raw=raw)
    if "release" in raw:
        binding.release = _release(raw["release"], "binding.release", binding.source)
    return binding


RELEASE_KEYS = {"day", "month", "years_after"}
MAX_YEARS_AFTER = 3


def _release(raw, path, publisher) -> Release:
    """A calendar entry {day, month, years_after (default 1)}; BindingError names the bad key."""
    if not isinstance(raw, dict):
        raise BindingError(path, "must be a mapping {day: ..., month: ..., years_after: ...}")
    _only(raw, path, RELEASE_KEYS)
    for key in ("day", "month"):
        if key not in raw:
            raise BindingError(path, f"needs '{key}'")
    values = {}
    for key in RELEASE_KEYS:
        value = raw.get(key, 1)
        if not isinstance(value, int) or isinstance(value, bool):
            raise BindingError(f"{path}.{key}", f"must be a whole number, not {value!r}")
        values[key] = value
    if not 1 <= values["month"] <= 12:
        raise BindingError(f"{path}.month", f"must be 1–12, not {values['month']}")
    try:
        dt.date(2023, values["month"], values["day"])  # not a leap year: every year has it
    except ValueError:
        raise BindingError(
            f"{path}.day", f"{values['day']}.{values['month']}. is not a date in every year"
        ) from None
    if not 1 <= values["years_after"] <= MAX_YEARS_AFTER:
        raise BindingError(
            f"{path}.years_after",
            f"must be 1–{MAX_YEARS_AFTER} (the value of year N comes out in year N + years_after)",
        )
    return Release(values["month"], values["day"], values["years_after"], publisher)


def _node(raw, path):
    if not isinstance(raw, dict):
        raise BindingError(path, "must be a mapping")
    if "formula" in raw:
        return _formula(raw, path)
    return _query(raw, path)


def _formula(raw, path):
    kind = raw["formula"]
    scale = _scale(raw, path)
    if kind == "per_resident":
        _only(raw, path, {"formula", "of", "population", "scale"})
        if "of" not in raw:
            raise BindingError(path, "a per_resident formula needs 'of'")
        population = raw.get("population", DEFAULT_POPULATION)
        parts = (_node(raw["of"], f"{path}.of"), _node(population, f"{path}.population"))
        return Formula("per_resident", parts, scale=scale)
    if kind == "ratio":
        _only(raw, path, {"formula", "numerator", "denominator", "percent", "scale"})
        for key in ("numerator", "denominator"):
            if key not in raw:
                raise BindingError(path, f"a ratio needs '{key}'")
        parts = (
            _node(raw["numerator"], f"{path}.numerator"),
            _node(raw["denominator"], f"{path}.denominator"),
        )
        return Formula("ratio", parts, percent=bool(raw.get("percent", False)), scale=scale)
    raise BindingError(f"{path}.formula", f"unknown formula {kind!r} (per_resident, ratio)")


def _query(raw, path):
    source = raw.get("source")
    if source not in SOURCES:
        raise BindingError(f"{path}.source", f"unknown source {source!r}; one of {sorted(SOURCES)}")
    scale = _scale(raw, path)
    if source == "sotkanet":
        _only(raw, path, {"source", "indicator", "gender", "scale"})
        if not isinstance(raw.get("indicator"), int):
            raise BindingError(
                f"{path}.indicator", "a Sotkanet binding needs an indicator id (a number)"
            )
        return Query(
            source, indicator=raw["indicator"], gender=str(raw.get("gender", "total")), scale=scale
        )
    if source == "syke":
        problems = syke_mapping_problems(raw)
        if problems:
            raise BindingError(path, problems[0])
    if source in FILE_SOURCES:
        extra = tuple(sorted((k, _freeze(v)) for k, v in raw.items() if k != "source"))
        return Query(source, table=str(raw.get("file", "")), extra=extra, scale=scale)
    _only(raw, path, {"source", "database", "table", "contents", "select", "sum", "area", "scale"})
    table = raw.get("table")
    if not isinstance(table, str) or not table.endswith(".px"):
        raise BindingError(f"{path}.table", "a PxWeb binding needs a table id ending in .px")
    contents = raw.get("contents")
    if isinstance(contents, str):
        contents = [contents]
    if not contents or not all(isinstance(c, str) for c in contents):
        raise BindingError(f"{path}.contents", "name at least one content code or text")
    select = raw.get("select") or {}
    if not isinstance(select, dict) or not all(isinstance(v, list) for v in select.values()):
        raise BindingError(f"{path}.select", "a mapping of variable → list of categories")
    total = raw.get("sum", "")
    if total and total not in select:
        raise BindingError(f"{path}.sum", f"'{total}' must also be in 'select'")
    return Query(
        source,
        table=table,
        database=raw.get("database", PXWEB_DATABASES[source]),
        contents=tuple(contents),
        select=tuple((k, tuple(str(c) for c in v)) for k, v in select.items()),
        sum=total,
        area=str(raw.get("area", "")),
        scale=scale,
    )


def _scale(raw, path) -> Decimal:
    try:
        return Decimal(str(raw.get("scale", 1)))
    except InvalidOperation:
        raise BindingError(f"{path}.scale", "must be a number") from None


def _only(raw, path, allowed):
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise BindingError(path, f"unknown keys {unknown}; allowed {sorted(allowed)}")


def _freeze(value):
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


# The columns a SYKE emissions binding must name (sources/syke.py reads them).
SYKE_COLUMNS = ("area", "year", "value")


def syke_mapping_problems(mapping: dict) -> list[str]:
    columns = mapping.get("columns")
    if not isinstance(columns, dict):
        return ["a SYKE binding needs 'columns': {area: ..., year: ..., value: ...}"]
    missing = [key for key in SYKE_COLUMNS if not columns.get(key)]
    if missing:
        return [f"'columns' lacks {missing}"]
    if not isinstance(mapping.get("where", {}), dict):
        return ["'where' must be a mapping of column → text"]
    return []


def series_key(binding: Binding) -> str:
    """The identity of the statistic a binding fetches: SHA-256 of its canonical form.

    Two bindings that fetch the same values have the same key however they were written (key
    order, a content code as a string or a one-item list, a default spelled out or left out);
    the publication calendar (`release`) is no part of it, as it changes no value.
    """
    text = json.dumps(_canonical(binding.root), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def is_fetched(binding: Binding | None) -> bool:
    """Whether every query of the binding is fetched from open data (no file a user brings)."""
    return binding is not None and all(q.fetched for q in binding.queries())


def _canonical(node):
    if isinstance(node, Formula):
        return {
            "formula": node.kind,
            "parts": [_canonical(p) for p in node.parts],
            "percent": node.percent,
            "scale": _decimal_text(node.scale),
        }
    fields = dataclasses.asdict(node)
    fields["scale"] = _decimal_text(node.scale)
    return fields


def _decimal_text(value: Decimal) -> str:
    return format(value.normalize(), "f")
