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
                "value": [{"x": 1}],
                "dimension": {"a": {"category": {"index": ["x"]}}},
            },
            "cell 0: value .* is neither a number, text nor null",
        ),
        (
            {
                "class": "dataset",
                "id": ["a"],
                "size": [1],
                "value": [True],
                "dimension": {"a": {"category": {"index": ["x"]}}},
            },
            "cell 0: value True",
        ),
        (
            {
                "class": "dataset",
                "id": ["a"],
                "size": ["two"],
                "value": [1, 2],
                "dimension": {"a": {"category": {"index": ["x", "y"]}}},
            },
            "dimension a: size 'two' is not a whole number",
        ),
        (
            {
                "class": "dataset",
                "id": ["a"],
                "size": [2],
                "value": [1, 2],
                "dimension": {"a": {"category": {"index": {"x": 0, "y": 0}}}},
            },
            "dimension a: the category index is not the positions 0 … 1",
        ),
        (
            {
                "class": "dataset",
                "id": ["a"],
                "size": [2],
                "value": [1, 2],
                "status": ["e", "f", "g"],
                "dimension": {"a": {"category": {"index": ["x", "y"]}}},
            },
            "'status' has 3 entries for 2 cells",
        ),
        ({"class": "collection", "link": {"item": []}}, "a collection of datasets"),
        (
            {"one": {"dimension": {}, "value": []}, "two": {"dimension": {}, "value": []}},
            r"holds 2 datasets \(one, two\)",
        ),
    ],
)
def test_malformed_payloads_are_refused(payload, message):
    with pytest.raises(JsonStatError, match=message):
        decode(payload)


# json-stat.org's published samples of the 2.0 format (data/recorded/jsonstat-org/).


def sample(recorded_data, name):
    return json.loads((recorded_data / "jsonstat-org" / f"{name}.json").read_bytes())


def test_canada_status_as_one_element_array_and_a_category_without_index(recorded_data):
    """`status: ["a"]` applies to every cell; `country` has a label and no index."""
    dataset = decode_dataset(sample(recorded_data, "canada"))
    assert dataset.ids == ["country", "year", "age", "concept", "sex"]
    assert len(dataset.cells) == 1 * 1 * 20 * 2 * 3
    assert {c.status for c in dataset.cells} == {"a"}
    first, last = dataset.cells[0], dataset.cells[-1]
    assert first.categories == {
        "country": "CA",
        "year": "2012",
        "age": "T",
        "concept": "POP",
        "sex": "T",
    }
    assert first.labels["country"] == "Canada" and first.value == 34880.5
    # The last cell: 90 and older, the weight in the population, women.
    assert (last.categories["age"], last.categories["concept"], last.categories["sex"]) == (
        "older",
        "PERCENT",
        "F",
    )
    assert last.value == 1.0 and last.labels["age"] == "90 and older"
    assert dataset.roles == {"time": ["year"], "geo": ["country"], "metric": ["concept"]}


def test_oecd_status_as_a_sparse_object(recorded_data):
    dataset = decode_dataset(sample(recorded_data, "oecd"))
    assert len(dataset.cells) == 1 * 36 * 12
    cells = {(c.categories["area"], c.categories["year"]): c for c in dataset.cells}
    # Positions 10 and 11 (Australia 2013 and 2014) are estimates ("e"), 2012 is not.
    assert cells[("AU", "2013")].status == "e" and cells[("AU", "2014")].status == "e"
    assert cells[("AU", "2012")].status == "" and cells[("AU", "2012")].value == 5.224336088
    assert cells[("FI", "2003")].value == 9.017860131 and cells[("FI", "2003")].labels == {
        "concept": "unemployment rate",
        "area": "Finland",
        "year": "2003",
    }
    assert sum(c.status == "e" for c in dataset.cells) == 72
    assert cells[("OECD", "2014")].value == 8.004598637


def test_hierarchy_sparse_value_object_and_child_ignored(recorded_data):
    """`value: {"0": null}` over 132 categories: every cell without a figure."""
    cells = decode(sample(recorded_data, "hierarchy"))
    assert len(cells) == 132
    assert all(c.value is None and c.text == "" for c in cells)
    assert cells[0].labels["commodity"] == "Total"
    assert cells[-1].categories["commodity"] == "11.2.2"


def test_us_gsp_units_ignored(recorded_data):
    dataset = decode_dataset(sample(recorded_data, "us-gsp"))
    assert len(dataset.cells) == 51 * 4
    california = {
        c.categories["concept"]: c.value for c in dataset.cells if c.categories["state"] == "06"
    }
    assert california == {"gsp": 2080600.0, "perc": 13.34, "pop": 37.3, "capita": 51914.0}
    assert dataset.cells[-1].labels["state"] == "Wyoming"


def test_order_the_last_dimension_changes_fastest(recorded_data):
    """order.json's values are text naming their own cell ("A2B1C3"): not figures, kept."""
    cells = decode(sample(recorded_data, "order"))
    assert len(cells) == 3 * 2 * 4
    assert all(c.value is None for c in cells)
    named = [
        f"A{c.categories['A']}B{c.categories['B']}C{c.categories['C']}" == c.text for c in cells
    ]
    # The sample itself writes "A1B1C4" at position 11, where "A2B1C4" belongs.
    assert cells[11].text == "A1B1C4"
    assert named == [index != 11 for index in range(24)]


def test_version_1_sizes_written_as_text(recorded_data):
    """The version-1 shape with no wrapper name and `"size": ["2", "3", "4"]`."""
    cells = decode(sample(recorded_data, "three_dim_size_as_string_v1"))
    assert len(cells) == 2 * 3 * 4
    assert cells[0].categories == {"one": "one_1", "two": "two_1", "three": "three_1"}
    assert cells[0].value == 111.0
    assert cells[-1].categories == {"one": "one_2", "two": "two_3", "three": "three_4"}
    assert cells[-1].value == 234.0


def test_status_as_one_string_and_values_written_as_text():
    """A producer's shapes: status a plain string; numbers as text; '..' as the value."""
    payload = {
        "version": "2.0",
        "class": "dataset",
        "id": ["alue", "vuosi"],
        "size": ["1", "3"],
        "dimension": {
            "alue": {"category": {"label": {"KU111": "Heinola"}}, "note": ["x"]},
            "vuosi": {
                "category": {
                    "index": {"2022": 0, "2023": 1, "2024": 2},
                    "coordinates": {"2022": [1, 2]},
                    "child": {"2022": ["2023"]},
                },
                "link": {"alternate": []},
            },
        },
        "value": ["18131", "..", 18000],
        "status": "p",
    }
    cells = decode(payload)
    assert [(c.value, c.text, c.status) for c in cells] == [
        (18131.0, "", "p"),
        (None, "..", "p"),
        (18000.0, "", "p"),
    ]
