"""The demo's surveys: the six shipped templates (surveys/library) loaded for Heinola, each with
one closed round of seeded-random example answers whose results are stored as the bound
indicators' (example) values, and one open round of the residents' wellbeing survey that a
visitor of the demo can answer. Every round and survey is labelled example data: nothing here
was asked of anyone.

The answers are drawn around a centre per survey chosen to continue the demo's example series
(heinola-2030-demo-values-*.csv), with one background group kept small (three answers) so that
the results page shows a hidden group.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from mittaristo.surveys.definition.load import load_survey
from mittaristo.surveys.models import Answer, Question, Response, Survey, SurveyRound
from mittaristo.surveys.shipped import LIBRARY
from mittaristo.surveys.store import store_results

SMALL_GROUP = 3  # fewer than SURVEY_MIN_GROUP: the breakdown hides it


@dataclass(frozen=True)
class ExampleRound:
    code: str  # the template's survey code
    period: str
    opens: dt.datetime
    responses: int
    population: int | None  # None: residents, whose number asked is not known
    likert: float  # the centre of the 1–5 answers
    scale: float  # the centre of the 0–10 answers


# The periods continue each indicator's example series without taking a period it has.
ROUNDS = [
    ExampleRound("tyotyytyvaisyys", "2026 kevät", dt.datetime(2026, 3, 2, 8), 214, 900, 3.9, 7.6),
    ExampleRound(
        "esihenkiloarvioinnit", "2025 syksy", dt.datetime(2025, 10, 6, 8), 187, 900, 3.8, 7.4
    ),
    ExampleRound(
        "henkilosto-ja-sidosryhmakysely",
        "2025 kevät",
        dt.datetime(2025, 4, 7, 8),
        96,
        None,
        3.5,
        7.0,
    ),
    ExampleRound(
        "paatoksenteon-itsearviointi", "2025", dt.datetime(2025, 11, 3, 8), 62, 90, 3.6, 7.2
    ),
    ExampleRound("asukaskokemuskysely", "2025", dt.datetime(2025, 9, 1, 8), 283, None, 3.7, 8.0),
    ExampleRound(
        "asukkaan-hyvinvointikokemus", "2025", dt.datetime(2025, 5, 5, 8), 246, None, 3.8, 7.9
    ),
]
OPEN_SURVEY = "asukkaan-hyvinvointikokemus"
DAYS_OPEN = 28
TEXTS = [
    ("Esimerkkivastaus: arki sujuu, kun palvelut ovat lähellä.", Answer.Moderation.APPROVED),
    ("Esimerkkivastaus: toivoisin enemmän tietoa ajoissa.", Answer.Moderation.APPROVED),
    ("Esimerkkivastaus, joka odottaa tarkastusta.", Answer.Moderation.PENDING),
]


def _text(fi, sv, en):
    return {"fi": fi, "sv": sv, "en": en}


@transaction.atomic
def demo_survey(strategy, *, lead=None) -> list[Survey]:
    """Load the six templates with their example rounds, once (loading again changes
    nothing: a survey already in the organisation is left as it is)."""
    organisation = strategy.organisation
    surveys = []
    for spec in ROUNDS:
        existing = Survey.objects.filter(organisation=organisation, code=spec.code).first()
        if existing is not None:
            surveys.append(existing)
            continue
        survey = load_survey(LIBRARY / f"{spec.code}.yaml", organisation=organisation)
        survey.is_example = True
        survey.save(update_fields=["is_example"])
        survey_round = _closed_round(survey, spec)
        store_results(survey_round, user=lead)
        if spec.code == OPEN_SURVEY:
            _open_round(survey)
        surveys.append(survey)
    return surveys


def _closed_round(survey: Survey, spec: ExampleRound) -> SurveyRound:
    opens = timezone.make_aware(spec.opens)
    survey_round = SurveyRound.objects.create(
        survey=survey,
        name=_text(f"Esimerkki {spec.period}", f"Exempel {spec.period}", f"Example {spec.period}"),
        period=spec.period,
        opens=opens,
        closes=opens + dt.timedelta(days=DAYS_OPEN),
        access=SurveyRound.Access.CODES if spec.population else SurveyRound.Access.OPEN,
        population=spec.population,
        is_example=True,
    )
    questions = list(
        Question.objects.filter(section__survey=survey)
        .order_by("section__order", "order", "pk")
        .prefetch_related("choices")
    )
    # The first background question has one small group: its last choice, three answers.
    first_background = next((q for q in questions if q.is_background), None)
    rng = random.Random(f"{spec.code}-{spec.period}")
    responses = Response.objects.bulk_create(
        Response(
            round=survey_round,
            submitted_on=(opens + dt.timedelta(days=rng.randrange(DAYS_OPEN))).date(),
            language=rng.choices(["fi", "sv", "en"], [0.9, 0.07, 0.03])[0],
            submission_key=f"esimerkki-{spec.period}-{i}",
        )
        for i in range(spec.responses)
    )
    small = set(rng.sample(range(spec.responses), SMALL_GROUP))
    answers, texts = [], 0
    for i, response in enumerate(responses):
        for question in questions:
            if question.kind == Question.Kind.TEXT:
                if texts < len(TEXTS) and rng.random() < 0.1:
                    text, moderation = TEXTS[texts]
                    texts += 1
                    answers.append(
                        Answer(
                            response=response, question=question, text=text, moderation=moderation
                        )
                    )
                continue
            if not question.required and rng.random() < 0.06:
                continue  # left empty
            if question == first_background:
                choices = list(question.choices.all())
                choice = choices[-1] if i in small else rng.choice(choices[:-1])
                answers.append(Answer(response=response, question=question, choice=choice))
                continue
            answers += _answers(rng, response, question, spec)
    Answer.objects.bulk_create(answers)
    return survey_round


def _answers(rng, response, question, spec) -> list[Answer]:
    """One respondent's plausible answer to one closed question."""
    kind = question.kind
    if kind == Question.Kind.LIKERT:
        number = min(5, max(1, round(rng.gauss(spec.likert, 0.9))))
    elif kind == Question.Kind.SCALE:
        number = min(10, max(0, round(rng.gauss(spec.scale, 1.5))))
    elif kind == Question.Kind.NUMBER:
        low, high = int(question.minimum or 0), int(question.maximum or 100)
        number = min(high, max(low, round(rng.triangular(low, high, low + (high - low) / 5))))
    elif kind == Question.Kind.SINGLE:
        choices = list(question.choices.all())
        weights = [len(choices) - i / 2 for i in range(len(choices))]
        return [
            Answer(response=response, question=question, choice=rng.choices(choices, weights)[0])
        ]
    elif kind == Question.Kind.MULTIPLE:
        choices = list(question.choices.all())
        chosen = [c for c in choices[:-1] if rng.random() < 0.3] or [choices[-1]]
        return [Answer(response=response, question=question, choice=c) for c in chosen]
    else:
        return []
    return [Answer(response=response, question=question, number=number)]


def _open_round(survey: Survey) -> SurveyRound:
    """The round a visitor can answer: open at its link from the load for a year."""
    opens = timezone.now().replace(microsecond=0)
    closes = opens + dt.timedelta(days=365)
    period = str(closes.year)
    return SurveyRound.objects.create(
        survey=survey,
        name=_text(
            f"Avoin esimerkkikierros {period}",
            f"Öppen exempelomgång {period}",
            f"Open example round {period}",
        ),
        period=period,
        opens=opens,
        closes=closes,
        access=SurveyRound.Access.OPEN,
        is_example=True,
    )
