"""schemathesis against the running app: every operation of /api/schema/, with the demo's
published round loaded, answers no server error and nothing the schema does not declare
(status code, content type, body).

The app runs as a real HTTP server (pytest-django's live server, a thread serving this test
database, which holds the demo committed), and every request goes to it over HTTP. The schema
is the app's own, the document /api/schema/ serves (`api.get_openapi_schema()`), read when the
tests are collected: schemathesis makes one test per operation from it. Derandomized, with a
fixed number of examples per operation, so that a run passes or fails on the code alone.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mittaristo.api.urls import api

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


schema = schemathesis.openapi.from_dict(api.get_openapi_schema())


@pytest.fixture(autouse=True)
def _no_read_limit(settings):  # noqa: F811 (pytest-django's settings, not hypothesis's)
    """Every request comes from 127.0.0.1: at the default rate the run would mostly read 429s
    (tests/api/test_throttling.py tests the limit)."""
    settings.API_READ_RATE = "1000000/min"


@schema.parametrize()
@settings(
    max_examples=10,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_schema(case, live_server, demo_committed):
    case.call_and_validate(
        base_url=live_server.url, checks=CHECKS, headers={"Accept-Language": "en"}
    )
