"""The open API with many organisations: every endpoint says how it is kept to published
rounds and to one organisation, and a token writes its own organisation's indicators only.

Uses the two organisations of tests/web/test_organisations.py (A "aakkola" with an open round
only, B "beeberg" with an open and a published round; the same indicator codes in both).
"""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import URLPattern
from django.utils import translation

from mittaristo.api.models import ApiToken
from mittaristo.api.tokens import TokenError, api_token_create
from mittaristo.api.urls import urlpatterns
from mittaristo.core.models import Area
from mittaristo.observations.models import Observation
from mittaristo.strategy.models import Indicator
from tests.web.test_organisations import B_MARK, Two

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(minimal_strategy, tmp_path, django_user_model):
    return Two(minimal_strategy, tmp_path, django_user_model)


# Every address of the API (api/urls.py), with how it is kept to published rounds and to one
# organisation. A new endpoint fails test_every_api_address_is_named_here until it is added.
READS = {
    "v1/organisations/": "records.published_rounds()",
    "v1/strategies/": "records.published_rounds()",
    "v1/rounds/": "records.published_rounds()",
    "v1/aims/": "records.published_rounds()",
    "v1/goals/": "records.published_rounds()",
    "v1/assessments/": "records.published_rounds()",
    "v1/indicators/": "records.published_rounds()",
    "v1/targets/": "records.published_rounds()",
    "v1/milestones/": "records.published_rounds()",
    "v1/plans/": "records.published_rounds()",
    "v1/observations/": "published_rounds(), JSON-stat too; POST: a token's own organisation",
    "v1/rounds/<int:round_id>/": "web.published.published_round()",
    "v1/strategies/<organisation>/<code>/": "records.published_rounds()",
}
NO_DATA = {
    "schema/": "the OpenAPI schema: endpoints, no data",
    "docs/": "Swagger UI: endpoints, no data",
    "": "the API's root: where the addresses are listed",
    "^(?P<path>.*/)$": "a JSON 404 for any other address",
}


def test_every_api_address_is_named_here():
    routes = {str(p.pattern) for p in urlpatterns if isinstance(p, URLPattern)}
    assert routes - set(READS) - set(NO_DATA) == set()
    assert set(READS) | set(NO_DATA) == routes  # and none named here is gone


def _address(route: str, two) -> str:
    return "/api/" + route.replace("<int:round_id>", str(two.b_published.pk)).replace(
        "<organisation>/<code>", f"{two.b.code}/{two.b_strategy.code}"
    )


UNPUBLISHED = ("A:n kierros", "Zyx-kierros")


@pytest.mark.parametrize("method", ["get", "head"])
def test_every_read_gives_published_rounds_only(client, two, method):
    for route in [*READS, "schema/", "docs/"]:
        url = _address(route, two)
        for query in ({}, {"round": "all"}, {"format": "csv"}):
            if "<" in route or route in ("schema/", "docs/"):
                query = {}
            elif route in ("v1/organisations/", "v1/strategies/", "v1/rounds/") and query:
                query = {"format": "csv"}  # no `round`: they list every published round
            response = getattr(client, method)(url, query)
            assert response.status_code == 200, (url, query, response.status_code)
            text = response.content.decode()
            assert not any(name in text for name in UNPUBLISHED), url
            if method == "head":
                assert text == "" and int(response["Content-Length"]) > 0, url
    for pk in (two.a_open.pk, two.b_open.pk):
        for address in ("", "/aakkola", "/beeberg"):
            assert client.get(f"{address}/api/v1/rounds/{pk}/").status_code == 404
            assert client.head(f"{address}/api/v1/rounds/{pk}/").status_code == 404


def test_json_stat_gives_published_rounds_only(client, two):
    response = client.get("/api/v1/observations/", {"format": "jsonstat", "round": "all"})
    assert response.status_code == 200 and response.json()["class"] == "dataset"
    assert not any(name in response.content.decode() for name in UNPUBLISHED)
    for review in (two.a_open, two.b_open):
        asked = {"format": "jsonstat", "round": review.pk}
        assert client.get("/api/v1/observations/", asked).status_code == 400
    asked = {"format": "jsonstat", "round": two.b_published.pk}
    assert client.get("/api/v1/observations/", asked).status_code == 200
    assert client.get("/aakkola/api/v1/observations/", asked).status_code == 400


def test_under_an_organisations_address_the_api_reads_that_organisation_only(client, two):
    pk = two.b_published.pk
    assert [r["id"] for r in client.get("/beeberg/api/v1/rounds/").json()["results"]] == [pk]
    assert client.get("/aakkola/api/v1/rounds/").json()["results"] == []
    assert client.get(f"/beeberg/api/v1/rounds/{pk}/").status_code == 200
    assert client.get(f"/aakkola/api/v1/rounds/{pk}/").status_code == 404
    assert B_MARK not in client.get("/aakkola/api/v1/strategies/").content.decode()
    assert B_MARK in client.get("/api/v1/strategies/").content.decode()
    assert B_MARK in client.get("/beeberg/api/v1/strategies/").content.decode()


# -- writing -------------------------------------------------------------------------------


@pytest.fixture
def b_only(two):
    """An indicator only B has."""
    Area.objects.get_or_create(kind="municipality", code="999", defaults={"name": {"fi": "T"}})
    return Indicator.objects.create(
        strategy=two.b_strategy,
        code="zyxmittari",
        name={"fi": "Zyxmittari"},
        direction="higher",
        frequency="yearly",
        source_kind="official_statistics",
    )


def _post(client, secret, observations, key="k1"):
    return client.post(
        "/api/v1/observations/",
        json.dumps({"observations": observations}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
        HTTP_IDEMPOTENCY_KEY=key,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_a_token_belongs_to_one_organisation_and_writes_its_indicators_only(client, two, b_only):
    a_mittari = two.a_strategy.indicators.get(code="mittari")
    token, secret = api_token_create(name="talous", indicators=[a_mittari])
    assert token.organisation == two.a
    row = {"area": "999", "period": 2021, "value": 5}
    # "mittari" is A's (B has one of the same code, which stays untouched); "zyxmittari" is B's.
    response = _post(
        client, secret, [{"indicator": "mittari", **row}, {"indicator": "zyxmittari", **row}]
    )
    assert response.status_code == 422
    answer = response.json()
    assert [(p["row"], p["field"], p["value"]) for p in answer["problems"]] == [
        (2, "indicator", "zyxmittari")
    ]
    assert "aakkola has no such indicator" in answer["problems"][0]["message"]
    assert "nothing was stored" in answer["message"]
    assert not Observation.objects.exists()
    # B's indicator by its name is refused the same way; A's alone is stored, in A's indicator.
    response = _post(client, secret, [{"indicator": "Zyxmittari", **row}], key="k2")
    assert response.status_code == 422 and not Observation.objects.exists()
    assert _post(client, secret, [{"indicator": "mittari", **row}], key="k3").status_code == 200
    assert list(Observation.objects.values_list("indicator", flat=True)) == [a_mittari.pk]
    # Under another organisation's address the token is refused before anything is read.
    response = client.post(
        "/beeberg/api/v1/observations/",
        json.dumps({"observations": [{"indicator": "mittari", **row}]}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
        HTTP_IDEMPOTENCY_KEY="k4",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 403 and "aakkola" in response.json()["message"]
    assert Observation.objects.count() == 1


def test_a_token_is_not_given_another_organisations_indicators(two, b_only):
    with pytest.raises(TokenError, match="several organisations"):
        api_token_create(name="x", indicators=[two.a_strategy.indicators.first(), b_only])
    with pytest.raises(TokenError, match="zyxmittari"):
        api_token_create(name="x", organisation=two.a, indicators=[b_only])
    assert not ApiToken.objects.exists()
    # Two organisations may each have a token of the same name.
    api_token_create(name="talous", indicators=[two.a_strategy.indicators.first()])
    api_token_create(name="talous", indicators=[b_only])
    assert ApiToken.objects.active().count() == 2


def _command(*args) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("api-token", *args, stdout=out)
    return out.getvalue()


def test_the_command_names_the_organisation(two, b_only):
    with pytest.raises(
        CommandError, match="several organisations.*beeberg \\(998\\), aakkola \\(999\\)"
    ):
        _command("create", "--name", "talous", "--indicator", "mittari")
    out = _command(
        "create", "--name", "talous", "--indicator", "mittari", "--organisation", "beeberg"
    )
    token = ApiToken.objects.get()
    assert token.organisation == two.b and "of beeberg" in out
    assert list(token.indicators.all()) == [two.b_strategy.indicators.get(code="mittari")]
    # By the municipality code too; A has no "zyxmittari".
    with pytest.raises(CommandError, match="Unknown indicator"):
        _command("create", "--name", "x", "--indicator", "zyxmittari", "--organisation", "999")
    with pytest.raises(CommandError, match="no organisation 'nowhere'"):
        _command("list", "--organisation", "nowhere")
    assert "beeberg\ttalous" in _command("list")
    assert "talous" not in _command("list", "--organisation", "aakkola")
    with pytest.raises(CommandError, match="No token in use"):
        _command("revoke", "talous", "--organisation", "aakkola")
    assert "revoked" in _command("revoke", "talous", "--organisation", "beeberg")


def test_the_admin_refuses_another_organisations_indicators(admin_client, two, b_only):
    data = {"organisation": two.a.pk, "name": "palkat", "indicators": [b_only.pk]}
    response = admin_client.post("/admin/api/apitoken/add/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "These are not indicators of" in response.content.decode()
    assert not ApiToken.objects.exists()
