"""Editing a questionnaire in the app: each form refuses what the survey file would refuse, and
nothing that answers rely on is lost (a question with answers is neither deleted nor changed to
another kind, a chosen choice is not removed)."""

import html

import pytest
from django.urls import reverse

from mittaristo.surveys.models import Binding, Choice, Question, Section, Survey

from .admin_helpers import answer, bind, make_round, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(minimal_strategy):
    return make_survey(minimal_strategy)


@pytest.fixture
def lead(client, strategy_lead):
    client.force_login(strategy_lead)
    client.cookies["django_language"] = "en"
    return client


def errors(response) -> str:
    assert response.status_code == 200, response.status_code  # the form again, with errors
    return html.unescape(response.content.decode())


def question_data(**fields):
    data = {
        "code": "uusi",
        "kind": "likert",
        "text_fi": "Uusi kysymys",
        "low_label_fi": "Huono",
        "high_label_fi": "Hyvä",
        "choices-TOTAL_FORMS": "3",
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "100",
    }
    data.update(fields)
    return data


def choices(*rows, initial=0):
    data = {"choices-TOTAL_FORMS": str(len(rows)), "choices-INITIAL_FORMS": str(initial)}
    for i, row in enumerate(rows):
        data.update({f"choices-{i}-{key}": value for key, value in row.items()})
    return data


def test_a_survey_is_created_with_a_code_and_a_name(lead, minimal_strategy):
    response = lead.post(
        reverse("survey-add"), {"code": "asukas", "name_fi": "Asukaskysely", "name_sv": "Enkät"}
    )
    survey = Survey.objects.get(code="asukas")
    assert response.url == reverse("survey", args=[survey.pk])
    assert survey.organisation == minimal_strategy.organisation
    assert survey.name == {"fi": "Asukaskysely", "sv": "Enkät"}


def test_a_survey_code_is_a_slug_and_unique(lead, survey):
    page = errors(lead.post(reverse("survey-add"), {"code": "Iso Koodi", "name_fi": "X"}))
    assert "lower-case letters" in page
    page = errors(lead.post(reverse("survey-add"), {"code": survey.code, "name_fi": "X"}))
    assert "A survey with this code exists already." in page
    assert "This field is required." in errors(
        lead.post(reverse("survey-add"), {"code": "nimeton"})
    )
    assert Survey.objects.count() == 1


def test_sections_are_added_moved_and_deleted(lead, survey):
    lead.post(reverse("survey-section-add", args=[survey.pk]), {"title_fi": "Tausta"})
    first, second = survey.sections.all()
    assert second.title == {"fi": "Tausta"} and second.order == 2
    lead.post(reverse("survey-section-move", args=[second.pk]), {"direction": "up"})
    assert list(survey.sections.all()) == [second, first]
    assert lead.get(reverse("survey-section-move", args=[second.pk])).status_code == 405
    lead.post(reverse("survey-section-delete", args=[second.pk]))
    assert list(survey.sections.all()) == [first]


def test_a_section_with_answered_questions_is_not_deleted(lead, survey):
    section = survey.sections.get()
    answer(make_round(survey), section.questions.get(code="tyytyvaisyys"), number=3)
    page = lead.get(reverse("survey-section-delete", args=[section.pk])).content.decode()
    assert "cannot be deleted" in page and 'type="submit">Delete' not in page
    lead.post(reverse("survey-section-delete", args=[section.pk]))
    assert Section.objects.filter(pk=section.pk).exists()


def test_a_choice_question_is_added_with_its_choices_in_order(lead, survey):
    section = survey.sections.get()
    data = question_data(
        code="ikaryhma",
        kind="single",
        low_label_fi="",
        high_label_fi="",
        is_background="on",
        **choices(
            {"code": "yli-65", "label_fi": "yli 65", "ORDER": "2"},
            {"code": "alle-65", "label_fi": "alle 65", "label_sv": "under 65", "ORDER": "1"},
            {},
        ),
    )
    response = lead.post(reverse("survey-question-add", args=[section.pk]), data)
    question = Question.objects.get(code="ikaryhma")
    assert response.status_code == 302 and f"#question-{question.pk}" in response.url
    assert question.order == 4 and question.is_background
    assert [(c.code, c.order) for c in question.choices.all()] == [("alle-65", 1), ("yli-65", 2)]
    assert question.choices.get(code="alle-65").label == {"fi": "alle 65", "sv": "under 65"}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"code": "suosittelu"}, "duplicate question code 'suosittelu'"),
        ({"code": "Ä"}, "lower-case letters"),
        ({"kind": "single"}, "question 'uusi': a choice question needs at least two choices"),
        (
            {
                "kind": "single",
                **choices({"code": "a", "label_fi": "A"}, {"code": "a", "label_fi": "B"}),
            },
            "duplicate choice code 'a'",
        ),
        (
            {**choices({"code": "a", "label_fi": "A"})},
            "question 'uusi': only single and multiple choice questions have choices",
        ),
        ({"low_label_fi": ""}, "a Likert or 0–10 scale question needs 'low'"),
        (
            {"kind": "number", "minimum": "10", "maximum": "2,5"},
            "question 'uusi': 'max' is below 'min'",
        ),
        ({"kind": "number", "minimum": "kymmenen"}, "Write a number"),
        ({"is_background": "on"}, "a single choice question"),
        ({"text_fi": ""}, "This field is required."),
    ],
)
def test_a_question_is_refused_as_the_survey_file_would_refuse_it(lead, survey, fields, message):
    section = survey.sections.get()
    page = errors(
        lead.post(reverse("survey-question-add", args=[section.pk]), question_data(**fields))
    )
    assert message in page
    assert section.questions.count() == 3


def test_a_question_is_changed_moved_to_another_section_and_deleted(lead, survey):
    other = Section.objects.create(survey=survey, order=2, title={"fi": "Muu"})
    question = Question.objects.get(code="suosittelu")
    data = question_data(
        section=str(other.pk), code="suositus", kind="scale", text_fi="Suosittelisitko meitä?"
    )
    assert lead.post(reverse("survey-question-edit", args=[question.pk]), data).status_code == 302
    question.refresh_from_db()
    assert (question.section, question.code, question.order) == (other, "suositus", 1)
    assert [q.code for q in survey.sections.first().questions.all()] == ["tyytyvaisyys", "yksikko"]
    assert [q.order for q in survey.sections.first().questions.all()] == [1, 2]
    lead.post(reverse("survey-question-delete", args=[question.pk]))
    assert not Question.objects.filter(pk=question.pk).exists()


def test_questions_move_up_and_down(lead, survey):
    first, second, third = survey.sections.get().questions.all()
    lead.post(reverse("survey-question-move", args=[third.pk]), {"direction": "up"})
    lead.post(reverse("survey-question-move", args=[first.pk]), {"direction": "down"})
    assert list(survey.sections.get().questions.all()) == [third, first, second]


def test_a_question_with_answers_is_not_deleted_nor_changed_to_another_kind(lead, survey):
    question = Question.objects.get(code="tyytyvaisyys")
    answer(make_round(survey), question, number=4)
    page = lead.get(reverse("survey-question-delete", args=[question.pk])).content.decode()
    assert "The question has answers: it cannot be deleted" in page
    lead.post(reverse("survey-question-delete", args=[question.pk]))
    assert Question.objects.filter(pk=question.pk).exists()
    data = question_data(section=str(question.section_id), code="tyytyvaisyys", kind="scale")
    page = errors(lead.post(reverse("survey-question-edit", args=[question.pk]), data))
    assert "The question has answers: its kind cannot be changed." in page
    # Its text may still be corrected.
    data = question_data(section=str(question.section_id), code="tyytyvaisyys", text_fi="Korjattu")
    assert lead.post(reverse("survey-question-edit", args=[question.pk]), data).status_code == 302
    question.refresh_from_db()
    assert question.text == {"fi": "Korjattu"} and question.kind == "likert"


def _unit_data(question, *, delete_b=False, extra=None):
    a, b = question.choices.all()
    rows = [
        {"choice": str(a.pk), "code": "a", "label_fi": "A", "ORDER": "1"},
        {
            "choice": str(b.pk),
            "code": "b",
            "label_fi": "B",
            "ORDER": "2",
            **({"DELETE": "on"} if delete_b else {}),
        },
        *([extra] if extra else []),
    ]
    return question_data(
        section=str(question.section_id),
        code="yksikko",
        kind="single",
        low_label_fi="",
        high_label_fi="",
        **choices(*rows, initial=2),
    )


def test_a_chosen_choice_is_not_removed_an_unchosen_one_is(lead, survey):
    question = Question.objects.get(code="yksikko")
    b = question.choices.get(code="b")
    url = reverse("survey-question-edit", args=[question.pk])
    extra = {"code": "c", "label_fi": "C", "ORDER": "3"}
    assert lead.post(url, _unit_data(question, delete_b=True, extra=extra)).status_code == 302
    assert [c.code for c in question.choices.all()] == ["a", "c"]
    c = question.choices.get(code="c")
    answer(make_round(survey), question, choice=c)
    rows = question_data(
        section=str(question.section_id),
        code="yksikko",
        kind="single",
        low_label_fi="",
        high_label_fi="",
        **choices(
            {"choice": str(question.choices.get(code="a").pk), "code": "a", "label_fi": "A"},
            {"choice": str(c.pk), "code": "c", "label_fi": "C", "DELETE": "on"},
            {"code": "d", "label_fi": "D"},
            initial=2,
        ),
    )
    page = errors(lead.post(url, rows))
    assert "A choice that was chosen in answers cannot be removed." in page
    assert Choice.objects.filter(pk=c.pk).exists() and not Choice.objects.filter(pk=b.pk).exists()


def test_a_question_of_another_kind_loses_its_choices_unless_answered(lead, survey):
    question = Question.objects.get(code="yksikko")
    data = _unit_data(question)
    data.update(kind="likert", low_label_fi="Huono", high_label_fi="Hyvä")
    assert lead.post(reverse("survey-question-edit", args=[question.pk]), data).status_code == 302
    question.refresh_from_db()
    assert question.kind == "likert" and not question.choices.exists()


# -- bindings ----------------------------------------------------------------------------------


@pytest.fixture
def indicator(minimal_strategy):
    """An indicator in per cent: where a share belongs."""
    return minimal_strategy.indicators.create(
        code="osuus",
        name={"fi": "Osuus"},
        unit={"fi": "%"},
        direction="higher",
        frequency="survey_round",
        source_kind="survey",
    )


def post_binding(client, question, **fields):
    return client.post(reverse("survey-binding-add", args=[question.pk]), fields)


def test_a_question_is_bound_to_an_indicator_by_a_rule(lead, survey, indicator):
    question = Question.objects.get(code="tyytyvaisyys")
    response = post_binding(
        lead, question, indicator=indicator.pk, rule="share_at_least", level="4"
    )
    assert response.status_code == 302
    binding = Binding.objects.get()
    assert (binding.question, binding.indicator, binding.rule) == (
        question,
        indicator,
        "share_at_least",
    )
    assert binding.level == 4 and binding.choice is None
    lead.post(reverse("survey-binding-delete", args=[binding.pk]))
    assert not Binding.objects.exists()


@pytest.mark.parametrize(
    ("code", "fields", "message"),
    [
        ("tyytyvaisyys", {"rule": "share_at_least"}, "the rule share_at_least needs a 'level'"),
        (
            "tyytyvaisyys",
            {"rule": "share_at_least", "level": "6"},
            "level 6 is outside the scale 1–5",
        ),
        (
            "suosittelu",
            {"rule": "share_at_least", "level": "-1"},
            "level -1 is outside the scale 0–10",
        ),
        (
            "tyytyvaisyys",
            {"rule": "nps"},
            "question 'tyytyvaisyys': the rule nps needs a 0–10 scale question",
        ),
        (
            "tyytyvaisyys",
            {"rule": "share_of_choice"},
            "the rule share_of_choice needs a choice question",
        ),
        (
            "yksikko",
            {"rule": "mean"},
            "the rule mean needs a Likert, 0–10 scale or number question",
        ),
        ("yksikko", {"rule": "share_of_choice"}, "the rule share_of_choice needs a 'choice'"),
    ],
)
def test_a_binding_is_refused_as_the_survey_file_would_refuse_it(
    lead, survey, indicator, code, fields, message
):
    question = Question.objects.get(code=code)
    page = errors(post_binding(lead, question, indicator=indicator.pk, **fields))
    assert message in page
    assert not Binding.objects.exists()


def test_a_share_is_refused_for_an_indicator_not_in_per_cent(lead, survey, minimal_strategy):
    """As the survey file refuses it: a share in a series of persons would look right."""
    persons = minimal_strategy.indicators.get(code="mittari")
    question = Question.objects.get(code="tyytyvaisyys")
    fields = {"indicator": persons.pk, "rule": "share_at_least", "level": "4"}
    page = errors(post_binding(lead, question, **fields))
    assert "the rule share_at_least gives a share in per cent, but the indicator 'mittari'" in page
    assert not Binding.objects.exists()
    assert post_binding(lead, question, indicator=persons.pk, rule="mean").status_code == 302


def test_share_of_choice_names_a_choice_of_the_question(survey, indicator):
    from django.core.exceptions import ValidationError

    from mittaristo.surveys import editing

    unit = Question.objects.get(code="yksikko")
    other = Question.objects.create(
        section=unit.section, order=9, code="toinen", kind="single", text={"fi": "T"}
    )
    foreign = Choice.objects.create(question=other, code="x", label={"fi": "X"})
    with pytest.raises(ValidationError, match="not one of this question's"):
        editing.binding_save(
            question=unit, indicator=indicator, rule="share_of_choice", choice=foreign
        )
    binding = editing.binding_save(
        question=unit,
        indicator=indicator,
        rule="share_of_choice",
        choice=unit.choices.first(),
        level=3,
    )
    assert binding.choice == unit.choices.first() and binding.level is None


def test_an_indicator_gets_its_value_from_one_question_of_a_survey(lead, survey, indicator):
    bind(Question.objects.get(code="tyytyvaisyys"), indicator)
    page = errors(
        post_binding(
            lead, Question.objects.get(code="suosittelu"), indicator=indicator.pk, rule="nps"
        )
    )
    assert "is already bound by another question" in page


def test_a_kind_whose_rules_do_not_fit_the_bindings_is_refused(lead, survey, indicator):
    question = Question.objects.get(code="suosittelu")
    bind(question, indicator, rule="nps")
    data = question_data(section=str(question.section_id), code="suosittelu", kind="likert")
    page = errors(lead.post(reverse("survey-question-edit", args=[question.pk]), data))
    assert "question 'suosittelu': the rule nps needs a 0–10 scale question" in page


def test_a_choice_counted_by_a_binding_is_not_removed(lead, survey, indicator):
    question = Question.objects.get(code="yksikko")
    bind(question, indicator, rule="share_of_choice", choice=question.choices.get(code="b"))
    page = errors(
        lead.post(
            reverse("survey-question-edit", args=[question.pk]), _unit_data(question, delete_b=True)
        )
    )
    assert "question 'yksikko' has no choice 'b'" in page
    assert question.choices.count() == 2
