"""The language switch on every page, and numbers and dates in the reader's language."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from mittaristo.core.formatting import day, number

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/app/login/"])
def test_every_page_has_a_labelled_switch_for_three_languages(client, url):
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert '<form class="language" method="post" action="/i18n/setlang/">' in html
    assert '<label for="language-select">Kieli</label>' in html
    assert '<option value="fi" lang="fi" selected>Suomi</option>' in html
    assert '<option value="sv" lang="sv">Svenska</option>' in html
    assert '<option value="en" lang="en">English</option>' in html
    assert f'<input type="hidden" name="next" value="{url}">' in html
    assert ">Vaihda kieli</button>" in html


def test_the_choice_is_kept_in_a_cookie_for_a_year(client, settings):
    response = client.post("/i18n/setlang/", {"language": "sv", "next": "/app/login/"})
    assert response.status_code == 302 and response.url == "/app/login/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "sv"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    # The browser asks for Finnish, the cookie says Swedish: Swedish it is.
    html = client.get("/app/login/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert '<html lang="sv">' in html and "<h1>Logga in</h1>" in html


def test_a_next_address_elsewhere_is_not_followed(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response.url == "/"


@pytest.mark.parametrize(
    ("language", "value", "written"),
    [
        ("fi", "1234.5", "1\u00a0234,5"),
        ("sv", "1234.5", "1\u00a0234,5"),
        ("en", "1234.5", "1,234.5"),
        # The minus sign (U+2212), as the charts draw it, not a hyphen: in every language.
        ("fi", "-3.50", "\u22123,5"),
        ("sv", "-41.2", "\u221241,2"),
        ("en", "-6800.000000", "\u22126,800"),
        ("en", "1000000", "1,000,000"),
    ],
)
def test_numbers_follow_the_language(language, value, written):
    with translation.override(language):
        assert number(Decimal(value)) == written


@pytest.mark.parametrize(
    ("language", "written"), [("fi", "16.5.2022"), ("sv", "16 maj 2022"), ("en", "May 16, 2022")]
)
def test_dates_follow_the_language(language, written):
    with translation.override(language):
        assert day(date(2022, 5, 16)) == written
