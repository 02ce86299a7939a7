"""The Sotkanet panel of 2013 (about 60 indicators, every municipality, 1990–2012), in long
format `Muuttuja,Alue,Vuosi,Arvo,Maakunta` with areas by name. Pure: text in, rows out.

Used by bench/sotkanet_panel.py to measure a national load; names map to codes through
Sotkanet's /regions (sotkanet.parse_regions).
"""

import csv
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .http import SourceError

HEADER = ["Muuttuja", "Alue", "Vuosi", "Arvo"]


@dataclass(slots=True)
class PanelRow:
    title: str  # "[VÄESTÖNMUUTOS] 16-64 -vuotiaat, % väestöstä"
    area: str  # a municipality's Finnish name
    year: str
    value: Decimal


def parse_panel(lines) -> list[PanelRow]:
    """Rows of the panel; a line with a bad year or value is an error naming the line."""
    reader = csv.reader(lines)
    header = next(reader, [])
    if header[:4] != HEADER:
        raise SourceError(f"panel: header {header[:4]} is not {HEADER}")
    rows = []
    for number, record in enumerate(reader, start=2):
        try:
            title, area, year, raw = record[0], record[1], record[2], record[3]
            if not (len(year) == 4 and year.isdigit()):
                raise ValueError(f"year {year!r}")
            rows.append(PanelRow(title, area, year, Decimal(raw)))
        except (IndexError, ValueError, InvalidOperation) as error:
            raise SourceError(f"panel line {number}: {error or record!r}") from error
    return rows
