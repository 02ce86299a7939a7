"""What a composite index is computed from: its definition as stored on its indicator and the
yearly values of its components in every area of its reference set.

The definition is the `index:` block of the index's entry in the strategy file, kept on
`Indicator.index`: the pure engine's keys (mittaristo.indices, docs/indices.md) plus
`reference`, the kind of area the values are normalised against (default: every
municipality). Components name other indicators of the same strategy by code.
"""

import hashlib
import json
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

import numpy as np
from django.db import transaction
from django.db.models import Q

from mittaristo.core.models import Area
from mittaristo.core.periods import parse_period
from mittaristo.indices import Definition, carry_forward, check, compute_years
from mittaristo.observations.models import Observation
from mittaristo.observations.services import (
    ObservationRow,
    UpsertReport,
    observation_delete,
    observations_upsert,
)
from mittaristo.strategy.shared import data_ids, readers_of

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


# -- storing ------------------------------------------------------------------------------------

# The note of each stored value names the definition that computed it, so that a changed
# definition supersedes every value (even one that comes out the same) and the history tells
# which definition each value came from. Content, in Finnish like the data's other notes.
VERSION_NOTE = "Laskettu indeksin määritelmästä %(version)s."
VERSION_REF = "index definition %(version)s"


@dataclass
class IndexStoreReport(UpsertReport):
    """The upsert's counts, the definition's version, and the values the definition no longer
    gives (an area or year that now misses too many components), marked deleted."""

    version: str = ""
    removed: int = 0


def decimal_places(definition: Definition) -> int:
    """How many decimals a stored score keeps: a ten-thousandth of the scores' scale (2 on
    0–100; 4 on z-scores of standard deviation 1). Finer than any difference worth telling,
    coarse enough that the same inputs always store the same value."""
    n = definition.normalisation
    if n.method == "rank":
        scale = 100.0
    elif n.method == "zscore":
        scale = 4 * n.sd  # ± two standard deviations hold most areas
    else:
        scale = n.high - n.low
    return max(0, math.ceil(-math.log10(scale / 10000)))


def _rounded(score: float, places: int) -> Decimal:
    return Decimal(repr(score)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


def _input_flags(indicator, definition: Definition, by_year) -> dict[int, tuple[bool, bool]]:
    """year → (some input used is example data, some input used is not final).

    Year-wide: min–max, z-scores, ranks and the outlier treatment read every area's value, so
    one area's example or provisional value moves every area's score of that year. A value
    carried forward is used in the years it stands in for."""
    codes = [leaf.indicator for leaf in definition.leaves()]
    ids = dict(indicator.strategy.indicators.filter(code__in=codes).values_list("pk", "code"))
    readers = readers_of(data_ids(ids))  # a bound component's values are its national series'
    areas = reference_areas(indicator)
    flagged = (
        Observation.objects.current()
        .filter(indicator_id__in=readers, area_id__in=areas, breakdown="", period_kind="year")
        .filter(Q(is_example=True) | ~Q(status=Observation.Status.FINAL))
        .values_list("indicator_id", "area_id", "period", "is_example", "status")
    )
    cells = [
        (int(period), areas[area], ids[pk], example, status != Observation.Status.FINAL)
        for data_id, area, period, example, status in flagged
        for pk in readers[data_id]
    ]
    if not cells:
        return {}
    # Where each year's value of a unit's component comes from (its own year, or carried).
    marks = {
        year: {
            unit: {code: (year if value is not None else None) for code, value in row.items()}
            for unit, row in units.items()
        }
        for year, units in by_year.items()
    }
    years = definition.missing.carry_forward
    source = carry_forward(marks, years) if years else marks
    flags: dict[int, tuple[bool, bool]] = {}
    for year, units in source.items():
        example = provisional = False
        for origin, unit, code, is_example, not_final in cells:
            if origin <= year <= origin + years and units.get(unit, {}).get(code) == origin:
                example, provisional = example or is_example, provisional or not_final
        if example or provisional:
            flags[year] = (example, provisional)
    return flags


@transaction.atomic
def index_values_store(*, indicator, user=None) -> IndexStoreReport:
    """Compute the index for every year and every area of its reference set and store each
    area's score as the index's value (source "index"), through the one storing path.

    Each value records the definition's version (`source_ref` and the note): a changed
    definition supersedes the values it changes, and the old ones stay as their versions. A
    value is example data when an input of its year is; provisional when an input is not
    final. A value the definition no longer gives is marked deleted. Raises
    IndexDefinitionError for a definition that cannot be computed."""
    definition = definition_of(indicator)
    version = definition_version(indicator.index)
    by_year = index_inputs(indicator)
    results = compute_years(definition, by_year)
    flags = _input_flags(indicator, definition, by_year)
    area_ids = {key: pk for pk, key in reference_areas(indicator).items()}
    places = decimal_places(definition)
    note = VERSION_NOTE % {"version": version}
    rows = []
    for year, result in results.items():
        example, provisional = flags.get(year, (False, False))
        status = Observation.Status.PROVISIONAL if provisional else Observation.Status.FINAL
        period = parse_period(str(year))
        for key, score in result.index.items():
            if score is not None:
                value = _rounded(score, places)
                rows.append(
                    ObservationRow(
                        indicator.pk, area_ids[key], period, value, "", status, note, None, example
                    )
                )
    upsert = observations_upsert(
        rows=rows,
        source_kind=Observation.SourceKind.INDEX,
        source_ref=VERSION_REF % {"version": version},
        user=user,
    )
    report = IndexStoreReport(**vars(upsert), version=version)
    given = {row.key for row in rows}
    current = (
        Observation.objects.current()
        .filter(indicator=indicator, source_kind=Observation.SourceKind.INDEX)
        .values_list("pk", "area_id", "period", "breakdown")
    )
    stale = [pk for pk, *key in current if (indicator.pk, *key) not in given]
    for observation in Observation.objects.filter(pk__in=stale):
        observation_delete(observation=observation, user=user, reason=note)
        report.removed += 1
    return report


def indices_in_order(strategy, codes=None) -> list:
    """The strategy's composite indices that have a definition (those of `codes` only, when
    given), each after the indices it is made of."""
    indices = {
        x.code: x for x in strategy.indicators.filter(source_kind="composite_index") if x.index
    }
    ordered, seen = [], set()

    def visit(code, path):
        if code in seen or code in path:  # the file's checks refuse loops
            return
        for part in definition_of(indices[code]).leaves():
            if part.indicator in indices:
                visit(part.indicator, path | {code})
        seen.add(code)
        ordered.append(indices[code])

    for code in sorted(indices, key=lambda c: indices[c].order):
        visit(code, set())
    return [x for x in ordered if codes is None or x.code in codes]
