"""The municipal finance key figures: found in the recorded metadata of "Kuntien avainluvut",
read from answers, and a preliminary figure revised by the audited one.

The metadata is a recording (data/recorded/kuntatalous/, with its origin); the data answers
below are **built** in the documented JSON-stat2 format from that metadata's codes and labels
(no data answer of this table is recorded), as the replay folder builds table 115k's."""

import datetime as dt
import json
from decimal import Decimal

import httpx
import pytest
from django.core.management import call_command

from mittaristo import finance
from mittaristo.observations.models import Observation
from mittaristo.sources import fetching, kuntatalous, pxweb
from mittaristo.sources.http import Client, SourceError
from mittaristo.sources.management.commands import fetch as fetch_command

from ..conftest import ROOT

AREA = "Alue 2017"


@pytest.fixture
def metadata(recorded_data):
    path = recorded_data / "kuntatalous" / "oskari" / "px-table-aikasarja-response.json"
    return json.loads(path.read_text(encoding="utf-8"))


def answer(values, *, updated, year_labels):
    """A JSON-stat2 answer of M495 for Heinola (111) and the country, years 2015–2016.
    `values`: [(111, 2015), (111, 2016), (SSS, 2015), (SSS, 2016)]."""
    return {
        "version": "2.0",
        "class": "dataset",
        "label": "Kuntien avainluvut muuttujina Alue 2017, Tiedot ja Vuosi",
        "source": "Tilastokeskus",
        "updated": updated,
        "id": [AREA, "Tiedot", "Vuosi"],
        "size": [2, 1, 2],
        "role": {"geo": [AREA], "time": ["Vuosi"], "metric": ["Tiedot"]},
        "dimension": {
            AREA: {
                "label": AREA,
                "category": {
                    "index": {"111": 0, "SSS": 1},
                    "label": {"111": "Heinola", "SSS": "KOKO MAA"},
                },
            },
            "Tiedot": {
                "label": "Tiedot",
                "category": {
                    "index": {"M495": 0},
                    "label": {"M495": "Konsernin lainakanta euroa/asukas"},
                },
            },
            "Vuosi": {
                "label": "Vuosi",
                "category": {
                    "index": {"2015": 0, "2016": 1},
                    "label": dict(zip(["2015", "2016"], year_labels, strict=True)),
                },
            },
        },
        "value": values,
    }


# The spring release: 2016 from statements not yet audited, marked "2016*".
PRELIMINARY = answer(
    [5120.4, 5301.2, 4011.0, 4102.7], updated="2017-06-02T06:00:00Z", year_labels=["2015", "2016*"]
)
# The autumn release: 2016 from the audited statements, Heinola's figure revised.
AUDITED = answer(
    [5120.4, 5288.9, 4011.0, 4102.7], updated="2017-11-04T06:00:00Z", year_labels=["2015", "2016"]
)
FOUND = {"group_loans_per_resident": "M495"}


def test_the_figures_are_found_in_the_recorded_metadata(metadata):
    found, missing = kuntatalous.find_figures(metadata)
    assert found == {
        "annual_margin_per_resident": "M499",
        "loans_per_resident": "M496",
        "group_loans_per_resident": "M495",
        "population": "M411",
    }
    assert missing == []


def test_a_figure_is_found_by_its_label_when_its_code_changes(metadata):
    renamed = json.loads(
        json.dumps(metadata, ensure_ascii=False)
        .replace('"M495"', '"K0495"')
        .replace("Konsernin lainakanta euroa/asukas", "Konsernin lainakanta, euroa / asukas")
    )
    found, _missing = kuntatalous.find_figures(renamed, ["group_loans_per_resident"])
    assert found == {"group_loans_per_resident": "K0495"}


def test_a_code_reused_for_another_figure_is_not_taken(metadata):
    relabelled = json.loads(
        json.dumps(metadata, ensure_ascii=False).replace(
            "Konsernin lainakanta euroa/asukas", "Konsernin velat euroa/asukas"
        )
    )
    found, missing = kuntatalous.find_figures(relabelled)
    assert "group_loans_per_resident" not in found
    assert missing == ["group_loans_per_resident"]
    with pytest.raises(SourceError, match="no figure group_loans_per_resident"):
        kuntatalous.query(relabelled, keys=["group_loans_per_resident"])


def test_an_unknown_figure_is_refused(metadata):
    with pytest.raises(SourceError, match="no finance figure 'tax_rate'"):
        kuntatalous.find_figures(metadata, ["tax_rate"])


def test_the_query_for_heinola_from_the_recorded_metadata(metadata):
    px, found = kuntatalous.query(
        metadata, keys=["annual_margin_per_resident", "group_loans_per_resident"], areas=["111"]
    )
    selection = dict(pxweb.build_selection(metadata, px))
    assert selection[AREA] == ["111"]
    assert selection["Tiedot"] == ["M499", "M495"]
    assert len(selection["Vuosi"]) == 30  # 1987–2016
    assert found == {"annual_margin_per_resident": "M499", "group_loans_per_resident": "M495"}


def test_parse_reads_values_vintage_and_the_preliminary_mark():
    values = kuntatalous.parse(PRELIMINARY, found=FOUND)
    heinola = {v.year: v for v in values if v.area == ("municipality", "111")}
    assert heinola[2016].value == Decimal("5301.2")
    assert heinola[2016].preliminary is True  # the year's label "2016*"
    assert heinola[2015].preliminary is False
    assert heinola[2016].vintage == dt.date(2017, 6, 2)
    assert heinola[2016].figure == "group_loans_per_resident"
    assert {v.area for v in values} == {("municipality", "111"), ("country", "SSS")}


def test_revisions_between_the_preliminary_and_the_audited_release():
    before = kuntatalous.parse(PRELIMINARY, found=FOUND)
    after = kuntatalous.parse(AUDITED, found=FOUND)
    changed = kuntatalous.revisions(before, after)
    # Heinola's 2016 figure changed (5301.2 → 5288.9); the country's is the same number but
    # no longer preliminary; 2015 did not change.
    assert [(r.area, r.year, r.before, r.after) for r in changed] == [
        (("country", "SSS"), 2016, Decimal("4102.7"), Decimal("4102.7")),
        (("municipality", "111"), 2016, Decimal("5301.2"), Decimal("5288.9")),
    ]
    assert all(r.was_preliminary and not r.is_preliminary for r in changed)


def test_fetch_builds_the_query_from_the_metadata(metadata):
    bodies = []

    def handler(request):
        if request.method == "GET":
            return httpx.Response(200, json=metadata)
        bodies.append(json.loads(request.content))
        return httpx.Response(200, json=AUDITED)

    values, requests = kuntatalous.fetch(
        client=Client(transport=httpx.MockTransport(handler)),
        keys=["group_loans_per_resident"],
        areas=["111", "SSS"],
        since=2015,
    )
    assert [r[0] for r in requests] == ["GET", "POST"]
    query = {q["code"]: q["selection"]["values"] for q in bodies[0]["query"]}
    assert query == {AREA: ["SSS", "111"], "Vuosi": ["2015", "2016"], "Tiedot": ["M495"]}
    assert len(values) == 4


def _serve(monkeypatch, metadata, payload):
    def handler(request):
        if request.method == "GET":
            return httpx.Response(200, json=metadata)
        return httpx.Response(200, json=payload)

    def make_clients(**kwargs):
        transport = httpx.MockTransport(handler)
        return fetching.Clients(
            pxweb=Client(transport=transport), sotkanet=Client(transport=transport)
        )

    monkeypatch.setattr(fetch_command, "make_clients", make_clients)


def test_the_audited_figure_revises_the_preliminary_one(
    minimal_strategy, metadata, monkeypatch, capsys
):
    indicator = minimal_strategy.indicators.get(code="mittari")
    indicator.binding = {
        "source": "kuntien_avainluvut",
        "table": kuntatalous.TABLE,
        "contents": ["M495"],
    }
    indicator.save()
    _serve(monkeypatch, metadata, PRELIMINARY)
    call_command("fetch", areas="111,SSS", since=2015)
    assert "mittari: 4 created" in capsys.readouterr().out
    heinola = {"indicator__bound": indicator, "area__code": "111", "period": "2016"}
    first = Observation.objects.current().get(**heinola)
    assert first.value == Decimal("5301.2")
    assert first.status == Observation.Status.PROVISIONAL
    assert first.vintage == dt.date(2017, 6, 2)
    year_before = Observation.objects.current().get(
        indicator__bound=indicator, area__code="111", period="2015"
    )
    assert year_before.status == Observation.Status.FINAL

    _serve(monkeypatch, metadata, AUDITED)
    call_command("fetch", areas="111,SSS", since=2015)
    # Heinola 2016 revised, the country's 2016 no longer preliminary, 2015 unchanged.
    assert "mittari: 0 created, 2 changed, 2 unchanged" in capsys.readouterr().out
    audited = Observation.objects.current().get(**heinola)
    assert audited.value == Decimal("5288.9")
    assert audited.status == Observation.Status.FINAL
    assert audited.vintage == dt.date(2017, 11, 4)
    indicator.refresh_from_db()  # linked to its national series by the fetch
    versions = list(
        Observation.objects.versions(indicator, audited.area, "2016").values_list(
            "value", "status", "vintage"
        )
    )
    assert versions == [
        (Decimal("5288.9"), "final", dt.date(2017, 11, 4)),
        (Decimal("5301.2"), "provisional", dt.date(2017, 6, 2)),
    ]
    known_then = Observation.objects.known_on(audited.recorded_at - dt.timedelta(microseconds=1))
    assert known_then.get(**heinola).value == Decimal("5301.2")


def test_the_warning_signs_read_the_group_loans():
    municipal, country = kuntatalous.warning_sign_figures(kuntatalous.parse(AUDITED, found=FOUND))
    heinola = municipal[("municipality", "111")]
    assert heinola[2016].group_loans_per_resident == Decimal("5288.9")
    assert country[2016].group_loans_per_resident == Decimal("4102.7")
    signs = {s.year: s for s in finance.warning_signs(heinola, country)}
    loans = signs[2016].key_figures[2]  # 410/2015: group loans, at least 50 % above average
    # 4102.7 × 1.5 = 6154.05 > 5288.9: not met; the other criteria have no figures.
    assert (loans.code, loans.value, loans.limit, loans.met) == (
        "loans",
        Decimal("5288.9"),
        Decimal("6154.05"),
        False,
    )
    assert signs[2016].key_figures[0].met is None
    assert signs[2016].two_years_running is False  # one criterion known not met


def test_every_figure_of_the_warning_signs_has_one_named_source(metadata):
    sources = kuntatalous.SIGN_SOURCES
    fields = [s.field for s in sources]
    # One entry per figure the criteria read, in the order of finance.Figures, and the
    # country's figure wherever the criteria compare with the whole country.
    assert fields == list(finance.Figures.__dataclass_fields__)
    assert {s.field for s in sources if s.country} == set(
        finance.CountryFigures.__dataclass_fields__
    )
    confirmed = [s for s in sources if s.confirmed]
    # Confirmed only where the recorded metadata holds the figure, in the table named.
    assert [(s.field, s.table) for s in confirmed] == [
        ("group_loans_per_resident", "Kuntien_avainluvut/2017/kuntien_avainluvut_2017_aikasarja.px")
    ]
    found, missing = kuntatalous.find_figures(metadata, [s.figure for s in confirmed])
    assert found == {"group_loans_per_resident": "M495"} and missing == []
    assert kuntatalous.FOR_WARNING_SIGNS == {"group_loans_per_resident": "group_loans_per_resident"}
    # The rest are not fetched and are named as unconfirmed in docs/data-sources.md.
    docs = (ROOT / "docs" / "data-sources.md").read_text(encoding="utf-8")
    for source in sources:
        if not source.confirmed:
            assert source.table is None and source.figure is None, source.field
            assert f"`{source.field}`" in docs, source.field
    assert len(kuntatalous.UNCONFIRMED_FOR_WARNING_SIGNS) == len(sources) - 1


def test_the_warning_signs_figures_of_every_municipality_in_one_fetch(metadata):
    # 2016 (audited): three municipalities and the country have a figure; every other area
    # asked for is answered as missing (null). 4102.7 × 1.5 = 6154.05: Heinola above it,
    # Helsinki under, Espoo exactly at it.
    figures = {"111": 6200.0, "091": 4102.6, "049": 6154.05, "SSS": 4102.7}
    bodies = []

    def handler(request):
        if request.method == "GET":
            return httpx.Response(200, json=metadata)
        body = json.loads(request.content)
        bodies.append(body)
        areas = next(q["selection"]["values"] for q in body["query"] if q["code"] == AREA)
        many = answer([], updated="2017-11-04T06:00:00Z", year_labels=["2015", "2016"])
        many["size"] = [len(areas), 1, 1]
        many["dimension"][AREA]["category"] = {
            "index": {code: n for n, code in enumerate(areas)},
            "label": {code: code for code in areas},
        }
        many["dimension"]["Vuosi"]["category"] = {"index": {"2016": 0}, "label": {"2016": "2016"}}
        many["value"] = [figures.get(code) for code in areas]
        return httpx.Response(200, json=many)

    got = kuntatalous.fetch_warning_sign_figures(
        client=Client(transport=httpx.MockTransport(handler)), since=2016
    )
    query = {q["code"]: q["selection"]["values"] for q in bodies[0]["query"]}
    # Every area of the table (municipalities, regions, the country), only the confirmed
    # figure, the years asked for.
    assert query["Tiedot"] == ["M495"] and query["Vuosi"] == ["2016"]
    assert len(query[AREA]) > 300 and {"111", "091", "SSS"} <= set(query[AREA])
    assert set(got.municipal) == {("municipality", c) for c in ("111", "091", "049")}
    assert got.country[2016].group_loans_per_resident == Decimal("4102.7")
    assert "income_tax_rate" in got.unconfirmed
    met = {
        area: finance.warning_signs(years, got.country)[0].key_figures[2].met
        for area, years in got.municipal.items()
    }
    assert met == {
        ("municipality", "111"): True,
        ("municipality", "091"): False,
        ("municipality", "049"): True,
    }
    # Every other criterion of 118 § 3 mom. has no figure: cannot tell, never "not met".
    signs = finance.warning_signs(got.municipal[("municipality", "111")], got.country)[0]
    assert [c.met for c in signs.key_figures] == [None, None, True, None]
