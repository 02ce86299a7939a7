"""Observations as one JSON-stat 2.0 dataset, read back by the project's own decoder."""

import json
import math
from decimal import Decimal

import jsonschema
import pytest

from mittaristo.api.jsonstat import JsonStatDataset
from mittaristo.reviews.models import ReviewRound
from mittaristo.sources.jsonstat import decode, decode_dataset

from .jsonstat_schema import DATASET, structure_problems

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def demo(demo_db):
    return ReviewRound.objects.get()


def get(client, url, status=200, **headers):
    response = client.get(url, **{**EN, **headers})
    assert response.status_code == status, (url, response.content[:300])
    return response


def listed(client, query: str) -> list[dict]:
    data = json.loads(get(client, f"/api/v1/observations/?page_size=1000&{query}").content)
    assert data["pages"] == 1
    return data["results"]


def cube(client, query: str = "", **headers) -> dict:
    response = get(client, f"/api/v1/observations/?format=jsonstat&{query}", **headers)
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def valid(data: dict) -> dict:
    jsonschema.validate(data, DATASET)
    assert structure_problems(data) == []
    JsonStatDataset.model_validate(data)  # the shape the OpenAPI schema declares
    return data


def read_back(client, query: str):
    """(the decoded cells by round, area, indicator, period; the JSON list's rows)."""
    data = valid(cube(client, query))
    cells = {
        (
            c.categories["round"],
            c.categories["area"],
            c.categories["indicator"],
            c.categories["period"],
        ): c
        for c in decode(data)
    }
    return cells, listed(client, query)


@pytest.mark.parametrize(
    "query",
    ["", "indicator=tyopaikat", "goal=T2.2&period=2021,2022,2023", "round=all"],
)
def test_the_dataset_reads_back_to_the_json_lists_values(client, demo, query):
    cells, rows = read_back(client, query)
    assert rows, query
    seen = set()
    for row in rows:
        key = (str(row["round"]), row["area"], row["indicator"], row["period"])
        cell = cells[key]
        expected = None if row["value"] is None else float(Decimal(row["value"]))
        assert cell.value == expected, key
        assert cell.status == ("" if row["status"] == "final" else row["status"]), key
        seen.add(key)
    # Every other cell of the cube is empty: no value the list does not have.
    assert all(cell.value is None and not cell.status for k, cell in cells.items() if k not in seen)


def test_the_dataset_names_units_sources_status_and_its_time(client, demo):
    data = cube(client)
    meta = decode_dataset(data)
    assert meta.roles == {"time": ["period"], "geo": ["area"], "metric": ["indicator"]}
    assert meta.ids == ["round", "area", "indicator", "period"]
    indicator = data["dimension"]["indicator"]["category"]
    assert indicator["unit"]["tyopaikat"]["label"]  # the indicator's unit
    assert indicator["unit"]["asukkaan-hyvinvointikokemus"]["decimals"] == 2
    assert all(note for note in indicator["note"].values())  # sources and licences
    assert demo.published_at.strftime("%Y-%m-%dT%H:%M") in data["updated"]
    assert data["source"] and any("licence" in note for note in data["note"])
    assert data["extension"]["strategy"] == {str(demo.pk): demo.strategy.code}
    # The demo's 2023 figure of jobs is provisional; the example values are listed.
    rows = {r["period"]: r for r in listed(client, "indicator=tyopaikat")}
    one = cube(client, "indicator=tyopaikat")
    assert one["value"] == [int(rows[p]["value"]) for p in sorted(rows)]
    assert one["status"] == {"4": "provisional"} and rows["2023"]["status"] == "provisional"
    assert one["extension"]["example"] == [
        i for i, p in enumerate(sorted(rows)) if rows[p]["is_example"]
    ]


def test_accept_asks_for_it_too_with_its_own_etag(client, demo):
    by_format = get(client, "/api/v1/observations/?format=jsonstat&indicator=tyopaikat")
    by_accept = get(
        client, "/api/v1/observations/?indicator=tyopaikat", HTTP_ACCEPT="application/json+stat"
    )
    first, second = json.loads(by_accept.content), json.loads(by_format.content)
    assert first.pop("link") and second.pop("link") and first == second
    plain = get(client, "/api/v1/observations/?indicator=tyopaikat")
    assert "results" in json.loads(plain.content)
    assert len({by_format["ETag"], by_accept["ETag"], plain["ETag"]}) == 3
    again = client.get(
        "/api/v1/observations/?format=jsonstat&indicator=tyopaikat",
        HTTP_IF_NONE_MATCH=by_format["ETag"],
        **EN,
    )
    assert again.status_code == 304
    # Labels follow the language, and so does the ETag.
    finnish = get(
        client,
        "/api/v1/observations/?format=jsonstat&indicator=tyopaikat",
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert finnish["ETag"] != by_format["ETag"]
    assert json.loads(finnish.content)["value"] == json.loads(by_format.content)["value"]


@pytest.mark.parametrize(
    "query, parameter, words",
    [
        ("page=2", "page", "no pages"),
        ("page_size=10", "page_size", "no pages"),
        ("indicator=ei-ole", "indicator", "tyopaikat"),
        ("colour=red", "colour", "indicator"),
    ],
)
def test_clear_errors(client, demo, query, parameter, words):
    data = json.loads(get(client, f"/api/v1/observations/?format=jsonstat&{query}", 400).content)
    assert words in data["message"] and data["parameter"] == parameter


def test_an_unknown_format_names_jsonstat_among_those_there_are(client, demo):
    data = json.loads(get(client, "/api/v1/observations/?format=xml", 400).content)
    assert "json, csv, jsonstat" in data["message"]
    other = json.loads(get(client, "/api/v1/goals/?format=jsonstat", 400).content)
    assert "json, csv" in other["message"] and "jsonstat" not in other["message"].split(":")[-1]


def test_a_cube_too_large_is_refused_with_what_to_do(client, demo, monkeypatch):
    from mittaristo.api import jsonstat

    # The demo's latest round: 14 indicators by its periods, which grow with the calendar year.
    whole = json.loads(get(client, "/api/v1/observations/?format=jsonstat").content)
    cells = math.prod(whole["size"])
    assert whole["size"][:3] == [1, 1, 14] and cells >= 14 * 12
    monkeypatch.setattr(jsonstat, "MAX_CELLS", cells - 1)
    data = json.loads(get(client, "/api/v1/observations/?format=jsonstat", 400).content)
    assert f"{cells} cells" in data["message"] and "indicator" in data["message"]
    get(client, "/api/v1/observations/?format=jsonstat&indicator=tyopaikat")


def test_the_gate_holds_for_the_dataset(client, demo):
    import datetime as dt

    from mittaristo.reviews.services import round_open

    draft = round_open(
        strategy=demo.strategy, name="Avoin kierros", as_of=dt.date.today(), user=None
    )
    ReviewRound.objects.filter(pk=draft.pk).update(snapshot=demo.snapshot)
    data = cube(client, "round=all")
    assert data["dimension"]["round"]["category"]["index"] == [str(demo.pk)]
    assert "Avoin kierros" not in json.dumps(data, ensure_ascii=False)
    get(client, f"/api/v1/observations/?format=jsonstat&round={draft.pk}", 400)
