"""Copying a whole survey, and deleting one that nobody has answered (docs/surveys.md).

A copy is the questionnaire alone: its sections, questions, choices and bindings to
indicators, under a new code; no rounds, codes or answers. A survey is deleted only while no
round of it has responses: answers are the city's record, and a survey that is no longer used
is closed, not deleted.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mittaristo.core.translation import TranslatedText

from .models import Binding, Choice, Question, Response, Section, Survey

SUFFIX = "-kopio"
CODE_LENGTH = 80  # Survey.code's max_length
# Each language's name of a copy says so in its own language (content, not the interface).
COPY_NAMES = {"fi": "%s (kopio)", "sv": "%s (kopia)", "en": "%s (copy)"}


def copy_code(survey: Survey) -> str:
    """`CODE-kopio`, or `CODE-kopio-2`, `-3` … while that is taken in the organisation."""
    taken = set(
        Survey.objects.filter(organisation=survey.organisation_id).values_list("code", flat=True)
    )
    number = 1
    while True:
        end = SUFFIX if number == 1 else f"{SUFFIX}-{number}"
        code = survey.code[: CODE_LENGTH - len(end)].rstrip("-") + end
        if code not in taken:
            return code
        number += 1


@transaction.atomic
def survey_copy(*, survey: Survey) -> Survey:
    """A new survey of the same organisation with `survey`'s questionnaire under a new code."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    name = TranslatedText(
        {lang: COPY_NAMES.get(lang, "%s") % text for lang, text in survey.name.items()}
    )
    copy = Survey.objects.create(
        organisation=survey.organisation,
        code=copy_code(survey),
        name=name,
        description=TranslatedText(survey.description),
        is_example=survey.is_example,
    )
    questions = Question.objects.filter(section__survey=survey).prefetch_related(
        "choices", "bindings"
    )
    by_section: dict[int, list] = {}
    for question in questions:
        by_section.setdefault(question.section_id, []).append(question)
    for section in survey.sections.order_by("order", "pk"):
        new_section = Section.objects.create(
            survey=copy,
            order=section.order,
            title=TranslatedText(section.title),
            description=TranslatedText(section.description),
        )
        for question in by_section.get(section.pk, []):
            _question_copy(question, new_section)
    return copy


def _question_copy(question: Question, section: Section) -> None:
    choices = list(question.choices.all())
    bindings = list(question.bindings.all())
    question.pk, question.id, question.section = None, None, section
    question._state.adding = True
    question.save()
    new_choices = {}
    for choice in choices:
        new_choices[choice.pk] = Choice.objects.create(
            question=question, order=choice.order, code=choice.code, label=choice.label
        )
    Binding.objects.bulk_create(
        Binding(
            question=question,
            indicator_id=b.indicator_id,
            rule=b.rule,
            level=b.level,
            choice=new_choices.get(b.choice_id),
        )
        for b in bindings
    )


def delete_refusal(survey: Survey) -> str:
    """Why `survey` may not be deleted ("" if it may): a round of it has responses."""
    if Response.objects.filter(round__survey=survey).exists():
        return _(
            "The survey has rounds with responses: it cannot be deleted, or those answers "
            "would be lost. Close its open rounds instead: the survey then takes no more "
            "answers and stays as a record."
        )
    return ""


@transaction.atomic
def survey_delete(*, survey: Survey) -> None:
    """Delete a survey with its questionnaire and its rounds, none of which has responses."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    refusal = delete_refusal(survey)
    if refusal:
        raise ValidationError(refusal)
    survey.delete()
