"""The forecast on the indicator pages, live and published: honest about its uncertainty."""

import re

import pytest

from mittaristo.reviews.models import ReviewRound
from mittaristo.strategy.models import Indicator

from .test_public import publish_later_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_db):
    """The demo's published round (the demo is built once per session: tests/demo_snapshot.py)."""
    return ReviewRound.objects.get()


def forecasts(html):
    return re.findall(r'<p class="forecast">(.*?)</p>', html)


def test_the_demo_forecasts_say_what_the_data_can_tell(admin_client, demo):
    page = admin_client.get("/app/mittarit/tyoikaisten-nettomuutto/", HTTP_ACCEPT_LANGUAGE="en")
    # Example values −40, −18, −22, 5 in 2021–2024; centred years −1.5 … 1.5, Sxx = 5;
    #   Sxy = 60 + 9 − 11 + 7.5 = 65.5, b = 13.1, ȳ = −18.75; 2030: −18.75 + 13.1·7.5 = 79.5.
    #   Residuals −1.6, 7.3, −9.8, 4.1: SSE = 168.7, s² = 84.35; se = √(84.35·12.5) = 32.4711;
    #   half 4.302653·32.4711 = 139.712 → −60.2 … 219. P(≥ 50) = F₂(29.5/32.4711 = 0.908500)
    #   = ½ + 0.9085/(2√2.825372) = 0.770 → 77 %.
    assert forecasts(page.content.decode()) == [
        "Forecast 2030: 79.5 (95 % interval −60.2–219); chance of reaching the target 77 %."
    ]
    # Two values (−41.2 in 2023, −41.8 in 2024): the line is given, its uncertainty is not.
    page = admin_client.get("/app/mittarit/toimintakate/", HTTP_ACCEPT_LANGUAGE="en")
    assert forecasts(page.content.decode()) == [
        "Forecast 2030: −45.4; the uncertainty cannot be estimated from the data: too few values."
    ]


def test_no_page_shows_false_certainty(admin_client, client, demo):
    shown = []
    for code in Indicator.objects.values_list("code", flat=True):
        for url in (f"/app/mittarit/{code}/", f"/mittarit/{code}/"):
            for language in ("fi", "en"):
                page = admin_client.get(url, HTTP_ACCEPT_LANGUAGE=language)
                shown += forecasts(page.content.decode())
    assert len(shown) >= 30  # ten indicators with a forecast, on two pages in two languages
    for line in shown:
        assert "–)" not in line and "– " not in line, line  # no "95 % interval –"
        ends = re.search(r"(-?[\d\s,.]+)–(-?[\d\s,.]+)\)", line)
        assert ends is None or ends[1] != ends[2], line
        assert not re.search(r"\b(0|100) %", line), line


def test_a_round_published_before_still_reads(client, demo):
    # A snapshot as it was written before the forecast said why it had no interval: a
    # straight line gave an interval of no width and a certain chance.
    snapshot = demo.snapshot
    forecast = snapshot["indicators"]["asukkaan-hyvinvointikokemus"]["forecast"]
    forecast.pop("uncertainty")
    forecast.update(value=8.4, low=8.4, high=8.4, probability=1.0)
    snapshot["indicators"]["toimintakate"]["forecast"].pop("uncertainty")
    publish_later_round(demo, snapshot)
    page = client.get("/mittarit/asukkaan-hyvinvointikokemus/", HTTP_ACCEPT_LANGUAGE="en")
    assert forecasts(page.content.decode()) == [
        "Forecast 2030: 8.4; the uncertainty cannot be estimated from the data: "
        "the values lie on a straight line."
    ]
    page = client.get("/mittarit/toimintakate/", HTTP_ACCEPT_LANGUAGE="en")
    assert forecasts(page.content.decode())[0].endswith("too few values.")
