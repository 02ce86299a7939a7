"""SYKE's municipal greenhouse-gas emissions: no API, so a spreadsheet a user downloads
(XLSX, ODS or CSV; its first sheet), read through a mapping in the strategy file:

    binding:
      source: syke
      columns: {area: Kunta, year: Vuosi, value: "Päästöt (kt CO2-ekv.)"}  # required
      where: {Laskentatapa: Hinku}   # optional: keep only rows with these cell texts
      sum: true                      # optional: sum rows of the same area and year (sectors)
      scale: 1000                    # optional: kt → t

`parse_emissions` takes the table already read and the mapping; it returns the values by
(area as written, year) and the problems, each naming the row. No database.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from mittaristo.observations.imports.cells import CellError, cell_text, read_number
from mittaristo.strategy.bindings import SYKE_COLUMNS as REQUIRED
from mittaristo.strategy.bindings import syke_mapping_problems as mapping_problems

LICENCE = "CC BY 4.0"
ATTRIBUTION = "Suomen ympäristökeskus (SYKE), kuntien ja alueiden kasvihuonekaasupäästöt"


@dataclass
class Emissions:
    values: dict = field(default_factory=dict)  # (area text, year) → Decimal
    problems: list = field(default_factory=list)


def parse_emissions(table, mapping: dict) -> Emissions:
    result = Emissions(problems=mapping_problems(mapping))
    if result.problems:
        return result
    header = [cell_text(c).lower() for c in table.header]

    def column(name):
        name = str(name).lower()
        if name not in header:
            result.problems.append(f"{table.name}: no column '{name}' in the header")
            return None
        return header.index(name)

    positions = {k: column(v) for k, v in mapping["columns"].items() if k in REQUIRED}
    filters = {column(k): str(v).lower() for k, v in (mapping.get("where") or {}).items()}
    if result.problems:
        return result
    scale = Decimal(str(mapping.get("scale", 1)))
    add = bool(mapping.get("sum", False))
    for number, cells in table.data():
        cells = list(cells) + [""] * (len(header) - len(cells))
        if any(cell_text(cells[p]).lower() != want for p, want in filters.items()):
            continue
        area, year = cell_text(cells[positions["area"]]), cell_text(cells[positions["year"]])
        if not (len(year) == 4 and year.isdigit()):
            result.problems.append(f"{table.name} row {number}: year '{year}' is not a year")
            continue
        try:
            value = read_number(cells[positions["value"]]) * scale
        except CellError as error:
            result.problems.append(f"{table.name} row {number}: {error}")
            continue
        key = (area, year)
        if key in result.values and not add:
            result.problems.append(
                f"{table.name} row {number}: a second value for {area} {year} "
                "(narrow the rows with 'where', or add 'sum: true')"
            )
            continue
        result.values[key] = result.values.get(key, Decimal(0)) + value
    return result
