"""Sotkanet: regions mapped to official codes; JSON and CSV data; the User-Agent header."""

import json

import httpx
import pytest

from mittaristo.sources import sotkanet
from mittaristo.sources.http import Client, SourceError


def oskari(recorded_data, name):
    return recorded_data / "sotkanet" / "oskari" / name


def test_regions_map_internal_ids_to_official_codes(recorded_data):
    regions = sotkanet.parse_regions(
        json.loads(oskari(recorded_data, "SotkaRegions.json").read_text())
    )
    heinola = regions[44]
    assert (heinola.kind, heinola.code, heinola.name["fi"]) == ("municipality", "111", "Heinola")
    assert (regions[488].kind, regions[488].code) == ("region", "01")
    assert (regions[658].kind, regions[658].code) == ("country", "SSS")
    assert 833 not in regions  # an AVI area: not a kind of area we keep
    assert sum(r.kind == "municipality" for r in regions.values()) == 320


def test_json_data_legacy_shape(recorded_data):
    rows = sotkanet.parse_json(
        json.loads(oskari(recorded_data, "SotkaIndicatorData.json").read_text())
    )
    assert len(rows) == 466
    heinola = [r for r in rows if r.region == 44]
    assert [(r.indicator, r.year, r.gender, r.value) for r in heinola] == [
        (127, 2009, "total", 20374.0)
    ]


def test_json_data_current_shape():
    rows = sotkanet.parse_json(
        [{"indicator": 127, "region": 44, "year": 2009, "gender": "total", "value": 20374}]
    )
    assert (rows[0].region, rows[0].value) == (44, 20374.0)


def test_csv_data(recorded_data):
    rows = sotkanet.parse_csv(
        oskari(recorded_data, "SotkaIndicatorData.csv").read_text(encoding="utf-8")
    )
    assert len(rows) == 466
    by_region = {r.region: r.value for r in rows}
    assert by_region[44] == 20374.0
    assert by_region[658] == 5351427.0  # the whole country, 31.12.2009


@pytest.mark.parametrize(
    "payload, message",
    [
        ({"error": "x"}, "expected a list"),
        ([{"indicator": 127, "region": 44, "year": 2009, "value": ".."}], "is not a number"),
        ([{"indicator": 127, "year": 2009, "value": 1}], "row 1"),
    ],
)
def test_malformed_json_is_refused(payload, message):
    with pytest.raises(SourceError, match=message):
        sotkanet.parse_json(payload)


def test_csv_with_a_dot_value_names_the_line():
    text = "indicator;region;year;gender;primary value;absolute value\n127;44;2009;total;.;\n"
    with pytest.raises(SourceError, match="line 2: value '.' is not a number"):
        sotkanet.parse_csv(text)


def test_fetch_sends_a_user_agent_and_the_query(recorded_data):
    seen = []

    def handler(request):
        seen.append(request)
        if "User-Agent" not in request.headers:
            return httpx.Response(403)
        return httpx.Response(
            200, content=oskari(recorded_data, "SotkaIndicatorData.json").read_bytes()
        )

    client = Client(transport=httpx.MockTransport(handler))
    rows, request = sotkanet.fetch(127, [2009], client=client)
    assert len(rows) == 466
    assert (
        str(seen[0].url)
        == "https://sotkanet.fi/rest/1.1/json?indicator=127&years=2009&genders=total"
    )
    assert seen[0].headers["User-Agent"].startswith("Mittaristo")
