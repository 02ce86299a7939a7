"""The write API through its URL: tokens, scopes, the import's checks, request keys, limits."""

import json
from decimal import Decimal

import pytest
from django.test import Client

from mittaristo.api.models import ApiToken, RequestKey
from mittaristo.api.tokens import api_token_create, api_token_revoke
from mittaristo.core.models import Area
from mittaristo.observations.models import ImportRun, Observation
from mittaristo.strategy.models import Indicator

pytestmark = pytest.mark.django_db
URL = "/api/v1/observations/"


@pytest.fixture
def indicators(minimal_strategy):
    Area.objects.create(kind="municipality", code="999", name={"fi": "Testikunta"})
    other = Indicator.objects.create(
        strategy=minimal_strategy,
        code="toinen",
        name={"fi": "Toinen mittari"},
        direction="higher",
        frequency="yearly",
        source_kind="official_statistics",
    )
    return minimal_strategy.indicators.get(code="mittari"), other


@pytest.fixture
def token(indicators):
    """A token for the finance system, allowed to write "mittari" only."""
    _token, secret = api_token_create(name="talousjärjestelmä", indicators=indicators[:1])
    return secret


def post(client, body, *, token=None, key="batch-1", **headers):
    headers.setdefault("HTTP_ACCEPT_LANGUAGE", "en")  # the messages are asserted in English
    if token is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data, content_type="application/json", **headers)


def rows(*items):
    fields = ("indicator", "area", "period", "value")
    return {"observations": [dict(zip(fields, item, strict=True)) for item in items]}


YEAR = rows(("mittari", "999", 2021, 6000), ("mittari", "KU999", "2022", "6 100,5"))


def stored():
    return sorted(
        Observation.objects.values_list("period", "value", "superseded_at", "source_kind")
    )


def test_a_batch_is_stored_with_the_imports_report_and_names_the_token(client, token):
    response = post(client, YEAR, token=token)
    assert response.status_code == 200, response.content
    answer = response.json()
    assert (answer["created"], answer["changed"], answer["unchanged"]) == (2, 0, 0)
    assert answer["stored"] and answer["problems"] == []
    assert [c["new"] for c in answer["changes"]] == ["6000", "6100.5"]
    values = Observation.objects.current().order_by("period")
    assert [(o.period, o.value, o.source_kind, o.source_ref) for o in values] == [
        ("2021", Decimal("6000"), "api", "talousjärjestelmä"),
        ("2022", Decimal("6100.5"), "api", "talousjärjestelmä"),
    ]
    assert ImportRun.objects.get().file_name == "API talousjärjestelmä"
    # A second batch changes one value and leaves the other: the import's counts.
    again = post(
        client,
        rows(("mittari", "999", 2021, 6000), ("mittari", "999", 2022, 6150)),
        token=token,
        key="batch-2",
    )
    assert (again.json()["created"], again.json()["changed"], again.json()["unchanged"]) == (
        0,
        1,
        1,
    )


def test_a_retry_with_the_same_key_returns_the_first_answer_and_changes_nothing(client, token):
    first = post(client, YEAR, token=token, key="vuosi-2022")
    before = stored(), ImportRun.objects.count()
    # The same batch again, spaced and ordered otherwise: the same request.
    body = {"observations": [dict(reversed(list(o.items()))) for o in YEAR["observations"]]}
    retry = post(client, json.dumps(body, indent=2), token=token, key="vuosi-2022")
    assert retry.status_code == 200
    assert retry.json() == first.json()  # created 2 again: the first answer, not "unchanged 2"
    assert retry["Idempotent-Replayed"] == "true"
    assert (stored(), ImportRun.objects.count()) == before
    assert RequestKey.objects.count() == 1


def test_the_same_key_with_another_body_is_refused_and_changes_nothing(client, token):
    post(client, YEAR, token=token, key="vuosi-2022")
    before = stored()
    other = post(client, rows(("mittari", "999", 2021, 1)), token=token, key="vuosi-2022")
    assert other.status_code == 422
    assert "was used on" in other.json()["message"] and "new key" in other.json()["message"]
    assert stored() == before


def test_a_key_is_needed(client, token):
    response = post(client, YEAR, token=token, key=None)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["message"]
    assert stored() == []


def test_a_bad_row_is_answered_422_with_its_row_and_message_and_nothing_is_stored(client, token):
    body = rows(
        ("mittari", "999", 2021, 6000),
        ("mittari", "999", 2022, "paljon"),
        ("mittari", "Atlantis", 2023, 1),
    )
    response = post(client, body, token=token)
    assert response.status_code == 422
    answer = response.json()
    assert not answer["stored"] and answer["problem_count"] == 2
    assert [(p["row"], p["field"], p["value"]) for p in answer["problems"]] == [
        (2, "value", "paljon"),
        (3, "area", "Atlantis"),
    ]
    assert "unknown area" in answer["problems"][1]["message"]
    assert "nothing was stored" in answer["message"]
    assert stored() == [] and ImportRun.objects.count() == 0
    # Nothing stored, so the key is free: the corrected batch goes with the same key.
    assert post(client, YEAR, token=token).status_code == 200


def test_the_json_shape_is_checked_per_row(client, token):
    body = {
        "observations": [
            {"indicator": "mittari", "area": "999", "period": 2021, "vaule": 1},
            {"indicator": "mittari", "area": "999", "period": [2022], "value": 1},
            {"indicator": "mittari", "area": "999", "period": 2023, "value": 1, "example": "yes"},
            {"indicator": "mittari", "area": "999", "period": 2024, "value": 1},
        ]
    }
    answer = post(client, body, token=token).json()
    assert [(p["row"], p["field"]) for p in answer["problems"]] == [
        (1, "vaule"),
        (1, "value"),
        (2, "period"),
        (3, "example"),
    ]
    assert stored() == []


@pytest.mark.parametrize(
    "body, status, words",
    [
        ("{", 400, "not JSON"),
        ("[]", 400, "a list of observations"),
        (
            {
                "observations": [],
            },
            400,
            "empty",
        ),
        ({"observations": [{}], "accept": True}, 400, "Unknown field"),
    ],
)
def test_a_body_that_is_no_batch_is_refused_with_what_to_send(client, token, body, status, words):
    response = post(client, body, token=token)
    assert (response.status_code, response["Content-Type"]) == (status, "application/json")
    assert words in response.json()["message"]


def test_a_token_cannot_write_an_indicator_outside_its_scope(client, token):
    body = rows(("mittari", "999", 2021, 6000), ("toinen", "999", 2021, 5))
    response = post(client, body, token=token)
    assert response.status_code == 403
    answer = response.json()
    assert answer["not_allowed"] == ["toinen"]
    assert "may not write toinen" in answer["message"] and "may write mittari" in answer["message"]
    assert stored() == []


def test_a_revoked_token_gets_401(client, indicators):
    found, secret = api_token_create(name="palkat", indicators=indicators)
    api_token_revoke(token=found)
    response = post(client, YEAR, token=secret)
    assert response.status_code == 401
    assert "revoked" in response.json()["message"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert stored() == []


@pytest.mark.parametrize(
    "header, words",
    [
        (None, "needs an API token"),
        ("Bearer mittaristo_tuntematon", "not known"),
        ("Basic dXNlcjpwYXNz", "Bearer <token>"),
    ],
)
def test_an_unknown_or_missing_token_gets_401(client, token, header, words):
    extra = {} if header is None else {"HTTP_AUTHORIZATION": header}
    response = post(client, YEAR, **extra)
    assert response.status_code == 401
    assert words in response.json()["message"]
    assert stored() == []


def test_the_token_is_kept_only_as_a_digest_and_its_use_is_noted(client, token):
    kept = ApiToken.objects.get()
    assert token not in {kept.digest, kept.prefix} and token.startswith(kept.prefix)
    assert kept.last_used_at is None
    post(client, YEAR, token=token)
    kept.refresh_from_db()
    assert kept.last_used_at is not None


def test_outliers_wait_for_accept_outliers_as_in_the_import(client, token):
    """The series 6 000, 6 100, 6 230 allows 5 885 … 6 345 (tests/observations/
    test_import_plausibility.py): "6,241" read the Finnish way is 6.241, far below."""
    known = rows(
        ("mittari", "999", 2021, 6000),
        ("mittari", "999", 2022, 6100),
        ("mittari", "999", 2023, 6230),
    )
    assert post(client, known, token=token, key="a").status_code == 200
    slipped = rows(("mittari", "999", 2023, "6,241"), ("mittari", "999", 2024, 6300))
    refused = post(client, slipped, token=token, key="b")
    assert refused.status_code == 422
    answer = refused.json()
    outlier = answer["outliers"][0]
    assert answer["outlier_count"] == 1 and not answer["stored"]
    assert (outlier["row"], outlier["old"], outlier["new"], outlier["low"], outlier["high"]) == (
        1,
        "6230",
        "6.241",
        "5885",
        "6345",
    )
    assert answer["outlier_digest"] in answer["message"]
    assert "2024" not in dict(Observation.objects.current().values_list("period", "value"))
    # Confirmed by the digest of what was listed (the refused key is free again).
    body = {**slipped, "accept_outliers": answer["outlier_digest"]}
    accepted = post(client, body, token=token, key="b")
    assert accepted.status_code == 200
    current = dict(Observation.objects.current().values_list("period", "value"))
    assert (current["2023"], current["2024"]) == (Decimal("6.241"), Decimal("6300"))


def test_a_batch_larger_than_the_limit_gets_413(client, token, settings):
    settings.API_WRITE_MAX_ROWS = 2
    body = rows(*[("mittari", "999", year, 1) for year in (2020, 2021, 2022)])
    response = post(client, body, token=token)
    assert response.status_code == 413
    assert "at most 2 observations" in response.json()["message"]
    assert stored() == []


def test_csrf_does_not_stand_in_the_way_of_a_token(token):
    client = Client(enforce_csrf_checks=True)
    assert post(client, YEAR, token=token).status_code == 200


def test_reading_the_list_needs_no_token(client, token):
    response = client.get(URL)
    assert response.status_code != 401, response.content


def test_the_schema_describes_the_write_with_its_token_key_and_answers(client, db):
    schema = client.get("/api/schema/").json()
    post_ = schema["paths"][URL]["post"]
    assert post_["security"] == [{"TokenAuth": []}]
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    assert [p["name"] for p in post_["parameters"]] == ["Idempotency-Key"]
    body = post_["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["observations"]["maxItems"] == 10_000
    assert {"200", "401", "403", "413", "422", "429"} <= set(post_["responses"])
    assert "429" in schema["paths"][URL]["get"]["responses"]
