"""A composite index's section (web/_index.html) on a phone, internal and public: no sideways
scroll, large enough targets, no serious axe violation, in Finnish, Swedish and English. The
demo defines no index yet, so the phone test of every page does not meet this section."""

import re

import pytest

from tests.index_example import small_index

from .conftest import ARTEFACTS, PASSWORD
from .test_phone import check, phone

pytestmark = pytest.mark.browser


def test_the_index_section_fits_a_phone(browser, live_server, people, minimal_strategy):
    import datetime as dt

    from django.utils import timezone

    from mittaristo.reviews.models import ReviewRound
    from mittaristo.reviews.snapshot import build_snapshot

    small_index(minimal_strategy)
    review = ReviewRound.objects.create(
        strategy=minimal_strategy,
        name="Tilinpäätös 2021",
        as_of=dt.date.today(),
        state=ReviewRound.State.PUBLISHED,
        published_at=timezone.now(),
    )
    review.snapshot = build_snapshot(review)
    review.save()
    failures = []
    for language in ["fi", "sv", "en"]:
        context, tab = phone(browser, live_server, language)
        try:
            failures += [f"{language} public: {p}" for p in check(tab, "/mittarit/indeksi/")]
            tab.goto("/app/login/")
            tab.locator("#id_username").fill("lukija")
            tab.locator("#id_password").fill(PASSWORD)
            with tab.expect_navigation():
                tab.locator("main").get_by_role("button").click()
            problems = check(tab, "/app/mittarit/indeksi/")
            failures += [f"{language} internal: {p}" for p in problems]
            assert tab.locator("table.index-components caption").count() == 1
            ARTEFACTS.mkdir(parents=True, exist_ok=True)
            shot = re.sub(r"\W+", "_", f"phone_{language}_index")
            tab.locator("section.index-explained").screenshot(path=ARTEFACTS / f"{shot}.png")
        finally:
            context.close()
    assert not failures, "\n".join(failures)
