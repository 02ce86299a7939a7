"""JSON-stat decoding on real StatFin responses in the old and the new format."""

import copy
import json

import pytest

from mittaristo.sources.jsonstat import JsonStatError, decode, decode_dataset


def load(recorded_data, name):
    return json.loads((recorded_data / "statfin" / name).read_text(encoding="utf-8"))


def test_old_format_table_11rc(recorded_data):
    cells = decode(load(recorded_data, "pxwebpy_response_fi_11rc_v1.json"))
    assert len(cells) == 3 * 3 * 10 * 1
    first = cells[0]
    assert first.categories == {
        "Vuosi": "2020",
        "Sukupuoli": "SSS",
        "Ikä": "20-24",
        "Tiedot": "vaesto",
    }
    assert first.labels["Sukupuoli"] == "Totalt"
    assert first.value == 308410.0
    # 2021 is the second block of 30 cells; the last cell is 2022, women, 65-69.
    assert cells[30].categories["Vuosi"] == "2021" and cells[30].value == 305266.0
    last = cells[-1]
    assert (last.categories["Vuosi"], last.categories["Sukupuoli"], last.categories["Ikä"]) == (
        "2022",
        "2",
        "65-69",
    )
    assert last.value == 181956.0


def test_new_format_table_11re(recorded_data):
    dataset = decode_dataset(load(recorded_data, "markusl_statfin-mcp/api-query-three-cities.json"))
    assert dataset.updated == "2026-04-01T05:00:00Z"
    assert dataset.roles == {
        "time": ["timeperiod_y"],
        "geo": ["alue_23_20260101"],
        "metric": ["contentscode"],
    }
    values = {c.categories["alue_23_20260101"]: c.value for c in dataset.cells}
    assert values == {"KU049": 325716.0, "KU091": 694392.0, "KU092": 252956.0}
    assert dataset.cells[1].labels["alue_23_20260101"] == "Helsinki"
    assert dataset.cells[0].categories["contentscode"] == "vaerak-vaesto"


def test_version_1_wrapper(recorded_data):
    """The version-1 shape (documented format: dataset under a name, id/size in dimension)."""
    v2 = load(recorded_data, "markusl_statfin-mcp/api-query-three-cities.json")
    dimension = copy.deepcopy(v2["dimension"])
    dimension.update(id=v2["id"], size=v2["size"], role=v2["role"])
    v1 = {"dataset": {"dimension": dimension, "label": v2["label"], "value": v2["value"]}}
    assert [c.value for c in decode(v1)] == [325716.0, 694392.0, 252956.0]


def test_missing_and_confidential_values():
    payload = {
        "version": "2.0",
        "class": "dataset",
        "id": ["alue"],
        "size": [3],
        "dimension": {"alue": {"category": {"index": ["KU111", "KU091", "KU049"]}}},
        "value": [18131, None, None],
        "status": {"1": ".", "2": ".."},
    }
    cells = decode(payload)
    assert [(c.value, c.status) for c in cells] == [(18131.0, ""), (None, "."), (None, "..")]


@pytest.mark.parametrize(
    "payload, message",
    [
        ([], "not a JSON object"),
        ({"class": "dataset", "value": [1]}, "no 'dimension'"),
        (
            {
                "class": "dataset",
                "id": ["a"],
                "size": [2],
                "value": [1, 2],
                "dimension": {"a": {"category": {"index": ["x"]}}},
            },
            "size 2 but 1 categories",
        ),
        (
            {
                "class": "dataset",
                "id": ["a"],
                "size": [1],
                "value": [1, 2],
                "dimension": {"a": {"category": {"index": ["x"]}}},
            },
            "2 entries for 1 cells",
        ),
        (
            {
                "class": "dataset",
                "id": ["a"],
                "size": [1],
                "value": ["."],
                "dimension": {"a": {"category": {"index": ["x"]}}},
            },
            "is not a number",
        ),
    ],
)
def test_malformed_payloads_are_refused(payload, message):
    with pytest.raises(JsonStatError, match=message):
        decode(payload)
