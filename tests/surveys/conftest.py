"""A small survey built with the ORM on the minimal strategy: one Likert question bound to an
indicator (mean) and to another (share agreeing), a 0–10 question (NPS), a multiple choice, an
open text and a background question (unit), with two closed rounds."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from mittaristo.strategy.models import Goal, Indicator
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

_keys = itertools.count()


class SurveyFixture:
    """The survey's parts by name, and `answer(round, **answers)` to add one response."""

    def __init__(self, strategy):
        self.strategy = strategy
        org = strategy.organisation
        self.survey = Survey.objects.create(organisation=org, code="henkilosto", name={"fi": "K"})
        section = Section.objects.create(survey=self.survey, title={"fi": "Osio"})
        q = {}
        for order, (code, kind, background) in enumerate(
            [
                ("yksikko", "single", True),
                ("tyytyvaisyys", "likert", False),
                ("suosittelu", "scale", False),
                ("edut", "multiple", False),
                ("ika", "number", False),
                ("palaute", "text", False),
            ]
        ):
            q[code] = Question.objects.create(
                section=section,
                order=order,
                code=code,
                kind=kind,
                text={"fi": code},
                is_background=background,
            )
        self.q = q
        self.units = {
            code: Choice.objects.create(
                question=q["yksikko"], order=i, code=code, label={"fi": code}
            )
            for i, code in enumerate(["a", "b", "c"])
        }
        self.benefits = {
            code: Choice.objects.create(question=q["edut"], order=i, code=code, label={"fi": code})
            for i, code in enumerate(["liikunta", "lounas"])
        }
        self.indicators = {}
        goal = Goal.objects.get(aim__strategy=strategy, code="T2")
        for code, unit in [("tyytyvaisyys", "pistettä"), ("samaa-mielta", "%"), ("nps", "")]:
            indicator = Indicator.objects.create(
                strategy=strategy,
                code=code,
                name={"fi": code},
                unit={"fi": unit},
                direction="higher",
                frequency="survey_round",
                source_kind="survey",
            )
            goal.indicators.add(indicator)
            self.indicators[code] = indicator
        self.bindings = [
            Binding.objects.create(
                question=q["tyytyvaisyys"], indicator=self.indicators["tyytyvaisyys"], rule="mean"
            ),
            Binding.objects.create(
                question=q["tyytyvaisyys"],
                indicator=self.indicators["samaa-mielta"],
                rule="share_at_least",
                level=4,
            ),
            Binding.objects.create(
                question=q["suosittelu"], indicator=self.indicators["nps"], rule="nps"
            ),
        ]
        now = timezone.now()
        self.spring = self.round("2025 kevät", now - dt.timedelta(days=400), population=40)
        self.autumn = self.round("2026 kevät", now - dt.timedelta(days=30), population=40)

    def round(self, period, opens, population=None):
        return SurveyRound.objects.create(
            survey=self.survey,
            name={"fi": period},
            period=period,
            opens=opens,
            closes=opens + dt.timedelta(days=14),
            access="codes",
            population=population,
        )

    def answer(
        self,
        survey_round,
        unit=None,
        likert=None,
        scale=None,
        benefits=(),
        age=None,
        text="",
        moderation="pending",
    ):
        response = Response.objects.create(
            round=survey_round,
            submitted_on=survey_round.opens.date(),
            language="fi",
            submission_key=f"k{next(_keys)}",
        )
        rows = []
        if unit:
            rows.append(
                Answer(response=response, question=self.q["yksikko"], choice=self.units[unit])
            )
        if likert is not None:
            rows.append(Answer(response=response, question=self.q["tyytyvaisyys"], number=likert))
        if scale is not None:
            rows.append(Answer(response=response, question=self.q["suosittelu"], number=scale))
        for code in benefits:
            rows.append(
                Answer(response=response, question=self.q["edut"], choice=self.benefits[code])
            )
        if age is not None:
            rows.append(Answer(response=response, question=self.q["ika"], number=age))
        if text:
            rows.append(
                Answer(
                    response=response, question=self.q["palaute"], text=text, moderation=moderation
                )
            )
        Answer.objects.bulk_create(rows)
        return response


@pytest.fixture
def survey(minimal_strategy):
    return SurveyFixture(minimal_strategy)


@pytest.fixture
def file_org(minimal_strategy):
    """Municipality 999 whose strategy testi-2030 has "tyytyvaisyys" (points) and "osuus" (%)."""
    for code, unit in (("tyytyvaisyys", {"fi": "pistettä"}), ("osuus", {"fi": "%"})):
        minimal_strategy.indicators.create(
            code=code,
            name={"fi": code},
            unit=unit,
            direction="higher",
            frequency="survey_round",
            source_kind="survey",
        )
    return minimal_strategy.organisation
