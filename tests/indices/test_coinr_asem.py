"""The engine reproduces COINr's published ASEM Sustainable Connectivity index.

COINr's ASEM example (data/recorded/coinr-asem/, the JRC's index of 51 countries) stores every
stage of its computation. From its treated data, min–max normalisation onto [0, 100] with each
indicator's direction and the weighted arithmetic mean up the tree (indicator → pillar →
sub-index → index, all weights 1) must give its published scores to their 2 decimals, for the
index, both sub-indices and all eight pillars, and the same order of countries.
"""

import csv

import pytest

from mittaristo.indices import compute

from ..conftest import RECORDED_DATA

ASEM = RECORDED_DATA / "coinr-asem" / "ASEM_COIN_v06"
META = ["Agg1", "Agg2", "Agg3"]


def rows(name: str) -> list[dict]:
    with (ASEM / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def definition() -> dict:
    """The tree of Input_IndMeta.csv as the engine's definition (no treatment: the data are
    treated already)."""
    tree: dict = {}
    for row in rows("Input_IndMeta.csv"):
        pillar, sub_index = row["Agg1"], row["Agg2"]
        leaf = {
            "indicator": row["IndCode"],
            "direction": "higher" if float(row["Direction"]) > 0 else "lower",
            "weight": float(row["IndWeight"]),
        }
        tree.setdefault(sub_index, {}).setdefault(pillar, []).append(leaf)
    return {
        "code": "Index",
        "normalisation": {"method": "minmax", "low": 0, "high": 100},
        "aggregation": "arithmetic",
        "treatment": "none",
        "missing": "reweight",
        "components": [
            {
                "code": sub_index,
                "weight": 1,
                "components": [
                    {"code": pillar, "weight": 1, "components": leaves}
                    for pillar, leaves in pillars.items()
                ],
            }
            for sub_index, pillars in tree.items()
        ],
    }


@pytest.fixture(scope="module")
def result():
    indicators = [row["IndCode"] for row in rows("Input_IndMeta.csv")]
    values = {
        row["UnitCode"]: {code: float(row[code]) for code in indicators}
        for row in rows("Data_Treated.csv")
    }
    return compute(definition(), values)


def test_every_published_score_to_two_decimals(result):
    published = rows("Results_AggregatesScore.csv")
    assert len(published) == 51
    codes = ["Index", "Conn", "Sust", "Physical", "ConEcFin", "Political", "Instit", "P2P"]
    codes += ["Environ", "Social", "SusEcFin"]
    wrong = [
        (row["UnitCode"], code, round(result.scores[code][row["UnitCode"]], 2), row[code])
        for row in published
        for code in codes
        if round(result.scores[code][row["UnitCode"]], 2) != float(row[code])
    ]
    assert wrong == []
    assert result.scores["Index"]["CHE"] == pytest.approx(68.38, abs=0.005)


def test_the_same_order_of_countries(result):
    published = [row["UnitCode"] for row in rows("Results_AggregatesScore.csv")]
    ours = sorted(result.ranks["Index"], key=lambda unit: result.ranks["Index"][unit])
    assert ours[:3] == ["CHE", "NLD", "DNK"]
    assert ours == published
