"""Rate limits of the API: per address for reads, per token for writes; 429 in JSON.

The clock is fixed (api.throttling._now), so a count never straddles two windows and the
tests cannot depend on when they run; the rates are lowered with the settings fixture.
"""

import json

import pytest
from django.core.cache import caches

from mittaristo.api import throttling
from mittaristo.api.tokens import api_token_create
from mittaristo.core.models import Area
from mittaristo.observations.models import Observation

pytestmark = pytest.mark.django_db
URL = "/api/v1/observations/"
# 1_000_000_010 s is 10 s before the end of its minute (1_000_000_020 = 16_666_667 × 60).
NOW = 1_000_000_010.0


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(throttling, "_now", lambda: NOW)


@pytest.fixture
def tokens(minimal_strategy):
    Area.objects.create(kind="municipality", code="999", name={"fi": "Testikunta"})
    indicators = minimal_strategy.indicators.all()
    return [api_token_create(name=name, indicators=indicators)[1] for name in ("a", "b")]


def get(client, address="192.0.2.1"):
    return client.get("/api/v1/strategies/", REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en")


def write(client, token, key):
    body = {"observations": [{"indicator": "mittari", "area": "999", "period": 2021, "value": 1}]}
    return client.post(
        URL,
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY=key,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_reads_are_limited_per_address_with_a_429_a_person_can_act_on(client, settings, db):
    settings.API_READ_RATE = "2/min"
    assert [get(client).status_code for _ in range(2)] == [200, 200]
    refused = get(client)
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    assert refused["Retry-After"] == "10"
    message = refused.json()["message"]
    assert "2 requests a minute" in message and "in 10 seconds" in message, message
    assert "page_size=1000" in message
    # Another address has its own count.
    assert get(client, "198.51.100.7").status_code == 200


def test_the_next_window_opens_again(client, settings, monkeypatch, db):
    settings.API_READ_RATE = "1/min"
    assert get(client).status_code == 200
    assert get(client).status_code == 429
    monkeypatch.setattr(throttling, "_now", lambda: NOW + 10)
    assert get(client).status_code == 200


def test_the_counts_are_kept_in_the_cache_every_process_shares(client, settings, db):
    settings.API_READ_RATE = "1/min"
    assert get(client).status_code == 200
    caches["default"].clear()  # each process's own: not where the count is
    assert get(client).status_code == 429
    caches["logins"].clear()
    assert get(client).status_code == 200


def test_writes_are_limited_per_token_and_a_refused_batch_stores_nothing(client, settings, tokens):
    settings.API_WRITE_RATE = "1/h"
    first, second = tokens
    assert write(client, first, "k1").status_code == 200
    Observation.objects.all().delete()
    refused = write(client, first, "k2")
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(3600 - 1_000_000_010 % 3600)
    message = refused.json()["message"]
    assert "this token" in message and "1 batches an hour" in message, message
    assert not Observation.objects.exists()
    # The other system's token has its own count; and writes do not count against reads.
    assert write(client, second, "k1").status_code == 200
    settings.API_READ_RATE = "1/min"
    assert get(client, "127.0.0.1").status_code == 200
