"""The evaluation record: its JSON Schema in docs/, its JSON form round-trips, and a snapshot
written in the shape published before the record existed (version 1, taken from the demo on
2026-11-29 and kept as tests/fixtures/snapshot_v1.json) still reads and renders, as does one of
version 2 (the demo's round as published on 2026-11-30, tests/fixtures/snapshot_v2.json) and
one of version 3 (the same round as published on 2026-11-30 before indices were explained,
tests/fixtures/snapshot_v3.json) and one of version 4 (the same round as published on
2026-11-30 before a strategy kept its mission, level names, groupings and sub-goals,
tests/fixtures/snapshot_v4.json)."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from mittaristo.monitoring.records import (
    RECORD_VERSION,
    RecordError,
    evaluation_record,
    read_record,
    record_schema,
)
from mittaristo.reviews.models import ReviewRound
from mittaristo.strategy.models import Strategy

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "docs" / "evaluation-record.schema.json"
VERSION_1 = ROOT / "tests" / "fixtures" / "snapshot_v1.json"
VERSION_2 = ROOT / "tests" / "fixtures" / "snapshot_v2.json"
VERSION_3 = ROOT / "tests" / "fixtures" / "snapshot_v3.json"
VERSION_4 = ROOT / "tests" / "fixtures" / "snapshot_v4.json"


def version_1() -> dict:
    return json.loads(VERSION_1.read_text(encoding="utf-8"))


def version_2() -> dict:
    return json.loads(VERSION_2.read_text(encoding="utf-8"))


def version_3() -> dict:
    return json.loads(VERSION_3.read_text(encoding="utf-8"))


def version_4() -> dict:
    return json.loads(VERSION_4.read_text(encoding="utf-8"))


def validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_the_schema_in_docs_is_the_records_schema():
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == record_schema(), (
        "run: mittaristo record-schema > docs/evaluation-record.schema.json"
    )
    assert record_schema()["title"].endswith(f"version {RECORD_VERSION}")


@pytest.mark.django_db
def test_the_demos_record_validates_and_round_trips(demo_db):
    record = evaluation_record(Strategy.objects.current(), peers=True)
    data = json.loads(record.model_dump_json())
    assert list(validator().iter_errors(data)) == []
    assert read_record(data) == record
    # Measured numbers stay exact decimals, written as strings.
    code, measured = next((c, i) for c, i in record.indicators.items() if i.latest)
    assert isinstance(measured.latest.value, Decimal)
    written = [v for v in data["indicators"][code]["values"] if v["value"] is not None]
    assert written[-1]["value"] == format(measured.latest.value.normalize(), "f")
    # No person's name or e-mail in it: the demo's users are named.
    text = json.dumps(data, ensure_ascii=False)
    assert "@" not in text and "Tiina" not in text


def test_the_schema_refuses_what_is_not_a_record():
    errors = list(validator().iter_errors({"version": 2, "status": "fine"}))
    assert errors
    with pytest.raises(ValueError):
        read_record({"version": 2, "status": "fine"})


@pytest.mark.parametrize("version", [0, RECORD_VERSION + 1, "2", None])
def test_an_unknown_version_is_refused_with_a_message(version):
    data = version_1() | {"version": version}
    with pytest.raises(RecordError, match="unknown record version"):
        read_record(data)


@pytest.mark.django_db
def test_a_version_1_snapshot_upgrades_to_the_current_record():
    record = read_record(version_1())
    assert record.version == RECORD_VERSION
    assert list(validator().iter_errors(json.loads(record.model_dump_json()))) == []
    # What version 1 held is kept, now typed.
    assert record.area.key == "KU111" and record.area.name["sv"] == "Heinola"
    assert record.round.name == "Esimerkkikierros: Tilinpäätös 2025" and record.round.is_example
    assert record.as_of == record.round.as_of == record.evaluated_on
    loans = record.indicators["lainat-per-asukas"]
    assert loans.latest.period == "2011" and loans.latest.value == Decimal("2365")
    assert loans.forecast.uncertainty is None and loans.forecast.year == 2030
    assert loans.peers.measure == "level" and loans.peers.country.rank == 238
    aim, goal = record.find_goal("T1.1")
    assert goal.assessment.commentary.startswith("Esimerkkiarvio")
    assert goal.indicators == ["hyvinvointi-indeksi", "hyte-kerroin"]
    # What version 1 did not keep is said to be missing, not made up.
    assert record.plans == [] and loans.due is None and not loans.due_basis
    # The stored JSON is not changed by reading it.
    assert version_1()["version"] == 1


def test_a_version_2_snapshot_reads_its_values_publication_and_licence_as_unknown():
    record = read_record(version_2())
    assert record.version == RECORD_VERSION
    assert list(validator().iter_errors(json.loads(record.model_dump_json()))) == []
    jobs = record.indicators["tyopaikat"]
    assert jobs.latest.period == "2023" and jobs.latest.value == Decimal("6230")
    # Version 2 kept no publication date, licence or stated baseline: unknown, not made up.
    values = [v for i in record.indicators.values() for v in i.values]
    assert values and all(v.published is None and v.licence == "" for v in values)
    targets = [i.target for i in record.indicators.values() if i.target]
    assert targets and all(t.baseline_year is t.baseline_value is None for t in targets)
    assert version_2()["version"] == 2


def test_a_version_3_snapshot_reads_with_no_index_explained():
    data = version_3()
    assert data["version"] == 3 and all("index" not in i for i in data["indicators"].values())
    record = read_record(data)
    assert record.version == RECORD_VERSION
    assert list(validator().iter_errors(json.loads(record.model_dump_json()))) == []
    # Version 3 explained no index: the index's indicator reads as one without it.
    assert all(i.index is None for i in record.indicators.values())
    wellbeing = record.indicators["hyvinvointi-indeksi"]
    assert (
        wellbeing.name["fi"]
        and wellbeing.status == data["indicators"]["hyvinvointi-indeksi"]["status"]
    )
    jobs = record.indicators["tyopaikat"]
    assert jobs.latest.period == "2023" and jobs.latest.value == Decimal("6230")
    assert version_3()["version"] == 3


def test_a_version_4_snapshot_reads_with_no_mission_levels_groupings_or_sub_goals():
    data = version_4()
    assert data["version"] == 4 and "mission" not in data["strategy"]
    record = read_record(data)
    assert record.version == RECORD_VERSION
    assert list(validator().iter_errors(json.loads(record.model_dump_json()))) == []
    # No strategy could have them before version 5: each reads as empty, the rest as kept.
    assert not record.strategy.mission and record.strategy.levels == {}
    assert record.strategy.groupings == [] and not record.has_subgoals
    assert all(a.grouping is None and a.top_goals == a.goals for a in record.aims)
    assert record.level_names["aim"] == "Strategic aim" and record.grouping_sections == []
    assert [a.code for a in record.aims] == [a["code"] for a in data["aims"]]
    aim, goal = record.find_goal("T1.1")
    assert goal.status == data["aims"][0]["goals"][0]["status"] and goal.parent is None
    assert record.indicators["hyvinvointi-indeksi"].index is not None
    assert version_4()["version"] == 4


@pytest.mark.django_db
def test_a_record_with_an_index_explained_validates_and_round_trips(minimal_strategy):
    from tests.index_example import small_index

    small_index(minimal_strategy)
    record = evaluation_record(minimal_strategy, indices=True)
    index = record.indicators["indeksi"].index
    assert (index.year, index.value, index.rank, index.count) == (2021, 37.5, 2, 3)
    assert [c.code for c in index.components] == ["mittari", "toinen"]
    assert record.indicators["mittari"].index is None
    data = json.loads(record.model_dump_json())
    assert list(validator().iter_errors(data)) == []
    assert data["indicators"]["indeksi"]["index"]["components"][1]["value"] == "5"
    assert read_record(data) == record
    # Without `indices` (the live record) no index is explained: it reads every area's values.
    assert evaluation_record(minimal_strategy).indicators["indeksi"].index is None


def test_an_early_version_1_snapshot_without_later_keys_upgrades():
    """Snapshots of the first months had no peers, measure, band, total or frequency."""
    data = version_1()
    for indicator in data["indicators"].values():
        for key in ("peers", "measure", "frequency"):
            del indicator[key]
        if indicator["target"]:
            del indicator["target"]["value_high"], indicator["target"]["cumulative_from"]
        if indicator["forecast"]:
            del indicator["forecast"]["uncertainty"]
    record = read_record(data)
    assert all(i.peers is None and i.measure == "" for i in record.indicators.values())
    assert record.area.name == {"fi": "KU111"}  # only the peers named the area


@pytest.mark.django_db
def test_a_version_1_snapshot_renders_on_the_public_site(client, demo_db):
    review = ReviewRound.objects.published().get()
    ReviewRound.objects.filter(pk=review.pk).update(snapshot=version_1())
    pages = {
        "/": "Hyvä kasvaa Heinolassa",
        "/tavoitteet/T1.1/": "Esimerkkiarvio, ei kaupungin kirjoittama",
        "/mittarit/lainat-per-asukas/": "2 365",
    }
    for url, text in pages.items():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="fi")
        assert response.status_code == 200, url
        assert text in response.content.decode().replace("\xa0", " "), url
    download = client.get("/mittarit/lainat-per-asukas/lataa.csv")
    assert download.status_code == 200 and "KU111" in download.content.decode()
