"""A survey's rounds in the app: opening one (its period and times checked), closing it early,
its one-time codes (made in bulk, kept as digests only, given once as a CSV file that no
spreadsheet runs as a formula), and a survey made from a shipped template."""

import csv
import datetime as dt
import html
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from mittaristo.surveys import codes, shipped
from mittaristo.surveys.models import ResponseCode, Survey, SurveyRound

from .admin_helpers import answer, make_round, make_survey

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def survey(minimal_strategy):
    return make_survey(minimal_strategy)


@pytest.fixture
def lead(client, strategy_lead):
    client.force_login(strategy_lead)
    client.cookies["django_language"] = "en"
    return client


def page_of(response) -> str:
    return html.unescape(response.content.decode())


def round_data(**fields):
    now = timezone.localtime()
    data = {
        "name_fi": "Kevät 2026",
        "name_en": "Spring 2026",
        "period": "2026 Kevät ",
        "opens": (now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes": (now + dt.timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"),
        "access": "codes",
        "population": "120",
    }
    data.update(fields)
    return data


def test_a_round_is_opened_with_its_period_in_canonical_form(lead, survey):
    response = lead.post(reverse("survey-round-add", args=[survey.pk]), round_data())
    survey_round = SurveyRound.objects.get()
    assert response.url == reverse("survey-round", args=[survey_round.pk])
    assert survey_round.period == "2026 Kevät"
    assert survey_round.name == {"fi": "Kevät 2026", "en": "Spring 2026"}
    assert survey_round.population == 120 and survey_round.is_open()
    year = lead.post(
        reverse("survey-round-edit", args=[survey_round.pk]), round_data(period="2026")
    )
    assert year.status_code == 302
    survey_round.refresh_from_db()
    assert survey_round.period == "2026"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"period": "2026Q1"}, "Write the period as a year and a season"),
        ({"period": "kevät"}, "Write the period as a year and a season"),
        ({"closes": "2020-01-01T10:00"}, "The round must close after it opens."),
        ({"opens": "eilen"}, "Enter a valid date/time."),
        ({"access": "kaikki"}, "Select a valid choice."),
        ({"population": "0"}, "greater than or equal to 1"),
        ({"name_fi": ""}, "This field is required."),
    ],
)
def test_a_round_is_refused_with_what_is_wrong(lead, survey, fields, message):
    response = lead.post(reverse("survey-round-add", args=[survey.pk]), round_data(**fields))
    assert response.status_code == 200
    assert message in page_of(response)
    assert not SurveyRound.objects.exists()


def test_a_round_with_answers_keeps_its_access_and_stored_results_keep_their_period(lead, survey):
    survey_round = make_round(survey, access="open")
    answer(survey_round, survey.sections.get().questions.first(), number=3)
    url = reverse("survey-round-edit", args=[survey_round.pk])
    page = page_of(lead.post(url, round_data(access="codes")))
    assert "its access cannot change" in page
    survey_round.results_stored = timezone.now()
    survey_round.save()
    page = page_of(lead.post(url, round_data(access="open", period="2027 syksy")))
    assert "the period cannot change" in page
    survey_round.refresh_from_db()
    assert (survey_round.access, survey_round.period) == ("open", "2026 kevät")


def test_the_round_page_gives_the_public_link_and_counts_codes_not_which(lead, survey, viewer):
    survey_round = make_round(survey)
    ResponseCode.objects.create(round=survey_round, digest=ResponseCode.digest_of("A"), used=True)
    ResponseCode.objects.create(round=survey_round, digest=ResponseCode.digest_of("B"))
    page = page_of(lead.get(reverse("survey-round", args=[survey_round.pk])))
    assert f"http://testserver/kysely/{survey_round.pk}/" in page
    assert "The round has 2 codes; 1 used." in page
    assert ResponseCode.digest_of("A") not in page
    assert "shown never again" in page
    lead.force_login(viewer)
    page = page_of(lead.get(reverse("survey-round", args=[survey_round.pk])))
    assert "The round has 2 codes" in page and "Make the codes" not in page


def test_an_open_round_is_closed_early_and_only_an_open_one(lead, survey):
    survey_round = make_round(survey)
    before = timezone.now()
    lead.post(reverse("survey-round-close", args=[survey_round.pk]))
    survey_round.refresh_from_db()
    assert before <= survey_round.closes <= timezone.now() and not survey_round.is_open()
    closes = survey_round.closes
    response = lead.post(reverse("survey-round-close", args=[survey_round.pk]), follow=True)
    assert "Only an open round can be closed early." in page_of(response)
    survey_round.refresh_from_db()
    assert survey_round.closes == closes


# -- codes -------------------------------------------------------------------------------------


def test_a_code_is_ten_unambiguous_characters_in_groups():
    made = {codes.code_new() for _ in range(500)}
    assert len(made) == 500
    for code in made:
        assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}", code), code
        assert not set(code) & set("01OIL")


def test_codes_are_made_stored_as_digests_and_downloaded_once(lead, survey):
    survey_round = make_round(survey)
    response = lead.post(reverse("survey-round-codes", args=[survey_round.pk]), {"count": "25"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="koodit-henkilosto-{survey_round.pk}.csv"'
    )
    assert response["Cache-Control"] == "no-store"
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["code"]
    made = [row[0] for row in rows[1:]]
    assert len(made) == len(set(made)) == 25
    stored = set(survey_round.codes.values_list("digest", flat=True))
    assert stored == {ResponseCode.digest_of(c) for c in made}
    assert not survey_round.codes.filter(used=True).exists()
    # Nothing stored shows a code: each row holds only its digest and whether it was used.
    assert [f.name for f in ResponseCode._meta.get_fields()] == ["id", "round", "digest", "used"]
    assert all(c.replace("-", "") not in d for c in made for d in stored)
    page = page_of(lead.get(reverse("survey-round", args=[survey_round.pk])))
    assert "The round has 25 codes; 0 used." in page
    assert not any(c in page for c in made)  # never shown again


def test_the_codes_file_runs_no_formula():
    body = codes.codes_csv(["=HYPERLINK(1)", "ABCD-EFGH-JK", "+1", "-2", "@x"])
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows == [["code"], ["'=HYPERLINK(1)"], ["ABCD-EFGH-JK"], ["'+1"], ["'-2"], ["'@x"]]


@pytest.mark.parametrize(
    ("count", "message"),
    [("0", "greater than or equal to 1"), ("5001", "less than or equal to 5000")],
)
def test_at_most_5000_codes_at_a_time(lead, survey, count, message):
    survey_round = make_round(survey)
    response = lead.post(reverse("survey-round-codes", args=[survey_round.pk]), {"count": count})
    assert response.status_code == 400 and message in page_of(response)
    assert not survey_round.codes.exists()


def test_codes_are_refused_for_an_open_access_round_and_a_closed_one(lead, survey):
    link = make_round(survey, access="open")
    response = lead.post(reverse("survey-round-codes", args=[link.pk]), {"count": "3"}, follow=True)
    assert "Only a round answered with codes has codes." in page_of(response)
    closed = make_round(survey, days=(-10, -1))
    response = lead.post(
        reverse("survey-round-codes", args=[closed.pk]), {"count": "3"}, follow=True
    )
    assert "The round has closed" in page_of(response)
    assert not ResponseCode.objects.exists()


def test_5000_codes_are_made_in_one_request(lead, survey, django_assert_max_num_queries):
    survey_round = make_round(survey)
    url = reverse("survey-round-codes", args=[survey_round.pk])
    with django_assert_max_num_queries(30):
        response = lead.post(url, {"count": "5000"})
    assert len(response.content.decode("utf-8-sig").splitlines()) == 5001
    assert survey_round.codes.count() == 5000


# -- templates ---------------------------------------------------------------------------------


@pytest.fixture
def library(monkeypatch, tmp_path):
    """The shipped templates' folder, holding only the small test template."""
    (tmp_path / "pieni.yaml").write_text(
        (FIXTURES / "admin-template.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "rikki.yaml").write_text("[: ei yaml", encoding="utf-8")
    monkeypatch.setattr(shipped, "LIBRARY", tmp_path)
    return tmp_path


def test_the_templates_are_listed_with_their_names_and_descriptions(lead, library, survey):
    page = page_of(lead.get(reverse("survey-templates")))
    assert "Small template" in page and "One question for the tests." in page
    assert 'value="pieni.yaml"' in page and "rikki" not in page


def test_a_template_is_made_a_survey_by_the_survey_files_loader(lead, library, minimal_strategy):
    response = lead.post(reverse("survey-templates"), {"template": "pieni.yaml"})
    survey = Survey.objects.get(code="pieni-pohja")
    assert response.url == reverse("survey", args=[survey.pk])
    assert survey.organisation == minimal_strategy.organisation
    assert survey.name["en"] == "Small template"
    assert survey.sections.get().questions.get().kind == "likert"
    # Made once: the page then links to it, and a second copy makes no second survey.
    page = page_of(lead.get(reverse("survey-templates")))
    assert reverse("survey", args=[survey.pk]) in page
    lead.post(reverse("survey-templates"), {"template": "pieni.yaml"})
    assert Survey.objects.filter(code="pieni-pohja").count() == 1
    assert lead.post(reverse("survey-templates"), {"template": "../x.yaml"}).status_code == 404
