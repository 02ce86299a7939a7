"""PxWeb: queries built from real metadata, splitting, throttling and back-off (fake clock)."""

import json

import httpx
import pytest

from mittaristo.sources import pxweb
from mittaristo.sources.http import Client, SourceError, Throttle


def load(recorded_data, *parts):
    return json.loads(recorded_data.joinpath(*parts).read_text(encoding="utf-8"))


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def test_selection_from_accommodation_metadata(recorded_data):
    meta = load(recorded_data, "statfin", "nbbrd_sdmx-dl", "statfin-table-meta.json")
    query = pxweb.PxQuery(
        database="StatFin",
        table="matk/statfin_matk_pxt_117s.px",
        contents=["Number of bedrooms"],  # by its text
        select={"Type of establishment": ["01"]},
        areas=["111"],
        since=2020,
    )
    selection = dict(pxweb.build_selection(meta, query))
    assert selection["Kunta"] == ["111"]
    assert selection["Tiedot"] == ["huoneet"]
    assert selection["Toimiala"] == ["01"]
    years = selection["Vuosi"]
    assert years[0] == "2020" and all(int(y) >= 2020 for y in years)


def test_selection_from_key_figures_metadata_all_areas(recorded_data):
    meta = load(recorded_data, "kuntatalous", "oskari", "px-table-aikasarja-response.json")
    query = pxweb.PxQuery(
        database="Kuntien_avainluvut",
        table="2017/kuntien_avainluvut_2017_aikasarja.px",
        contents=["M152", "M499"],
    )
    selection = dict(pxweb.build_selection(meta, query))
    areas = selection["Alue 2017"]
    # Municipalities, regions and the country; sub-regions (SK...) are not areas we keep.
    assert "111" in areas and "MK07" in areas and "SSS" in areas
    assert not any(a.startswith("SK") for a in areas)
    assert selection["Tiedot"] == ["M152", "M499"]
    assert len(selection["Vuosi"]) == 30


def test_unknown_variable_or_category_is_named(recorded_data):
    meta = load(recorded_data, "statfin", "nbbrd_sdmx-dl", "statfin-table-meta.json")
    with pytest.raises(SourceError, match="no variable 'Ikä'"):
        pxweb.build_selection(
            meta, pxweb.PxQuery("StatFin", "117s.px", ["huoneet"], select={"Ikä": ["SSS"]})
        )
    with pytest.raises(SourceError, match="no area municipality 999"):
        pxweb.build_selection(
            meta, pxweb.PxQuery("StatFin", "117s.px", ["huoneet"], areas=["KU999"])
        )


def test_split_keeps_every_part_under_the_limit():
    selection = [
        ("alue", [f"{i:03d}" for i in range(300)]),
        ("vuosi", [str(y) for y in range(1990, 2025)]),
        ("tiedot", ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"]),
    ]
    # 300 × 35 × 12 = 126,000 cells: over 120,000, so two parts along the areas.
    parts = pxweb.split(selection, 120_000)
    assert len(parts) == 2
    assert [len(dict(p)["alue"]) for p in parts] == [285, 15]
    assert sum(len(dict(p)["alue"]) for p in parts) == 300
    # A limit smaller than one area's cells splits the next variable too.
    parts = pxweb.split(selection, 100)
    assert all(len(dict(p)["vuosi"]) * len(dict(p)["alue"]) * 12 <= 100 for p in parts)
    assert sum(len(dict(p)["alue"]) * len(dict(p)["vuosi"]) for p in parts) == 300 * 35


def test_throttle_waits_for_the_window():
    clock = FakeClock()
    throttle = Throttle(calls=30, window=10.0, clock=clock, sleep=clock.sleep)
    for _ in range(30):
        throttle.wait()
        clock.now += 0.1  # 30 calls in 3 s
    assert clock.slept == []
    throttle.wait()  # the 31st waits until the first is 10 s old
    assert clock.slept == [pytest.approx(7.0)]
    assert clock.now == pytest.approx(10.0)


def test_backs_off_on_429_then_succeeds():
    clock = FakeClock()
    answers = iter(
        [
            httpx.Response(429, headers={"Retry-After": "5"}),
            httpx.Response(429),
            httpx.Response(200, json={"ok": 1}),
        ]
    )
    client = Client(
        transport=httpx.MockTransport(lambda request: next(answers)),
        throttle=Throttle(30, 10.0, clock, clock.sleep),
        sleep=clock.sleep,
    )
    assert client.json("GET", "https://example.invalid/t") == {"ok": 1}
    assert clock.slept == [5.0, 2.0]  # Retry-After, then the second step of 1, 2, 4 s


def test_gives_up_after_repeated_429():
    clock = FakeClock()
    client = Client(
        transport=httpx.MockTransport(lambda request: httpx.Response(429)),
        throttle=Throttle(30, 10.0, clock, clock.sleep),
        retries=2,
        sleep=clock.sleep,
    )
    with pytest.raises(SourceError, match="HTTP 429"):
        client.json("GET", "https://example.invalid/t")
    assert clock.slept == [1.0, 2.0]


def three_cities_service(recorded_data, seen):
    meta = {
        "title": "11re",
        "variables": [
            {
                "code": "alue_23_20260101",
                "text": "Alue",
                "values": ["SSS", "KU049", "KU091", "KU092"],
                "valueTexts": ["KOKO MAA", "Espoo", "Helsinki", "Vantaa"],
            },
            {
                "code": "ikaryhma_10_20180101",
                "text": "Ikä",
                "values": ["SSS"],
                "valueTexts": ["Yhteensä"],
                "elimination": True,
            },
            {
                "code": "sukupuoli_9_20180101",
                "text": "Sukupuoli",
                "values": ["SSS", "1", "2"],
                "valueTexts": ["Yhteensä", "Miehet", "Naiset"],
                "elimination": True,
            },
            {
                "code": "timeperiod_y",
                "text": "Vuosi",
                "values": ["2024", "2025"],
                "valueTexts": ["2024", "2025"],
                "time": True,
            },
            {
                "code": "contentscode",
                "text": "Tiedot",
                "values": ["vaerak-vaesto"],
                "valueTexts": ["Väestö 31.12."],
            },
        ],
    }
    answer = load(recorded_data, "statfin", "markusl_statfin-mcp", "api-query-three-cities.json")

    def handler(request):
        seen.append((request.method, json.loads(request.content) if request.content else None))
        assert request.headers["User-Agent"].startswith("Mittaristo")
        return httpx.Response(200, json=meta if request.method == "GET" else answer)

    return handler


def test_fetch_reads_metadata_then_posts_a_query_built_from_it(recorded_data):
    seen = []
    client = pxweb.pxweb_client(
        transport=httpx.MockTransport(three_cities_service(recorded_data, seen))
    )
    query = pxweb.PxQuery(
        "StatFin",
        "11re.px",
        ["vaerak-vaesto"],
        select={"Ikä": ["SSS"], "Sukupuoli": ["SSS"]},
        areas=["KU049", "KU091", "KU092"],
        since=2025,
    )
    fetched = pxweb.fetch(query, client=client)
    assert [m for m, _b in seen] == ["GET", "POST"]
    body = seen[1][1]
    assert body["response"] == {"format": "json-stat2"}
    assert {q["code"]: q["selection"]["values"] for q in body["query"]} == {
        "alue_23_20260101": ["KU049", "KU091", "KU092"],
        "timeperiod_y": ["2025"],
        "contentscode": ["vaerak-vaesto"],
        "ikaryhma_10_20180101": ["SSS"],
        "sukupuoli_9_20180101": ["SSS"],
    }
    assert {(r.area, r.period, r.value) for r in fetched.rows} == {
        ("KU049", "2025", 325716.0),
        ("KU091", "2025", 694392.0),
        ("KU092", "2025", 252956.0),
    }
    assert fetched.updated == "2026-04-01T05:00:00Z"


def test_answer_missing_an_area_is_an_error(recorded_data):
    seen = []
    client = pxweb.pxweb_client(
        transport=httpx.MockTransport(three_cities_service(recorded_data, seen))
    )
    query = pxweb.PxQuery("StatFin", "11re.px", ["vaerak-vaesto"], areas=["SSS", "KU049"])
    with pytest.raises(SourceError, match=r"lacks the areas \['SSS'\]"):
        pxweb.fetch(query, client=client)


def test_answer_with_changed_variable_code_is_an_error(recorded_data):
    answer = load(recorded_data, "statfin", "markusl_statfin-mcp", "api-query-three-cities.json")
    selection = [("alue_24_20270101", ["KU049"]), ("timeperiod_y", ["2025"])]
    with pytest.raises(SourceError, match="lacks the variables"):
        pxweb.parse(answer, table="11re.px", selection=selection)


def test_area_variable_found_by_a_word_or_named_in_the_binding():
    meta = {
        "variables": [
            {
                "code": "Lähtöalue",
                "text": "Lähtöalue",
                "values": ["SSS"],
                "valueTexts": ["Koko maa"],
            },
            {
                "code": "Työpaikan alue",
                "text": "Työpaikan alue",
                "values": ["SSS", "KU111"],
                "valueTexts": ["Koko maa", "Heinola"],
            },
            {
                "code": "Vuosi",
                "text": "Vuosi",
                "values": ["2019"],
                "valueTexts": ["2019"],
                "time": True,
            },
            {
                "code": "Tiedot",
                "text": "Tiedot",
                "values": ["tyolliset3"],
                "valueTexts": ["Työlliset"],
            },
        ]
    }
    assert pxweb.find_variable(meta, "geo")["code"] == "Työpaikan alue"
    query = pxweb.PxQuery(
        "StatFin", "x.px", ["tyolliset3"], areas=["SSS"], area_variable="Lähtöalue"
    )
    assert dict(pxweb.build_selection(meta, query))["Lähtöalue"] == ["SSS"]
