"""Editing a questionnaire in the app: a survey, its sections, its questions with their
choices, and the bindings of questions to indicators.

The rules are the survey file's: each service applies its edit to the stored survey written
out as a file's data and runs the file's checks on it (surveys/edit_check.py) before saving,
so a code used twice, a choice question without choices, a level outside the scale or a share
bound to an indicator not in per cent is refused here as `mittaristo load-survey` refuses it,
with the same words, as a ValidationError keyed by field, nothing saved. What stored answers
rely on is this module's (a file reload holds it by comparing with the stored survey): a
question with answers is neither deleted nor changed to another kind, and a choice that was
chosen is not removed (deleting it would delete those answers with it).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from mittaristo.core.translation import TranslatedText
from mittaristo.strategy.models import Indicator

from .definition.export import drop_empty, text_of
from .edit_check import edit_check, indicator_name, new_survey_data, question_path, survey_data
from .models import Answer, Binding, Choice, Question, Section, Survey

Kind, Rule = Question.Kind, Binding.Rule
CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE})


@dataclass
class ChoiceEdit:
    """One choice as the question's form gives it: a new one (choice None) or an existing one."""

    code: str
    label: TranslatedText
    choice: Choice | None = None


def has_answers(question: Question) -> bool:
    return question.pk is not None and Answer.objects.filter(question=question).exists()


# -- the survey --------------------------------------------------------------------------------


@transaction.atomic
def survey_create(*, organisation, code: str, name, description) -> Survey:
    if Survey.objects.filter(organisation=organisation, code=code).exists():
        raise ValidationError({"code": _("A survey with this code exists already.")})
    edit_check(new_survey_data(code), _texts_edit(name, description), organisation=organisation)
    return Survey.objects.create(
        organisation=organisation,
        code=code,
        name=TranslatedText(name),
        description=TranslatedText(description),
    )


def _texts_edit(name, description):
    def edit(data):
        data["name"] = text_of(name) or ""
        data.pop("description", None)
        data.update(drop_empty({"description": text_of(description)}))
        return ()

    return edit


@transaction.atomic
def survey_change(*, survey: Survey, name, description) -> Survey:
    edit_check(
        survey_data(survey), _texts_edit(name, description), organisation=survey.organisation
    )
    survey.name, survey.description = TranslatedText(name), TranslatedText(description)
    survey.save(update_fields=["name", "description", "changed"])
    return survey


# -- sections ----------------------------------------------------------------------------------


def _next_order(queryset) -> int:
    return (queryset.aggregate(top=Max("order"))["top"] or 0) + 1


def _touch(survey: Survey):
    """The survey's `changed` follows any change to its parts."""
    survey.save(update_fields=["changed"])


@transaction.atomic
def section_save(*, survey: Survey, section: Section | None = None, title, description):
    def edit(data):
        sections = data["sections"]
        at = len(sections) if section is None else _index(section)
        if section is None:
            sections.append({"questions": []})
        part = sections[at]
        part.pop("description", None)
        part.update(
            drop_empty({"title": text_of(title) or "", "description": text_of(description)})
        )
        return ("sections", at)

    edit_check(survey_data(survey), edit, organisation=survey.organisation)
    if section is None:
        section = Section(survey=survey, order=_next_order(survey.sections.all()))
    section.title, section.description = TranslatedText(title), TranslatedText(description)
    section.save()
    _touch(survey)
    return section


def _index(section: Section) -> int:
    """The section's place among its survey's, as the file lists them."""
    pks = list(section.survey.sections.order_by("order", "pk").values_list("pk", flat=True))
    return pks.index(section.pk)


@transaction.atomic
def section_delete(*, section: Section):
    """Delete a section with its questions, unless one of them has answers."""
    if Answer.objects.filter(question__section=section).exists():
        raise ValidationError(
            _(
                "The section has questions that have been answered: it cannot be deleted, "
                "or those answers would be lost."
            )
        )
    survey = section.survey
    section.delete()
    _renumber(survey.sections.all())
    _touch(survey)


def _renumber(queryset, moved=None, step=0):
    """Number the rows 1, 2, 3 … in their order, `moved` taken `step` places up (-) or down."""
    rows = list(queryset.order_by("order", "pk"))
    if moved is not None:
        at = next(i for i, row in enumerate(rows) if row.pk == moved.pk)
        to = min(max(at + step, 0), len(rows) - 1)
        rows.insert(to, rows.pop(at))
    for number, row in enumerate(rows, start=1):
        row.order = number
    if rows:
        type(rows[0]).objects.bulk_update(rows, ["order"])


@transaction.atomic
def section_move(*, section: Section, step: int):
    _renumber(section.survey.sections.all(), section, step)
    _touch(section.survey)


# -- questions and their choices ---------------------------------------------------------------


def _removed_choices(question, choices) -> list[Choice]:
    if question is None or question.pk is None:
        return []
    kept = {c.choice.pk for c in choices if c.choice is not None}
    return [c for c in question.choices.all() if c.pk not in kept]


def _same_code_kept(question, choices) -> list[ChoiceEdit]:
    """A new row with the code of a choice the rows leave out is that choice (a code names a
    choice, as in the file): its answers and the bindings that count it stay with it."""
    if question is None or question.pk is None:
        return choices
    left_out = {c.code: c for c in _removed_choices(question, choices)}
    for edit in choices:
        if edit.choice is None and edit.code in left_out:
            edit.choice = left_out.pop(edit.code)
    return choices


def _question_fields(fields: dict) -> dict:
    """The fields as a question of their kind stores them: the labels of the ends for a scale
    only, the limits for a number only (a form may leave others filled in)."""
    kind = fields["kind"]
    scale, number = kind in (Kind.LIKERT, Kind.SCALE), kind == Kind.NUMBER
    return {
        "code": fields["code"],
        "kind": kind,
        "text": TranslatedText(fields["text"]),
        "help_text": TranslatedText(fields.get("help_text")),
        "required": bool(fields.get("required")),
        "low_label": TranslatedText(fields.get("low_label") if scale else None),
        "high_label": TranslatedText(fields.get("high_label") if scale else None),
        "minimum": fields.get("minimum") if number else None,
        "maximum": fields.get("maximum") if number else None,
        "is_background": bool(fields.get("is_background")),
    }


def _question_data(question, values: dict, choices: list[ChoiceEdit]) -> dict:
    """The question as the file would have it after the edit, with its bindings (each
    counted choice by the code the edit gives it)."""
    codes = {c.choice.pk: c.code for c in choices if c.choice is not None}
    bindings = []
    if question is not None and question.pk:
        stored = question.bindings.select_related("indicator__strategy", "choice")
        for b in stored.order_by("pk"):
            choice = codes.get(b.choice_id, b.choice.code) if b.choice_id else None
            bindings.append(
                drop_empty(
                    {
                        "indicator": indicator_name(b.indicator),
                        "rule": b.rule,
                        "level": b.level,
                        "choice": choice,
                    }
                )
            )
    return drop_empty(
        {
            "code": values["code"],
            "kind": values["kind"],
            "text": text_of(values["text"]),
            "help": text_of(values["help_text"]),
            "required": values["required"] or None,
            "background": values["is_background"] or None,
            "low": text_of(values["low_label"]),
            "high": text_of(values["high_label"]),
            "min": values["minimum"],
            "max": values["maximum"],
            "choices": [{"code": c.code, "label": text_of(c.label)} for c in choices],
            "bindings": bindings,
        }
    )


def _answer_refusals(question, values, removed) -> dict:
    """What stored answers rely on: the kind of an answered question, a chosen choice."""
    problems: dict[str, list] = {}
    if question is not None and values["kind"] != question.kind and has_answers(question):
        problems["kind"] = [
            _("The question has answers: its kind cannot be changed. Add a new question instead.")
        ]
    if Answer.objects.filter(choice__in=removed).exists():
        problems["choices"] = [_("A choice that was chosen in answers cannot be removed.")]
    return problems


@transaction.atomic
def question_save(
    *, section: Section, question: Question | None = None, fields: dict, choices: list[ChoiceEdit]
) -> Question:
    """Create or change a question and its choices (`choices`: all of them, in order; those of
    the question left out are deleted). `fields`: code, kind, text, help_text, required,
    low_label, high_label, minimum, maximum, is_background, and for a change the section."""
    values = _question_fields(fields)
    if values["kind"] not in CHOICE_KINDS:
        # A question changed to another kind loses its choices; new ones are the file
        # check's to refuse.
        choices = [c for c in choices if c.choice is None]
    choices = _same_code_kept(question, choices)
    removed = _removed_choices(question, choices)
    problems = _answer_refusals(question, values, removed)
    if problems:
        raise ValidationError(problems)
    target = fields.get("section") or section
    survey = section.survey

    def edit(data):
        target_questions = data["sections"][_index(target)]["questions"]
        new = _question_data(question, values, choices)
        if question is None:
            target_questions.append(new)
            return question_path(data, new["code"])
        *where, at = question_path(data, question.code)
        if target.pk == question.section_id:
            data["sections"][where[1]]["questions"][at] = new
            return tuple(where) + (at,)
        del data["sections"][where[1]]["questions"][at]
        target_questions.append(new)
        return ("sections", _index(target), "questions", len(target_questions) - 1)

    edit_check(survey_data(survey), edit, organisation=survey.organisation)
    if question is None:
        question = Question(section=target, order=_next_order(target.questions.all()))
    elif question.section_id != target.pk:
        question.section, question.order = target, _next_order(target.questions.all())
    for name, value in values.items():
        setattr(question, name, value)
    question.save()
    Choice.objects.filter(pk__in=[c.pk for c in removed]).delete()
    _choices_save(question, choices)
    if section.pk != target.pk:
        _renumber(section.questions.all())
    _touch(survey)
    return question


def _choices_save(question, choices):
    # Codes are unique per question: move the kept ones out of the way first, so that two
    # choices may swap codes.
    existing = [c.choice for c in choices if c.choice is not None]
    for choice in existing:
        choice.code = f"~{choice.pk}"
    Choice.objects.bulk_update(existing, ["code"])
    for order, edit in enumerate(choices, start=1):
        choice = edit.choice or Choice(question=question)
        choice.order, choice.code, choice.label = order, edit.code, TranslatedText(edit.label)
        choice.save()


@transaction.atomic
def question_delete(*, question: Question):
    if has_answers(question):
        raise ValidationError(
            _(
                "The question has answers: it cannot be deleted, or they would be lost. "
                "Change its text, or leave it out of the next survey."
            )
        )
    section = question.section
    question.delete()
    _renumber(section.questions.all())
    _touch(section.survey)


@transaction.atomic
def question_move(*, question: Question, step: int):
    _renumber(question.section.questions.all(), question, step)
    _touch(question.section.survey)


# -- bindings ----------------------------------------------------------------------------------


def indicators_for(survey: Survey):
    """The indicators a question of `survey` may feed: those of its organisation's strategies."""
    return Indicator.objects.filter(strategy__organisation=survey.organisation_id).order_by(
        "strategy", "order", "code"
    )


@transaction.atomic
def binding_save(
    *, question: Question, binding: Binding | None = None, indicator, rule, level=None, choice=None
) -> Binding:
    """Bind `question` to `indicator` by `rule` (its level or choice kept only for the rule
    that counts it)."""
    level = level if rule == Rule.SHARE_AT_LEAST else None
    choice = choice if rule == Rule.SHARE_OF_CHOICE else None
    survey = question.section.survey
    # What the file cannot say: its bindings name only its own organisation's indicators
    # and its question's choices.
    if not indicators_for(survey).filter(pk=indicator.pk).exists():
        raise ValidationError(
            {"indicator": _("The indicator is not one of this organisation's strategy.")}
        )
    if choice is not None and choice.question_id != question.pk:
        raise ValidationError({"choice": _("The choice is not one of this question's.")})

    def edit(data):
        path = question_path(data, question.code)
        bindings = data["sections"][path[1]]["questions"][path[3]].setdefault("bindings", [])
        new = drop_empty(
            {
                "indicator": indicator_name(indicator),
                "rule": rule,
                "level": level,
                "choice": choice.code if choice else None,
            }
        )
        if binding is None:
            bindings.append(new)
            return (*path, "bindings", len(bindings) - 1)
        at = list(question.bindings.order_by("pk").values_list("pk", flat=True)).index(binding.pk)
        bindings[at] = new
        return (*path, "bindings", at)

    edit_check(survey_data(survey), edit, organisation=survey.organisation)
    binding = binding or Binding(question=question)
    binding.indicator, binding.rule, binding.level, binding.choice = indicator, rule, level, choice
    binding.save()
    _touch(survey)
    return binding


def binding_delete(*, binding: Binding):
    survey = binding.question.section.survey
    binding.delete()
    _touch(survey)
