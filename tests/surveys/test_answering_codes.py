"""A closed round: a one-time code lets one respondent in, once; a wrong code is one plain
message whatever is wrong with it, and guessing from one address is refused."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from mittaristo.surveys.models import Response, ResponseCode

from .answering_survey import CODES, build_round, build_survey, page_one, page_two

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
REFUSED = "This code is not valid. Check that you typed it as it is in your invitation."


@pytest.fixture(autouse=True)
def empty_cache():
    caches["logins"].clear()
    yield
    caches["logins"].clear()


@pytest.fixture
def survey_round():
    return build_round(access="codes")


def start(survey_round):
    return reverse("survey-answer", kwargs={"pk": survey_round.pk})


def page(survey_round, number):
    return reverse("survey-answer-section", kwargs={"pk": survey_round.pk, "number": number})


def enter(client, survey_round, code, address="192.0.2.1"):
    return client.post(start(survey_round), {"code": code}, REMOTE_ADDR=address, **EN)


def answer_all(client, survey_round):
    client.post(page(survey_round, 1), page_one(survey_round))
    return client.post(page(survey_round, 2), page_two(survey_round))


def test_the_landing_page_asks_for_the_code_in_a_form(client, survey_round):
    html = client.get(start(survey_round), **EN).content.decode()
    assert '<form method="post"' in html and 'name="code"' in html
    assert "Your code lets you answer once. It is not stored with your answers" in html
    # No way in without the code: the pages lead back to it.
    response = client.get(page(survey_round, 1))
    assert response.status_code == 302 and response.url == start(survey_round)


def test_a_code_lets_one_respondent_in_once(client, survey_round, django_user_model):
    # Typed as people type it: lower case, spaces instead of the dash.
    response = enter(client, survey_round, " abcd efgh ")
    assert response.status_code == 302 and response.url == page(survey_round, 1)
    assert answer_all(client, survey_round).url.endswith("/kiitos/")
    assert Response.objects.count() == 1
    used = ResponseCode.objects.get(digest=ResponseCode.digest_of(CODES[0]))
    assert used.used
    assert not ResponseCode.objects.get(digest=ResponseCode.digest_of(CODES[1])).used
    # The same code again, in this browser or another: refused with the one message.
    for browser in (client, type(client)()):
        response = enter(browser, survey_round, CODES[0])
        assert response.status_code == 200 and REFUSED in response.content.decode()
    assert Response.objects.count() == 1


@pytest.mark.parametrize("wrong", ["ZZZZ-ZZZZ", "", "   ", "x" * 65, "other-round"])
def test_an_unknown_an_empty_or_another_rounds_code_is_refused(client, survey_round, wrong):
    build_round(build_survey(code="toinen"), access="codes", codes=["OTHER-ROUND"])
    response = enter(client, survey_round, wrong)
    html = response.content.decode()
    assert response.status_code == 200 and "Please check the following:" in html
    assert (
        REFUSED in html
        or "Type the code from your invitation." in html
        or ("Ensure this value has at most 64 characters" in html)
    )
    assert client.get(page(survey_round, 1)).status_code == 302  # still not in


def test_a_used_and_an_unknown_code_get_the_same_message(client, survey_round):
    ResponseCode.objects.filter(digest=ResponseCode.digest_of(CODES[0])).update(used=True)
    used = enter(client, survey_round, CODES[0]).content.decode()
    unknown = enter(client, survey_round, "QQQQ-QQQQ").content.decode()
    assert REFUSED in used and REFUSED in unknown


def test_guessing_codes_from_one_address_is_refused(client, survey_round, settings):
    settings.SURVEY_CODE_FAILURE_LIMIT = 3
    for guess in ("AAAA-0001", "AAAA-0002", "AAAA-0003"):
        assert REFUSED in enter(client, survey_round, guess).content.decode()
    # The limit reached: even a valid code is not checked from this address.
    html = enter(client, survey_round, CODES[0]).content.decode()
    assert "Too many wrong codes. Try again in 15 min." in html
    assert client.get(page(survey_round, 1)).status_code == 302
    # Another address is not refused (a guesser cannot lock everyone out).
    other = type(client)()
    assert enter(other, survey_round, CODES[0], address="192.0.2.9").status_code == 302


def test_a_code_used_meanwhile_in_another_browser_stores_nothing(client, survey_round):
    """Two people with one code: both let in, the first to send counts, the second is told."""
    other = type(client)()
    enter(client, survey_round, CODES[0])
    enter(other, survey_round, CODES[0], address="192.0.2.2")
    assert answer_all(client, survey_round).url.endswith("/kiitos/")
    response = answer_all(other, survey_round)
    assert response.status_code == 302 and response.url == start(survey_round)
    # Told in the language the sending was made in (the site's default, Finnish).
    html = other.get(response.url).content.decode()
    assert "Tunnus on jo käytetty. Mitään ei tallennettu." in html
    assert Response.objects.count() == 1


def test_the_code_goes_only_in_a_post_and_is_never_kept(client, survey_round):
    html = client.get(start(survey_round), **EN).content.decode()
    assert 'method="post"' in html and "?code=" not in html
    enter(client, survey_round, CODES[0])
    # The session keeps the code's digest to mark it used when sending, never the code.
    assert "ABCDEFGH" not in str(dict(client.session)) and CODES[0] not in str(dict(client.session))
    answer_all(client, survey_round)
    assert "survey_answering" not in client.session
    # A code in the address is not read.
    response = client.get(start(survey_round) + "?code=" + CODES[1])
    assert client.get(page(survey_round, 1)).status_code == 302 and response.status_code == 200
