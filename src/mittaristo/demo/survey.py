"""The demo's staff survey: an example questionnaire bound to Heinola's job-satisfaction
indicator, two closed rounds of seeded-random example answers, and their results stored as the
indicator's (example) values. Every row is labelled example data: nothing here was asked of
anyone.

One function, `demo_survey`: when the survey templates (surveys/templates, the `surveyfile`
loader) are merged, it can load the questionnaire from there instead of building it here.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from mittaristo.strategy.models import Indicator
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
from mittaristo.surveys.store import store_results

CODE = "henkilostokysely-esimerkki"
EXAMPLE = {
    "fi": "Esimerkki, ei kaupungin kysely",
    "sv": "Exempel, inte stadens enkät",
    "en": "Example, not the city's survey",
}
# (period, opens, responses, the mean job satisfaction the answers are drawn around)
ROUNDS = [
    ("2025 kevät", dt.datetime(2025, 3, 3, 8), 118, 7.6),
    ("2026 kevät", dt.datetime(2026, 3, 2, 8), 131, 7.9),
]
POPULATION = 900
# The units and their weights: the small one shows a hidden group in the breakdown.
UNITS = [
    ("sivistys", {"fi": "Sivistyspalvelut", "sv": "Bildningstjänster", "en": "Education"}, 0.5),
    ("tekninen", {"fi": "Tekniset palvelut", "sv": "Tekniska tjänster", "en": "Technical"}, 0.3),
    ("hallinto", {"fi": "Hallinto", "sv": "Förvaltning", "en": "Administration"}, 0.17),
    ("johto", {"fi": "Kaupunginjohto", "sv": "Stadsledningen", "en": "City management"}, 0.03),
]
TEXTS = [
    ("Esimerkkivastaus: työkaverit ovat tukena arjessa.", "approved"),
    ("Esimerkkivastaus: kaipaan enemmän aikaa perehdytykseen.", "approved"),
    ("Esimerkkivastaus, joka odottaa tarkastusta.", "pending"),
]


def _text(fi, sv, en):
    return {"fi": fi, "sv": sv, "en": en}


@transaction.atomic
def demo_survey(strategy, *, lead=None) -> Survey:
    """Build the example survey and its rounds once (loading again changes nothing)."""
    existing = Survey.objects.filter(organisation=strategy.organisation, code=CODE).first()
    if existing is not None:
        return existing
    indicator = Indicator.objects.get(strategy=strategy, code="tyotyytyvaisyys")
    survey = Survey.objects.create(
        organisation=strategy.organisation,
        code=CODE,
        name=_text(
            "Henkilöstökysely (esimerkki)", "Personalenkät (exempel)", "Staff survey (example)"
        ),
        description=EXAMPLE,
        is_example=True,
    )
    section = Section.objects.create(
        survey=survey, title=_text("Työ ja työyhteisö", "Arbetet och arbetsgemenskapen", "Work")
    )
    unit = Question.objects.create(
        section=section,
        order=0,
        code="yksikko",
        kind=Question.Kind.SINGLE,
        text=_text(
            "Missä toimialassa työskentelet?",
            "Inom vilken sektor arbetar du?",
            "Which department do you work in?",
        ),
        is_background=True,
    )
    units = [
        Choice.objects.create(question=unit, order=i, code=code, label=label)
        for i, (code, label, _weight) in enumerate(UNITS)
    ]
    satisfaction = Question.objects.create(
        section=section,
        order=1,
        code="tyytyvaisyys",
        kind=Question.Kind.SCALE,
        required=True,
        text=_text(
            "Kuinka tyytyväinen olet työhösi kokonaisuutena?",
            "Hur nöjd är du med ditt arbete som helhet?",
            "How satisfied are you with your work as a whole?",
        ),
        low_label=_text("erittäin tyytymätön", "mycket missnöjd", "very dissatisfied"),
        high_label=_text("erittäin tyytyväinen", "mycket nöjd", "very satisfied"),
    )
    leadership = Question.objects.create(
        section=section,
        order=2,
        code="johtaminen",
        kind=Question.Kind.LIKERT,
        text=_text(
            "Esihenkilöni antaa minulle palautetta työstäni.",
            "Min chef ger mig respons på mitt arbete.",
            "My supervisor gives me feedback on my work.",
        ),
        low_label=_text("täysin eri mieltä", "helt av annan åsikt", "strongly disagree"),
        high_label=_text("täysin samaa mieltä", "helt av samma åsikt", "strongly agree"),
    )
    feedback = Question.objects.create(
        section=section,
        order=3,
        code="palaute",
        kind=Question.Kind.TEXT,
        text=_text("Mitä haluaisit sanoa?", "Vad vill du säga?", "Anything you would like to say?"),
    )
    Binding.objects.create(question=satisfaction, indicator=indicator, rule=Binding.Rule.MEAN)
    rng = random.Random(2026)
    weights = [w for _c, _l, w in UNITS]
    for period, opens, count, centre in ROUNDS:
        opens = timezone.make_aware(opens)
        survey_round = SurveyRound.objects.create(
            survey=survey,
            name=_text(f"Esimerkki {period}", f"Exempel {period}", f"Example {period}"),
            period=period,
            opens=opens,
            closes=opens + dt.timedelta(days=21),
            access=SurveyRound.Access.CODES,
            population=POPULATION,
            is_example=True,
        )
        answers = []
        for i in range(count):
            response = Response.objects.create(
                round=survey_round,
                submitted_on=(opens + dt.timedelta(days=rng.randrange(21))).date(),
                language="fi",
                submission_key=f"esimerkki-{period}-{i}",
            )
            # Three from the city management: a group the breakdowns must hide.
            choice = units[-1] if i % 40 == 39 else rng.choices(units[:-1], weights[:-1])[0]
            score = min(10, max(0, round(rng.gauss(centre, 1.4))))
            likert = min(5, max(1, round(rng.gauss(3.6, 0.9))))
            answers += [
                Answer(response=response, question=unit, choice=choice),
                Answer(response=response, question=satisfaction, number=score),
                Answer(response=response, question=leadership, number=likert),
            ]
            if i < len(TEXTS):
                text, moderation = TEXTS[i]
                answers.append(
                    Answer(response=response, question=feedback, text=text, moderation=moderation)
                )
        Answer.objects.bulk_create(answers)
        store_results(survey_round, user=lead)
    return survey
