"""The demo's investment register: five example projects of Heinola, loaded from
data/investments-example.csv through the register's own import (marked as examples), and the
two investment indicators computed from them (example values too). Nothing here is the city's:
the projects, sums and decisions are made up for trying out Mittaristo.
"""

from pathlib import Path

from mittaristo.investments.imports import RegisterImportReport, import_register
from mittaristo.investments.indicators import IndicatorsReport, investment_indicators_store

REGISTER_FILE = Path(__file__).resolve().parent / "data" / "investments-example.csv"


def demo_investments(strategy) -> tuple[RegisterImportReport, IndicatorsReport | None]:
    """The register imported, and the indicators stored if it imported (the caller says what
    went wrong otherwise)."""
    report = import_register(path=REGISTER_FILE, strategy=strategy, example=True)
    if not report.ok:
        return report, None
    return report, investment_indicators_store(strategy=strategy)
