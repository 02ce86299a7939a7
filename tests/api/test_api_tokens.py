"""API tokens made and revoked by the administrator: the command and the admin."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from mittaristo.api.models import ApiToken
from mittaristo.core.models import Area
from mittaristo.strategy.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicators(minimal_strategy):
    Area.objects.create(kind="municipality", code="999", name={"fi": "Testikunta"})
    Indicator.objects.create(
        strategy=minimal_strategy,
        code="toinen",
        name={"fi": "Toinen"},
        direction="higher",
        frequency="yearly",
        source_kind="official_statistics",
    )
    return minimal_strategy


def command(*args) -> str:
    out = io.StringIO()
    with translation.override("en"):  # the messages are translated; Finnish is the default
        call_command("api-token", *args, stdout=out)
    return out.getvalue()


def write(client, secret):
    body = {"observations": [{"indicator": "mittari", "area": "999", "period": 2021, "value": 5}]}
    return client.post(
        "/api/v1/observations/",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
        HTTP_IDEMPOTENCY_KEY="1",
    )


def test_the_command_creates_a_token_printed_once_that_writes_then_revokes_it(client, indicators):
    out = command("create", "--name", "talous", "--indicator", "mittari,toinen")
    secret = out.strip().splitlines()[-1]
    assert secret.startswith("mittaristo_") and "not shown again" in out
    token = ApiToken.objects.get()
    assert sorted(token.indicators.values_list("code", flat=True)) == ["mittari", "toinen"]
    assert secret not in token.digest
    assert write(client, secret).status_code == 200
    listed = command("list")
    assert "talous" in listed and "mittari, toinen" in listed and secret not in listed
    assert "revoked" in command("revoke", "talous")
    assert write(client, secret).status_code == 401
    assert "revoked" in command("list")
    # The name is free again for the system's next token.
    command("create", "--name", "talous", "--indicator", "mittari")
    assert ApiToken.objects.active().count() == 1


@pytest.mark.parametrize(
    "args, words",
    [
        (["create", "--name", "x", "--indicator", "puuttuva"], "Unknown indicator(s): puuttuva"),
        (["create", "--name", "x", "--indicator", "mittari", "--strategy", "ei"], "strategy"),
        (["revoke", "nobody"], "No token in use"),
    ],
)
def test_the_command_says_what_is_wrong(indicators, args, words):
    with pytest.raises(CommandError, match=words.replace("(", r"\(").replace(")", r"\)")):
        command(*args)
    assert not ApiToken.objects.exists()


def test_a_name_in_use_is_refused(indicators):
    command("create", "--name", "talous", "--indicator", "mittari")
    with pytest.raises(CommandError, match="in use"):
        command("create", "--name", "talous", "--indicator", "mittari")


def test_the_admin_shows_the_token_once_and_revokes(admin_client, client, indicators):
    mittari = Indicator.objects.get(code="mittari")
    response = admin_client.post(
        "/admin/api/apitoken/add/",
        {"organisation": indicators.organisation_id, "name": "palkat", "indicators": [mittari.pk]},
    )
    assert response.status_code == 200, response.content[:500]
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get()
    secret = response.context["secret"]
    assert secret.startswith(token.prefix) and secret.encode() in response.content
    assert list(token.indicators.all()) == [mittari]
    # The token's page never shows it again.
    page = admin_client.get(f"/admin/api/apitoken/{token.pk}/change/")
    assert page.status_code == 200 and secret.encode() not in page.content
    assert write(client, secret).status_code == 200
    admin_client.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert write(client, secret).status_code == 401
