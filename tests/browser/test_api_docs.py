"""The API's docs page (Swagger UI) in a browser: it loads from the app, draws the schema, and
the site's content security policy blocks nothing."""

import pytest

from .conftest import csp_violations

pytestmark = pytest.mark.browser


def test_the_api_docs_draw_the_schema_within_the_policy(page, transactional_db):
    page.goto("/api/docs/")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "Mittaristo open API" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock-summary-path").filter(has_text="/api/v1/observations/").count()
    assert csp_violations(page) == []
    assert page.console_errors == []
