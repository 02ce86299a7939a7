"""Loading a survey file: what it stores, all or nothing, reloading, and what a reload refuses
because answers would be lost."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from mittaristo.surveys import models as m
from mittaristo.surveys.definition import SurveyFileError, load_survey, survey_load

from .file_fixtures import VALID, errors, replace

pytestmark = pytest.mark.django_db


def rows() -> dict:
    """Every row a survey file writes, by model, with what was stored: a snapshot to compare."""
    return {
        model.__name__: sorted(model.objects.values_list(), key=repr)
        for model in (m.Survey, m.Section, m.Question, m.Choice, m.Binding)
    }


def answer(question_code: str, *, choice: str | None = None, number=None):
    """One stored answer to a question of the survey "kysely" (a round made for it)."""
    question = m.Question.objects.get(code=question_code, section__survey__code="kysely")
    now = timezone.now()
    round_ = m.SurveyRound.objects.create(
        survey=question.section.survey,
        name={"fi": "Kierros"},
        period="2026 kevät",
        opens=now - dt.timedelta(days=1),
        closes=now + dt.timedelta(days=1),
        access="open",
    )
    response = m.Response.objects.create(
        round=round_, submitted_on=now.date(), language="fi", submission_key=f"k{question.pk}"
    )
    return m.Answer.objects.create(
        response=response,
        question=question,
        number=number,
        choice=question.choices.get(code=choice) if choice else None,
    )


def test_a_file_makes_the_survey_with_all_its_parts(file_org):
    report = survey_load(VALID, organisation=file_org)
    survey = report.survey
    assert report.created
    assert report.lines() == [
        "Survey kysely created (sections: 2, questions: 6, choices: 4, bindings to indicators: 2)."
    ]
    assert survey.organisation == file_org
    assert survey.name == {"fi": "Kysely", "sv": "Enkät", "en": "Survey"}
    assert survey.description == {"fi": "Testikysely."}
    assert [s.title["fi"] for s in survey.sections.all()] == ["Osa", "Taustatiedot"]
    questions = m.Question.objects.filter(section__survey=survey).order_by(
        "section__order", "order"
    )
    assert [(q.code, q.kind) for q in questions] == [
        ("tyytyvaisyys", "likert"),
        ("suosittelu", "scale"),
        ("kulkutapa", "single"),
        ("ika", "single"),
        ("vuodet", "number"),
        ("palaute", "text"),
    ]
    likert = questions.get(code="tyytyvaisyys")
    assert likert.required and not likert.is_background
    assert likert.low_label == {"fi": "Täysin eri mieltä", "en": "Strongly disagree"}
    assert questions.get(code="ika").is_background
    number = questions.get(code="vuodet")
    assert (number.minimum, number.maximum) == (Decimal(0), Decimal(120))
    assert [c.code for c in questions.get(code="kulkutapa").choices.all()] == [
        "kavellen",
        "autolla",
    ]
    mean = likert.bindings.get()
    assert (mean.indicator.code, mean.rule, mean.level, mean.choice) == (
        "tyytyvaisyys",
        "mean",
        None,
        None,
    )
    share = questions.get(code="kulkutapa").bindings.get()
    assert (share.indicator.code, share.rule, share.choice.code) == (
        "osuus",
        "share_of_choice",
        "kavellen",
    )


def test_a_file_with_a_problem_stores_nothing(file_org):
    broken = replace(VALID, "          - indicator: osuus", "          - indicator: ei-ole")
    errors(broken, file_org)
    assert rows() == {name: [] for name in rows()}
    load_survey(VALID, organisation=file_org)
    before = rows()
    errors(replace(broken, "description: Testikysely.", "description: Muutettu."), file_org)
    assert rows() == before


def test_a_failure_while_writing_stores_nothing(file_org, monkeypatch):
    """The checks passed, the database refused something late: the whole load is undone."""

    def refuse(self, *args, **kwargs):
        raise RuntimeError("the database is gone")

    monkeypatch.setattr(m.Binding, "save", refuse)
    with pytest.raises(RuntimeError):
        load_survey(VALID, organisation=file_org)
    assert rows() == {name: [] for name in rows()}


def test_loading_the_same_file_again_changes_nothing(file_org):
    load_survey(VALID, organisation=file_org)
    before = rows()
    report = survey_load(VALID, organisation=file_org)
    assert report.lines() == ["Survey kysely is unchanged."]
    assert rows() == before  # the same rows, keys and timestamps


def test_an_edited_file_updates_the_survey(file_org):
    load_survey(VALID, organisation=file_org)
    kept = m.Question.objects.get(code="kulkutapa").pk
    edited = replace(VALID, "text: Miten kuljet?", 'text: {fi: "Miten kuljet töihin?", sv: "Hur?"}')
    edited = replace(edited, "{code: autolla, label: Autolla}", "{code: pyoralla, label: Pyörällä}")
    edited = replace(
        edited, "      - code: palaute\n        kind: text\n        text: Vapaa sana\n", ""
    )
    edited = replace(
        edited,
        "          - indicator: tyytyvaisyys\n            rule: mean\n",
        "          - {indicator: osuus, rule: share_at_least, level: 4}\n",
    )
    edited = replace(
        edited,
        "        bindings:\n          - indicator: osuus\n"
        "            rule: share_of_choice\n            choice: kavellen\n",
        "",
    )
    edited = replace(edited, "  - title: Taustatiedot\n    questions:\n", "")  # one section
    report = survey_load(edited, organisation=file_org)
    # survey unchanged; added: a choice, a binding; changed: the question kulkutapa's text and
    # the two questions moved to the first section (and their order); removed: a question,
    # a choice, two bindings, a section.
    assert report.lines() == ["Survey kysely updated: 2 added, 3 changed, 5 removed."]
    question = m.Question.objects.get(code="kulkutapa")
    assert question.pk == kept
    assert question.text == {"fi": "Miten kuljet töihin?", "sv": "Hur?"}
    assert [c.code for c in question.choices.all()] == ["kavellen", "pyoralla"]
    assert not question.bindings.exists()
    binding = m.Binding.objects.get()
    assert (binding.question.code, binding.indicator.code, binding.rule, binding.level) == (
        "tyytyvaisyys",
        "osuus",
        "share_at_least",
        Decimal(4),
    )
    survey = m.Survey.objects.get()
    assert survey.sections.count() == 1
    assert [q.code for q in survey.sections.get().questions.all()] == [
        "tyytyvaisyys",
        "suosittelu",
        "kulkutapa",
        "ika",
        "vuodet",
    ]
    assert survey_load(edited, organisation=file_org).lines() == ["Survey kysely is unchanged."]


def test_texts_may_change_when_there_are_answers(file_org):
    load_survey(VALID, organisation=file_org)
    answer("tyytyvaisyys", number=4)
    answer("kulkutapa", choice="kavellen")
    edited = replace(VALID, "text: {fi: Olen tyytyväinen., en: I am satisfied.}", "text: Uusi")
    edited = replace(edited, "{code: kavellen, label: Kävellen}", "{code: kavellen, label: Jalan}")
    load_survey(edited, organisation=file_org)
    assert m.Question.objects.get(code="tyytyvaisyys").text == {"fi": "Uusi"}
    assert m.Answer.objects.count() == 2


def test_what_would_lose_answers_is_refused_with_its_line(file_org):
    load_survey(VALID, organisation=file_org)
    answer("suosittelu", number=9)
    answer("kulkutapa", choice="autolla")
    answer("vuodet", number=3)
    before = rows()
    edited = replace(VALID, "      - code: suosittelu\n", "      - code: suosittelu-uusi\n")
    edited = replace(
        edited,
        "          - {code: autolla, label: Autolla}\n",
        "          - {code: bussilla, label: Bussilla}\n",
    )
    edited = replace(
        edited,
        "        kind: number\n",
        "        kind: scale\n        low: Ei\n        high: Paljon\n",
    )
    edited = replace(edited, "        min: 0\n        max: 120\n", "")
    assert errors(edited, file_org) == [
        "k.yaml:2: question 'suosittelu' has answers: it cannot be removed",
        "k.yaml:26: choice 'autolla' of question 'kulkutapa' has answers: it cannot be removed",
        "k.yaml:42: question 'vuodet' has answers: its kind cannot change from number to scale",
    ]
    assert rows() == before


def test_a_question_without_answers_may_go_or_change_its_kind(file_org):
    load_survey(VALID, organisation=file_org)
    answer("tyytyvaisyys", number=4)  # answers elsewhere do not hold the others
    edited = replace(
        VALID,
        "        kind: number\n",
        "        kind: scale\n        low: Ei\n        high: Paljon\n",
    )
    edited = replace(edited, "        min: 0\n        max: 120\n", "")
    edited = replace(
        edited, "      - code: palaute\n        kind: text\n        text: Vapaa sana\n", ""
    )
    load_survey(edited, organisation=file_org)
    assert m.Question.objects.get(code="vuodet").kind == "scale"
    assert not m.Question.objects.filter(code="palaute").exists()


def test_a_dry_run_reports_and_stores_nothing(file_org):
    report = survey_load(VALID, organisation=file_org, dry_run=True)
    assert report.lines() == [
        "Survey kysely created (sections: 2, questions: 6, choices: 4, bindings to indicators: 2).",
        "Dry run: nothing was stored.",
    ]
    assert report.survey.pk is None
    assert not m.Survey.objects.exists()
    load_survey(VALID, organisation=file_org)
    before = rows()
    edited = replace(VALID, "description: Testikysely.", "description: Muutettu.")
    survey = load_survey(edited, organisation=file_org, dry_run=True)
    assert survey.description == {"fi": "Muutettu."}
    assert rows() == before
    with pytest.raises(SurveyFileError):
        load_survey(replace(VALID, "max: 120", "max: -1"), organisation=file_org, dry_run=True)


def test_the_same_code_in_another_organisation_is_another_survey(file_org):
    from mittaristo.strategy.definition import read_definition
    from mittaristo.strategy.definition.load import strategy_load

    from ..conftest import DEFINITIONS

    load_survey(VALID, organisation=file_org)
    heinola = strategy_load(definition=read_definition(DEFINITIONS / "heinola-2030.yaml"))
    text = replace(VALID, "indicator: tyytyvaisyys", "indicator: tyotyytyvaisyys")
    text = replace(
        text,
        "        bindings:\n          - indicator: osuus\n"
        "            rule: share_of_choice\n            choice: kavellen\n",
        "",
    )
    survey = load_survey(text, organisation=heinola.strategy.organisation)
    assert m.Survey.objects.filter(code="kysely").count() == 2
    assert survey.organisation.code == "111"
    assert m.Binding.objects.get(question__section__survey=survey).indicator.strategy.code == (
        "heinola-2030"
    )


def test_a_change_to_a_question_moves_the_survey_s_changed(file_org):
    """The answering pages keep a questionnaire by the survey's `changed`: a load that changes
    only a question's text must move it, or a respondent would see the old text."""
    load_survey(VALID, organisation=file_org)
    before = m.Survey.objects.get(code="kysely").changed
    edited = replace(VALID, "text: {fi: Olen tyytyväinen., en: I am satisfied.}", "text: Uusi")
    load_survey(edited, organisation=file_org)
    assert m.Survey.objects.get(code="kysely").changed > before
