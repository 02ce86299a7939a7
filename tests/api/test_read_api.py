"""The open API through its URLs: what the public site shows and nothing more."""

import csv
import datetime as dt
import io
import json

import pytest

from mittaristo.monitoring.records import RECORD_VERSION
from mittaristo.reviews.models import Assessment, ReviewRound
from mittaristo.reviews.services import assessment_save, round_open

pytestmark = pytest.mark.django_db

LISTS = [
    "organisations",
    "strategies",
    "rounds",
    "aims",
    "goals",
    "assessments",
    "indicators",
    "targets",
    "milestones",
    "plans",
    "observations",
]
SECRET = "SALAINEN LUONNOS"
UNPUBLISHED = "HYVÄKSYTTY MUTTA JULKAISEMATON"


@pytest.fixture
def demo(demo_db):
    """The demo's published round (the demo's users are named people)."""
    return ReviewRound.objects.get()


@pytest.fixture
def hidden(demo, django_user_model):
    """An open round with a draft assessment, and a named person with an e-mail address."""
    lead = django_user_model.objects.get(username="strategia")
    lead.first_name, lead.last_name, lead.email = "Salla", "Salainen", "salla@example.fi"
    lead.save()
    draft = round_open(
        strategy=demo.strategy, name="Osavuosikatsaus 1/2026", as_of=dt.date.today(), user=lead
    )
    first, second = draft.assessments.all()[:2]
    assessment_save(assessment=first, user=lead, commentary=SECRET)
    # Approved, but in a round that is not published; and a snapshot the open round never had.
    Assessment.objects.filter(pk=second.pk).update(state="approved", commentary=UNPUBLISHED)
    snapshot = demo.snapshot
    snapshot["aims"][0]["description"] = {"fi": UNPUBLISHED, "en": UNPUBLISHED}
    ReviewRound.objects.filter(pk=draft.pk).update(snapshot=snapshot)
    return draft


def body(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.content[:300])
    return response


def test_every_list_answers_json_and_csv_and_hides_the_unpublished(client, demo, hidden):
    words = [
        SECRET,
        UNPUBLISHED,
        hidden.name,
        "Salla",
        "Salainen",
        "salla@example.fi",
        "strategia (",
    ]
    urls = [
        f"/api/v1/{name}/?format={fmt}" + ("" if name == "rounds" else "&round=all")
        for name in LISTS
        for fmt in ("json", "csv")
    ] + [
        "/api/v1/observations/?format=jsonstat&round=all",
        f"/api/v1/rounds/{demo.pk}/",
        f"/api/v1/strategies/{demo.strategy.organisation.code}/{demo.strategy.code}/",
    ]
    for url in urls:
        text = body(client, url).content.decode()
        for word in words:
            assert word not in text, (url, word)
    assert client.get(f"/api/v1/rounds/{hidden.pk}/").status_code == 404
    rounds = json.loads(body(client, "/api/v1/rounds/").content)
    assert [r["id"] for r in rounds["results"]] == [demo.pk]
    assert client.get(f"/api/v1/observations/?round={hidden.pk}").status_code == 400


def test_the_round_record_is_the_stored_snapshot(client, demo):
    data = json.loads(body(client, f"/api/v1/rounds/{demo.pk}/").content)
    assert data == demo.snapshot
    assert data["version"] == RECORD_VERSION and data["round"]["name"] == demo.name
    latest = body(
        client, f"/api/v1/strategies/{demo.strategy.organisation.code}/{demo.strategy.code}/"
    )
    assert json.loads(latest.content) == data


def test_observations_are_the_indicator_pages_values(client, demo):
    data = json.loads(body(client, "/api/v1/observations/?indicator=tyopaikat").content)
    rows = data["results"]
    # The public indicator page's download: 2019 published figure, 2020–2023 example values.
    assert [r["period"] for r in rows] == ["2019", "2020", "2021", "2022", "2023"]
    assert rows[0]["value"] == "6199" and rows[0]["area"] == "KU111"
    assert rows[0]["round"] == demo.pk and rows[0]["organisation"] == "111"
    assert set(rows[0]) >= {"status", "source", "source_ref", "published", "licence"}
    one = json.loads(
        body(client, "/api/v1/observations/?indicator=tyopaikat&period=2019,2021").content
    )
    assert [r["period"] for r in one["results"]] == ["2019", "2021"]
    by_goal = json.loads(body(client, "/api/v1/observations/?goal=T2.2&page_size=1000").content)
    assert {r["indicator"] for r in by_goal["results"]} >= {"tyopaikat"}
    assert all(r["area"] == "KU111" for r in by_goal["results"])


def test_csv_has_the_same_rows_with_formulas_neutralised(client, demo):
    response = body(client, "/api/v1/observations/?indicator=tyopaikat", HTTP_ACCEPT="text/csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["period"] for r in rows] == ["2019", "2020", "2021", "2022", "2023"]
    assert rows[0]["value"] == "6199"
    goals = list(
        csv.DictReader(io.StringIO(body(client, "/api/v1/goals/?format=csv").content.decode()))
    )
    assert len(goals) == 12 and "name.fi" in goals[0] and "assessment.status" in goals[0]


def test_csv_neutralises_a_formula_in_text(client, demo):
    snapshot = demo.snapshot
    snapshot["indicators"]["tyopaikat"]["values"][0]["source_ref"] = '=HYPERLINK("x")'
    snapshot["indicators"]["tyopaikat"]["values"][0]["value"] = "-5"
    ReviewRound.objects.filter(pk=demo.pk).update(snapshot=snapshot)
    text = body(client, "/api/v1/observations/?indicator=tyopaikat&format=csv").content.decode()
    row = list(csv.DictReader(io.StringIO(text)))[0]
    assert row["source_ref"] == '\'=HYPERLINK("x")' and row["value"] == "-5"


def test_pages_and_their_limits(client, demo):
    everything = json.loads(body(client, "/api/v1/goals/?page_size=1000").content)
    assert everything["count"] == 12 and everything["next"] is None
    first = json.loads(body(client, "/api/v1/goals/?page_size=5").content)
    assert first["pages"] == 3 and len(first["results"]) == 5
    last = json.loads(body(client, "/api/v1/goals/?page_size=5&page=3").content)
    assert len(last["results"]) == 2 and last["next"] is None and "page=2" in last["previous"]
    codes = [
        g["code"]
        for p in (1, 2, 3)
        for g in json.loads(body(client, f"/api/v1/goals/?page_size=5&page={p}").content)["results"]
    ]
    assert codes == [g["code"] for g in everything["results"]]


@pytest.mark.parametrize(
    "url, status, parameter, words",
    [
        ("/api/v1/goals/?page=4&page_size=5", 404, "page", "last page, 3"),
        ("/api/v1/goals/?page_size=5000", 400, "page_size", "at most 1000"),
        ("/api/v1/goals/?page_size=0", 400, None, "page_size"),
        ("/api/v1/goals/?page=x", 400, None, "page"),
        ("/api/v1/observations/?indicator=ei-ole", 400, "indicator", "tyopaikat"),
        ("/api/v1/observations/?strategy=ei-ole", 400, "strategy", "ei-ole"),
        ("/api/v1/observations/?period=1066", 400, "period", "2019"),
        ("/api/v1/goals/?colour=red", 400, "colour", "indicator"),
        ("/api/v1/goals/?format=xml", 400, "format", "csv"),
        ("/api/v1/rounds/999999/", 404, None, "/api/v1/rounds/"),
        ("/api/v1/rounds/1/?format=csv", 400, "format", "json"),
        ("/api/v1/rounds/abc/", 404, None, "/api/docs/"),
        ("/api/v1/strategies/111/a/b/", 404, None, "/api/docs/"),
    ],
)
def test_clear_errors_in_json(client, demo, url, status, parameter, words):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")  # the messages are translated
    assert response.status_code == status
    data = json.loads(response.content)
    assert words in data["message"] and data["status"] == status
    if parameter:
        assert data["parameter"] == parameter


def test_a_conditional_get_answers_not_modified_until_a_round_is_published(client, demo):
    from django.utils import timezone

    first = body(client, "/api/v1/observations/?indicator=tyopaikat")
    etag, modified = first["ETag"], first["Last-Modified"]
    again = client.get("/api/v1/observations/?indicator=tyopaikat", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    since = client.get("/api/v1/observations/?indicator=tyopaikat", HTTP_IF_MODIFIED_SINCE=modified)
    assert since.status_code == 304
    other = client.get(
        "/api/v1/observations/?indicator=tyopaikat&format=csv", HTTP_IF_NONE_MATCH=etag
    )
    assert other.status_code == 200  # another format, another ETag
    ReviewRound.objects.create(
        strategy=demo.strategy,
        name="Tilinpäätös 2026",
        as_of=dt.date.today(),
        state=ReviewRound.State.PUBLISHED,
        published_at=timezone.now() + dt.timedelta(seconds=5),
        snapshot=demo.snapshot,
    )
    after = client.get("/api/v1/observations/?indicator=tyopaikat", HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200 and after["ETag"] != etag


def test_the_schema_is_valid_openapi_3_1_and_the_docs_load_from_the_app(client, db):
    from openapi_spec_validator import validate

    schema = json.loads(body(client, "/api/schema/").content)
    assert schema["openapi"].startswith("3.1")
    validate(schema)
    assert {f"/api/v1/{name}/" for name in LISTS} <= set(schema["paths"])
    html = body(client, "/api/docs/").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "http" not in html.split("<body")[1]
    assert "<script>" not in html  # the content security policy forbids inline script


def test_lists_read_each_strategys_latest_round_unless_asked(client, demo):
    from django.utils import timezone

    later = ReviewRound.objects.create(
        strategy=demo.strategy,
        name="Tilinpäätös 2026",
        as_of=dt.date.today(),
        state=ReviewRound.State.PUBLISHED,
        published_at=timezone.now(),
        snapshot=demo.snapshot,
    )
    url = "/api/v1/observations/?indicator=tyopaikat"
    latest = json.loads(body(client, url).content)["results"]
    assert {r["round"] for r in latest} == {later.pk} and len(latest) == 5
    every = json.loads(body(client, url + "&round=all").content)["results"]
    assert sorted({r["round"] for r in every}) == sorted([demo.pk, later.pk]) and len(every) == 10
    old = json.loads(body(client, f"{url}&round={demo.pk}").content)["results"]
    assert {r["round"] for r in old} == {demo.pk}
    rounds = json.loads(body(client, "/api/v1/rounds/").content)["results"]
    assert [r["id"] for r in rounds] == [later.pk, demo.pk]
    strategies = json.loads(body(client, "/api/v1/strategies/").content)["results"]
    assert [s["latest_round"] for s in strategies] == [later.pk]
