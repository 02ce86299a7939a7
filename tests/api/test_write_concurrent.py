"""Two requests with the same key at once: the second waits for the first and replays its answer.

The first request is held inside its storing transaction (its values written, its key taken,
not yet committed) until the test lets it go, so the overlap is certain. The wait is
PostgreSQL's (the unique index on the key); on SQLite, one writer at a time, this skips.
"""

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from mittaristo.api.models import RequestKey
from mittaristo.api.tokens import api_token_create
from mittaristo.core.models import Area
from mittaristo.observations.imports import service as import_service
from mittaristo.observations.models import Observation

pytestmark = pytest.mark.django_db(transaction=True)
BODY = json.dumps(
    {
        "observations": [
            {"indicator": "mittari", "area": "999", "period": year, "value": year}
            for year in range(2000, 2025)
        ]
    }
)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: two connections writing at once")


class Request(threading.Thread):
    def __init__(self, secret):
        super().__init__()
        self.secret, self.response = secret, None

    def run(self):
        try:
            self.response = Client().post(
                "/api/v1/observations/",
                BODY,
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {self.secret}",
                HTTP_IDEMPOTENCY_KEY="sama",
            )
        finally:
            connection.close()


def test_the_same_key_twice_at_once_stores_once(minimal_strategy, monkeypatch):
    Area.objects.create(kind="municipality", code="999", name={"fi": "Testikunta"})
    _token, secret = api_token_create(name="a", indicators=minimal_strategy.indicators.all())
    first, second = Request(secret), Request(secret)
    written, release = threading.Event(), threading.Event()
    real = import_service.observations_upsert

    def upsert_then_hold(**kwargs):
        outcome = real(**kwargs)
        if threading.current_thread() is first:
            written.set()
            assert release.wait(30), "the test never released the first request"
        return outcome

    monkeypatch.setattr(import_service, "observations_upsert", upsert_then_hold)
    first.start()
    assert written.wait(30)
    second.start()
    second.join(1.0)
    assert second.is_alive(), "the second request did not wait for the first"
    release.set()
    first.join(30), second.join(30)
    assert first.response.status_code == second.response.status_code == 200
    assert second.response.json() == first.response.json()
    assert first.response.json()["created"] == 25
    assert second.response["Idempotent-Replayed"] == "true"
    assert Observation.objects.count() == 25 and RequestKey.objects.count() == 1
