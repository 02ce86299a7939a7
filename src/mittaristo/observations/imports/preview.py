"""What an import would change: each new or changed value as old → new, and the outliers.

An outlier is a new value outside the plausible range of its series, by the same rule as the
data-entry form: `Indicator.plausible_range` over the series' current values, asked with
`core.numbers.is_plausible`. It catches a thousands comma read as a decimal comma ("6,241"
jobs stored as 6.241) or a figure in the wrong unit. Only the first SHOWN changes and
outliers are kept as rows, the rest are counted, so that a million-row file still has a small
preview; a digest of every outlier lets the web page store only what the person confirmed.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from mittaristo.core.formatting import number
from mittaristo.core.models import Area
from mittaristo.core.numbers import is_plausible

SHOWN = 100  # changes, and outliers, listed one by one in a preview


@dataclass(frozen=True)
class ValueChange:
    """One value the file would store, where it goes, and what it replaces."""

    row: int  # in the file, as a spreadsheet program shows it
    indicator: str  # the code
    area: str  # the name
    period: str
    breakdown: str
    old: Decimal | None  # None: there is no value yet
    new: Decimal
    low: Decimal | None = None  # the plausible range, for an outlier
    high: Decimal | None = None

    @property
    def where(self) -> str:
        return ", ".join(p for p in (self.indicator, self.area, self.period, self.breakdown) if p)

    def __str__(self) -> str:
        """The change as the command line prints it, numbers in the active language's format."""
        values = {"row": self.row, "where": self.where, "new": number(self.new)}
        if self.old is None:
            text = _("row %(row)s: %(where)s: %(new)s (new)") % values
        else:
            text = _("row %(row)s: %(where)s: %(old)s → %(new)s") % {
                **values,
                "old": number(self.old),
            }
        if self.low is None:
            return text
        return _("%(change)s; expected %(low)s … %(high)s") % {
            "change": text,
            "low": number(self.low),
            "high": number(self.high),
        }


@dataclass
class Changes:
    shown: list[ValueChange] = field(default_factory=list)  # the first SHOWN, in file order
    outliers: list[ValueChange] = field(default_factory=list)  # the first SHOWN outliers
    outlier_count: int = 0
    outlier_digest: str = ""  # of every outlier, "" when there is none


def changes_list(*, rows, origins, current: dict, indicators: dict) -> Changes:
    """The new and changed values among `rows`, and the outliers among them.

    `rows` are ObservationRows, `origins[i]` the parsed row that `rows[i]` came from, `current`
    is `observations.services.current_values` of their indicators, `indicators` id → Indicator.
    A value already stored is no outlier, even if only its status or note changes.
    """
    result = Changes()
    digest = hashlib.sha256()
    known = None  # series → its current values, read only when some value changes
    bounds = {}  # series → its plausible range
    shown, outliers = [], []  # (index, old value, range)
    for index, row in enumerate(rows):
        existing = current.get(row.key)
        old = None
        if existing is not None:
            old = existing[1]
            # The upsert's own test of a change (observations.services): value, status, note.
            if (old, existing[2], existing[3]) == (row.value, row.status, row.note):
                continue
        if len(shown) < SHOWN:
            shown.append((index, old, None))
        if old == row.value:
            continue
        series = (row.indicator_id, row.area_id, row.breakdown)
        if series not in bounds:
            if known is None:
                known = _series_values(current)
            # What the form passes: every current value of the series, the one replaced too.
            bounds[series] = indicators[row.indicator_id].plausible_range(known.get(series, ()))
        if is_plausible(row.value, bounds[series]):
            continue
        result.outlier_count += 1
        low, high = bounds[series]
        digest.update(f"{origins[index].row}|{row.key}|{old}|{row.value}|{low}|{high}\n".encode())
        if len(outliers) < SHOWN:
            outliers.append((index, old, bounds[series]))
    if result.outlier_count:
        result.outlier_digest = digest.hexdigest()
    areas = Area.objects.in_bulk({rows[index].area_id for index, *_ in shown + outliers})

    def change(index, old, range_):
        row = rows[index]
        low, high = range_ or (None, None)
        return ValueChange(
            row=origins[index].row,
            indicator=origins[index].indicator,
            area=str(areas[row.area_id].name),
            period=row.period.code,
            breakdown=row.breakdown,
            old=old,
            new=row.value,
            low=low,
            high=high,
        )

    result.shown = [change(*entry) for entry in shown]
    result.outliers = [change(*entry) for entry in outliers]
    return result


def _series_values(current: dict) -> dict:
    """(indicator id, area id, breakdown) → the current values of that series."""
    known = defaultdict(list)
    for (indicator, area, _period, breakdown), existing in current.items():
        known[(indicator, area, breakdown)].append(existing[1])
    return known
