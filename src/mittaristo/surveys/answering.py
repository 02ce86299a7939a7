"""Answering a survey round: whether it takes answers, whether a code lets one in, and storing
one respondent's answers at once.

What is stored is the round, the day, the language, a random submission key and the answers:
no person, address, browser or time of day, and nothing that leads from a code to the answers
given with it (a code only becomes `used`). The web layer keeps the answers in the session
while the respondent moves between sections and hands them here only when they send.
"""

import math
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from .models import Answer, Question, Response, ResponseCode, Section, SurveyRound

# Seconds a respondent takes per question, for the landing page's "about N minutes": a scale or
# a choice is read and clicked, a number typed, an open text written.
SECONDS = {
    Question.Kind.LIKERT: 15,
    Question.Kind.SCALE: 15,
    Question.Kind.SINGLE: 15,
    Question.Kind.MULTIPLE: 20,
    Question.Kind.NUMBER: 20,
    Question.Kind.TEXT: 60,
}


class Window(StrEnum):
    """Where a moment falls against a round's time window."""

    NOT_YET = "not_yet"
    OPEN = "open"
    CLOSED = "closed"


class Outcome(StrEnum):
    """What became of one sending of answers."""

    STORED = "stored"
    ALREADY_RECEIVED = "already_received"  # the same submission key sent before: nothing more
    NOT_OPEN = "not_open"  # outside the round's window: nothing stored
    CODE_REFUSED = "code_refused"  # the code was used by another submission: nothing stored


@dataclass(frozen=True)
class AnswerValue:
    """One answer as the form read it: a number, a choice or a text (a multiple choice gives
    one per chosen choice)."""

    question_id: int
    number: Decimal | None = None
    choice_id: int | None = None
    text: str = ""


def window(survey_round: SurveyRound, moment: datetime | None = None) -> Window:
    """Whether the round has not opened yet, is open or has closed at `moment` (now)."""
    moment = moment or timezone.now()
    if survey_round.is_open(moment):
        return Window.OPEN
    return Window.NOT_YET if moment < survey_round.opens else Window.CLOSED


# The questionnaires the answering pages have read in this process, by (survey id, the
# survey's `changed`): every writer of a survey's sections, questions, choices or bindings
# moves `changed` (surveys/editing.py, surveys/definition/load.py), so an edit is seen by the
# next request of every process. A few hundred kilobytes at most; emptied when full.
_QUESTIONNAIRES: dict[tuple, tuple[Section, ...]] = {}
QUESTIONNAIRES_KEPT = 64


def questionnaire(survey) -> tuple[Section, ...]:
    """The survey's sections in order, each with its questions and their choices read."""
    key = (survey.pk, survey.changed)
    found = _QUESTIONNAIRES.get(key)
    if found is None:
        questions = Question.objects.prefetch_related("choices")
        found = tuple(
            Section.objects.filter(survey=survey).prefetch_related(
                Prefetch("questions", queryset=questions)
            )
        )
        if len(_QUESTIONNAIRES) >= QUESTIONNAIRES_KEPT:
            _QUESTIONNAIRES.clear()
        _QUESTIONNAIRES[key] = found
    return found


def forget_questionnaires() -> None:
    """Empty this process's questionnaires (tests, whose ids repeat after a rollback)."""
    _QUESTIONNAIRES.clear()


def round_for_answering(pk: int) -> SurveyRound | None:
    """The round with its survey and organisation (one query) and `questionnaire`, the
    survey's sections with their questions and choices (kept in the process while the survey
    does not change); None if there is no such round."""
    found = (
        SurveyRound.objects.select_related("survey", "survey__organisation").filter(pk=pk).first()
    )
    if found is not None:
        found.questionnaire = questionnaire(found.survey)
    return found


def round_heading(pk: int) -> SurveyRound | None:
    """The round with its survey only, in one query: for a page that shows no question (the
    thank-you page, asked for once per answer sent)."""
    return SurveyRound.objects.select_related("survey").filter(pk=pk).first()


def estimated_minutes(survey_round: SurveyRound) -> int:
    """About how many minutes answering takes (at least one), from the questions' kinds."""
    seconds = sum(
        SECONDS.get(question.kind, 20)
        for section in survey_round.questionnaire
        for question in section.questions.all()
    )
    return max(1, math.ceil(seconds / 60))


def code_digest(survey_round: SurveyRound, code: str) -> str | None:
    """The digest of `code` if it is an unused code of this round, else None: an unknown code,
    a used one and another round's code are one answer, so a guesser learns nothing more."""
    if not code.strip():
        return None
    digest = ResponseCode.digest_of(code)
    usable = ResponseCode.objects.filter(round=survey_round, digest=digest, used=False).exists()
    return digest if usable else None


def _answer_rows(response: Response, answers: list[AnswerValue]) -> list[Answer]:
    return [
        Answer(
            response=response,
            question_id=value.question_id,
            number=value.number,
            choice_id=value.choice_id,
            text=value.text,
            # Open text shows only after a person has read it (names, insults).
            moderation=Answer.Moderation.PENDING if value.text else "",
        )
        for value in answers
    ]


def response_store(
    *,
    survey_round: SurveyRound,
    submission_key: str,
    answers: list[AnswerValue],
    language: str,
    digest: str | None = None,
    moment: datetime | None = None,
) -> Outcome:
    """Store one respondent's answers in one transaction, or nothing.

    Outside the round's window nothing is stored. A round with codes needs the digest of an
    unused code of the round: the code row is locked (select_for_update) and marked used in the
    same transaction as the response is stored, so a code works once even when two tabs send
    at once; the second finds it used. A submission key already stored (the same POST twice,
    back and send again) stores nothing more and counts as received.
    """
    moment = moment or timezone.now()
    if window(survey_round, moment) != Window.OPEN:
        return Outcome.NOT_OPEN
    try:
        with transaction.atomic():
            if survey_round.access == SurveyRound.Access.CODES:
                code = (
                    ResponseCode.objects.select_for_update()
                    .filter(round=survey_round, digest=digest or "")
                    .first()
                )
                if code is None or code.used:
                    # The other tab's sending of these very answers used it: received once.
                    if _received(survey_round, submission_key):
                        return Outcome.ALREADY_RECEIVED
                    return Outcome.CODE_REFUSED
                code.used = True
                code.save(update_fields=["used"])
            response = Response.objects.create(
                round=survey_round,
                submitted_on=timezone.localdate(moment),
                language=language,
                submission_key=submission_key,
            )
            Answer.objects.bulk_create(_answer_rows(response, answers))
    except IntegrityError:
        # The unique (round, submission_key): this submission was stored by an earlier request.
        if _received(survey_round, submission_key):
            return Outcome.ALREADY_RECEIVED
        raise
    return Outcome.STORED


def _received(survey_round: SurveyRound, submission_key: str) -> bool:
    return Response.objects.filter(round=survey_round, submission_key=submission_key).exists()
