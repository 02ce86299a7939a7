"""What a composite index is computed from: its definition as stored on its indicator and the
yearly values of its components in every area of its reference set.

The definition is the `index:` block of the index's entry in the strategy file, kept on
`Indicator.index`: the pure engine's keys (mittaristo.indices, docs/indices.md) plus
`reference`, the kind of area the values are normalised against (default: every
municipality). Components name other indicators of the same strategy by code.
"""

import hashlib
import json

import numpy as np

from mittaristo.core.models import Area
from mittaristo.indices import Definition, check

from .national import yearly_matrix

DEFAULT_REFERENCE = Area.Kind.MUNICIPALITY


def definition_of(indicator) -> Definition:
    """The index's definition, checked by the engine (IndexDefinitionError if it cannot be)."""
    return check({"code": indicator.code, **indicator.index})


def definition_version(block: dict) -> str:
    """A short fingerprint of a definition: the same definition always gives the same version,
    any change to it a new one. Stored with every value computed from it (`source_ref`)."""
    canonical = json.dumps(block, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def reference_areas(indicator) -> dict[int, str]:
    """Area id → area key (KU111) of the index's reference set."""
    kind = indicator.index.get("reference", DEFAULT_REFERENCE)
    return {area.pk: area.key for area in Area.objects.filter(kind=kind)}


def index_inputs(indicator, *, as_of=None) -> dict[int, dict[str, dict[str, float | None]]]:
    """year → area key → component indicator code → value (None where there is none), for
    every year in which some component has a value in some reference area: the `values`
    that `mittaristo.indices.compute` takes, one year at a time (`compute_years`)."""
    codes = [leaf.indicator for leaf in definition_of(indicator).leaves()]
    ids = dict(indicator.strategy.indicators.filter(code__in=codes).values_list("pk", "code"))
    areas = reference_areas(indicator)
    matrix = yearly_matrix(ids, as_of=as_of)
    result: dict[int, dict[str, dict[str, float | None]]] = {}
    for row, (indicator_id, area_id) in enumerate(matrix.keys):
        if area_id not in areas:
            continue
        code, key = ids[indicator_id], areas[area_id]
        for column in np.flatnonzero(~np.isnan(matrix.values[row])):
            year = int(matrix.years[column])
            by_area = result.setdefault(year, {})
            by_area.setdefault(key, dict.fromkeys(codes))[code] = float(matrix.values[row, column])
    return result
