"""The app's edits are checked by the survey file's own rules (surveys/edit_check.py): what
`load-survey` refuses, a form refuses too, in the same words and in the reader's language,
and nothing is saved."""

import html

import pytest
from django.urls import reverse

from mittaristo.surveys.definition import SurveyFileError, load_survey
from mittaristo.surveys.models import Binding, Question, Section, Survey

from .admin_helpers import make_survey
from .test_admin_editing import choices, question_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(minimal_strategy):
    return make_survey(minimal_strategy)


def login(client, user, language="en"):
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def page_of(response) -> str:
    assert response.status_code == 200, response.status_code  # the form again, with errors
    return html.unescape(response.content.decode())


def file_problems(text: str, organisation) -> list[str]:
    with pytest.raises(SurveyFileError) as refused:
        load_survey(text, organisation=organisation, filename="k.yaml")
    return [line.split(": ", 1)[1] for line in refused.value.errors]


FILE = """schema_version: 1
code: koe
name: Koe
sections:
  - title: Osa
    questions:
{questions}
"""


def test_a_likert_question_without_its_ends_is_refused_in_the_same_words(
    client, strategy_lead, survey
):
    text = FILE.format(questions="      - {code: uusi, kind: likert, text: Uusi}")
    in_file = file_problems(text, survey.organisation)
    assert "question 'uusi': a Likert or 0–10 scale question needs 'low'" in in_file
    section = survey.sections.get()
    page = page_of(
        login(client, strategy_lead).post(
            reverse("survey-question-add", args=[section.pk]),
            question_data(low_label_fi="", high_label_fi=""),
        )
    )
    for message in in_file:
        assert message in page
    assert not Question.objects.filter(code="uusi").exists()


def test_a_duplicate_question_code_is_refused_in_the_same_words_without_a_line(
    client, strategy_lead, survey
):
    questions = (
        "      - {code: sama, kind: text, text: A}\n      - {code: sama, kind: text, text: B}"
    )
    assert file_problems(FILE.format(questions=questions), survey.organisation) == [
        "duplicate question code 'sama' (first at line 7)"
    ]
    page = page_of(
        login(client, strategy_lead).post(
            reverse("survey-question-add", args=[survey.sections.get().pk]),
            question_data(code="suosittelu", kind="text", low_label_fi="", high_label_fi=""),
        )
    )
    assert "duplicate question code 'suosittelu'" in page and "first at line" not in page
    assert Question.objects.filter(code="suosittelu").count() == 1


def test_a_share_bound_to_an_indicator_not_in_per_cent_is_refused_in_the_same_words(
    client, strategy_lead, survey, minimal_strategy
):
    """`mittari` is measured in persons: a share stored in it would look right and be wrong."""
    questions = (
        "      - code: arvio\n"
        "        kind: likert\n"
        "        text: Arvio\n"
        "        low: Huono\n"
        "        high: Hyvä\n"
        "        bindings: [{indicator: mittari, rule: share_at_least, level: 4}]"
    )
    in_file = file_problems(FILE.format(questions=questions), survey.organisation)
    assert len(in_file) == 1 and in_file[0].startswith(
        "the rule share_at_least gives a share in per cent, but the indicator 'mittari'"
    )
    question = Question.objects.get(code="tyytyvaisyys")
    page = page_of(
        login(client, strategy_lead).post(
            reverse("survey-binding-add", args=[question.pk]),
            {
                "indicator": minimal_strategy.indicators.get(code="mittari").pk,
                "rule": "share_at_least",
                "level": "4",
            },
        )
    )
    assert in_file[0] in page
    assert not Binding.objects.exists()


def test_a_text_in_swedish_alone_is_refused_as_the_file_refuses_it(client, strategy_lead, survey):
    """A text needs its Finnish (the schema's rule): the form asked it only of a name."""
    lead = login(client, strategy_lead)
    section = survey.sections.get()
    page = page_of(
        lead.post(
            reverse("survey-question-add", args=[section.pk]),
            question_data(help_text_sv="Välj ett."),
        )
    )
    assert "sections.0.questions.3.help" in page
    assert not Question.objects.filter(code="uusi").exists()
    page = page_of(
        lead.post(
            reverse("survey-section-edit", args=[section.pk]),
            {"title_fi": "Työ", "description_sv": "Endast på svenska"},
        )
    )
    assert "sections.0.description" in page
    section.refresh_from_db()
    assert section.description == {}
    page = page_of(
        lead.post(reverse("survey-add"), {"code": "ruotsi", "name_fi": "R", "description_en": "E"})
    )
    assert "description: should be a text, or texts by language with at least 'fi'" in page
    assert not Survey.objects.filter(code="ruotsi").exists()


def test_the_problem_is_in_the_readers_language(client, strategy_lead, survey):
    """The file check's words come through gettext when the form is checked: in Finnish for a
    Finnish reader (the catalogue's existing translation)."""
    page = page_of(
        login(client, strategy_lead, "fi").post(
            reverse("survey-question-add", args=[survey.sections.get().pk]),
            question_data(kind="single", low_label_fi="", high_label_fi=""),
        )
    )
    assert "kysymys 'uusi': valintakysymyksellä pitää olla vähintään kaksi vaihtoehtoa" in page


def test_a_survey_with_a_problem_stored_before_can_still_be_mended(client, strategy_lead, survey):
    """A problem the stored survey had already (made before these rules) is not blamed on an
    unrelated edit; the edit that mends it is accepted."""
    broken = Question.objects.create(
        section=survey.sections.get(), order=9, code="rikki", kind="single", text={"fi": "R"}
    )
    lead = login(client, strategy_lead)
    response = lead.post(
        reverse("survey-section-edit", args=[broken.section_id]), {"title_fi": "Työelämä"}
    )
    assert response.status_code == 302
    data = question_data(
        section=str(broken.section_id),
        code="rikki",
        kind="single",
        text_fi="R",
        low_label_fi="",
        high_label_fi="",
        **choices({"code": "a", "label_fi": "A"}, {"code": "b", "label_fi": "B"}),
    )
    response = lead.post(reverse("survey-question-edit", args=[broken.pk]), data)
    assert response.status_code == 302
    assert [c.code for c in broken.choices.all()] == ["a", "b"]


def test_a_removed_choice_given_again_by_its_code_keeps_its_binding(
    client, strategy_lead, survey, minimal_strategy
):
    """A code names a choice, as in the file: the row removed and a new row with its code
    is the same choice, and the binding that counts it stays."""
    indicator = minimal_strategy.indicators.create(
        code="osuus",
        name={"fi": "Osuus"},
        unit={"fi": "%"},
        direction="higher",
        frequency="survey_round",
        source_kind="survey",
    )
    question = Question.objects.get(code="yksikko")
    b = question.choices.get(code="b")
    Binding.objects.create(question=question, indicator=indicator, rule="share_of_choice", choice=b)
    a = question.choices.get(code="a")
    data = question_data(
        section=str(question.section_id),
        code="yksikko",
        kind="single",
        low_label_fi="",
        high_label_fi="",
        **choices(
            {"choice": str(a.pk), "code": "a", "label_fi": "A"},
            {"choice": str(b.pk), "code": "b", "label_fi": "B", "DELETE": "on"},
            {"code": "b", "label_fi": "B uusi"},
            initial=2,
        ),
    )
    response = login(client, strategy_lead).post(
        reverse("survey-question-edit", args=[question.pk]), data
    )
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.label == {"fi": "B uusi"} and Binding.objects.get().choice == b


def test_a_section_waits_for_its_questions(client, strategy_lead, survey):
    """The file needs a question in each section; the app builds a survey a part at a time."""
    response = login(client, strategy_lead).post(
        reverse("survey-section-add", args=[survey.pk]), {"title_fi": "Tausta"}
    )
    assert response.status_code == 302
    assert Section.objects.filter(survey=survey).count() == 2
