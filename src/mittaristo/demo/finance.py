"""Heinola's published finance figures in the demo, from the recorded file
data/recorded/heinola/heinola_facts.csv (its README gives the origin): each figure that one of
the strategy's indicators measures is stored as a real observation (not an example), with its
source address as `source_ref` and the file's reliability note with it.

Only figures that are the indicator's own measure are taken (FIGURES); the others (budgets,
changes from the year before, the parent city's loans, tax rates that no indicator of the
strategy measures) stay in the file. The file gives no publication dates, so `vintage` is left
empty rather than guessed.
"""

import csv
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from mittaristo.core.models import Area
from mittaristo.core.periods import parse_period
from mittaristo.observations.services import ObservationRow, observations_upsert
from mittaristo.strategy.models import Indicator

FACTS = Path(settings.PROJECT_DIR) / "data" / "recorded" / "heinola" / "heinola_facts.csv"
MUNICIPALITY = "111"
REFORM_FROM = 2023
REFORM_NOTE = (
    "Sote-uudistus 2023: toimintakate, verotulot ja veroprosentti eivät ole vertailukelpoisia "
    "vuosien 2022 ja 2023 välillä (tehtävät ja 12,64 %-yksikköä verosta siirtyivät "
    "hyvinvointialueille)."
)

# The file's figure → (the indicator's code, the unit the file gives, as the indicator's unit
# needs it, and what the figure is in Finnish for the note).
FIGURES = {
    "toimintakate": ("toimintakate", "M EUR", "Toimintakate, kaupungin tilinpäätös"),
    "konsernin_lainat_ja_vuokravastuut_per_asukas": (
        "konsernin-velat-per-asukas",
        "EUR/resident",
        "Konsernin lainat ja vuokravastuut per asukas (suppeampi kuin velat ja vastuut)",
    ),
}


class FinanceFactsError(Exception):
    """The recorded file does not read as expected: a defect of the project's data."""


def read_facts(path: Path = FACTS) -> list[dict]:
    """The rows of the file that the demo stores, checked (file and row in every message)."""
    if not path.exists():
        raise FinanceFactsError(f"{path}: the recorded Heinola figures are missing")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = []
        for number, row in enumerate(csv.DictReader(handle), start=2):
            spec = FIGURES.get(row.get("indicator", ""))
            if spec is None or row.get("municipality_code") != MUNICIPALITY:
                continue
            code, unit, what = spec
            if row["unit"] != unit:
                raise FinanceFactsError(
                    f"{path.name} row {number}: unit {row['unit']!r}, expected {unit!r}"
                )
            rows.append({**row, "code": code, "what": what, "row": number})
    return rows


@transaction.atomic
def demo_finance(strategy, *, path: Path = FACTS) -> int:
    """Store the recorded finance figures of Heinola; the number of values stored. Each value
    is stored with its own source address (a second load changes nothing)."""
    area = Area.objects.get(kind=Area.Kind.MUNICIPALITY, code=MUNICIPALITY)
    indicators = {i.code: i for i in Indicator.objects.filter(strategy=strategy)}
    stored = 0
    for fact in read_facts(path):
        indicator = indicators.get(fact["code"])
        if indicator is None:
            raise FinanceFactsError(f"{path.name} row {fact['row']}: no indicator {fact['code']}")
        year = int(fact["year"])
        note = f"{fact['what']}. {fact['note']}. Lähde: {fact['source_url_or_doc']}"
        if fact["code"] == "toimintakate" and year >= REFORM_FROM:
            note = f"{note} {REFORM_NOTE}"
        row = ObservationRow(
            indicator.data_id, area.pk, parse_period(str(year)), Decimal(fact["value"]), note=note
        )
        report = observations_upsert(
            rows=[row], source_kind="import", source_ref=fact["source_url_or_doc"][:300]
        )
        stored += report.created + report.changed
    return stored
