"""Surveys made with the ORM for the tests of managing surveys (tests/surveys/test_admin_*.py):
plain functions, so that other test files of this folder keep their own fixtures."""

import datetime as dt

from django.utils import timezone

from mittaristo.surveys.models import (
    Answer,
    Binding,
    Choice,
    Question,
    Response,
    Section,
    Survey,
    SurveyRound,
)


def make_survey(strategy, code="henkilosto") -> Survey:
    """A survey of the strategy's organisation: one section, a Likert question "tyytyvaisyys",
    a 0–10 scale "suosittelu" and a single choice "yksikko" with two choices."""
    survey = Survey.objects.create(
        organisation=strategy.organisation,
        code=code,
        name={"fi": "Henkilöstökysely", "en": "Staff survey"},
    )
    section = Section.objects.create(survey=survey, order=1, title={"fi": "Työ"})
    Question.objects.create(
        section=section,
        order=1,
        code="tyytyvaisyys",
        kind="likert",
        text={"fi": "Olen tyytyväinen työhöni."},
        low_label={"fi": "Täysin eri mieltä"},
        high_label={"fi": "Täysin samaa mieltä"},
    )
    Question.objects.create(
        section=section,
        order=2,
        code="suosittelu",
        kind="scale",
        text={"fi": "Suosittelisitko?"},
        low_label={"fi": "En"},
        high_label={"fi": "Kyllä"},
    )
    unit = Question.objects.create(
        section=section, order=3, code="yksikko", kind="single", text={"fi": "Yksikkö"}
    )
    Choice.objects.create(question=unit, order=1, code="a", label={"fi": "A"})
    Choice.objects.create(question=unit, order=2, code="b", label={"fi": "B"})
    return survey


def make_round(survey, *, access="codes", days=(-1, 10), **fields) -> SurveyRound:
    now = timezone.now()
    return SurveyRound.objects.create(
        survey=survey,
        name={"fi": "Kevät 2026"},
        period="2026 kevät",
        opens=now + dt.timedelta(days=days[0]),
        closes=now + dt.timedelta(days=days[1]),
        access=access,
        **fields,
    )


def answer(survey_round, question, **value) -> Answer:
    response = Response.objects.create(
        round=survey_round,
        submitted_on=timezone.localdate(),
        language="fi",
        submission_key=f"k{Response.objects.count()}",
    )
    return Answer.objects.create(response=response, question=question, **value)


def bind(question, indicator, rule="mean", **fields) -> Binding:
    return Binding.objects.create(question=question, indicator=indicator, rule=rule, **fields)
