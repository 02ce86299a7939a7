"""Editing a questionnaire in the app: a survey, its sections, its questions with their
choices, and the bindings of questions to indicators.

Each service refuses what a survey file's checks would refuse (a code used twice in the
survey, a choice question without choices, a binding's level outside the question's scale,
a net promoter score of anything but a 0–10 scale, a counted choice of another question) and
raises ValidationError keyed by field, with nothing saved. What stored answers rely on is kept:
a question with answers is neither deleted nor changed to another kind, and a choice that was
chosen is not removed (deleting it would delete those answers with it).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from mittaristo.core.translation import TranslatedText
from mittaristo.strategy.models import Indicator

from .definition.load import PER_CENT_RULES, in_per_cent
from .models import Answer, Binding, Choice, Question, Section, Survey

Kind, Rule = Question.Kind, Binding.Rule

# The fixed scales; a number question's scale is its own minimum and maximum.
SCALES = {Kind.LIKERT: (Decimal(1), Decimal(5)), Kind.SCALE: (Decimal(0), Decimal(10))}
CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE})
# The aggregation rules that make sense for each kind of question.
RULES_FOR_KIND = {
    Kind.LIKERT: {Rule.MEAN, Rule.SHARE_AT_LEAST},
    Kind.SCALE: {Rule.MEAN, Rule.SHARE_AT_LEAST, Rule.NPS},
    Kind.NUMBER: {Rule.MEAN, Rule.SHARE_AT_LEAST},
    Kind.SINGLE: {Rule.SHARE_OF_CHOICE},
    Kind.MULTIPLE: {Rule.SHARE_OF_CHOICE},
    Kind.TEXT: set(),
}
MIN_CHOICES = 2


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
    return Survey.objects.create(
        organisation=organisation,
        code=code,
        name=TranslatedText(name),
        description=TranslatedText(description),
    )


def survey_change(*, survey: Survey, name, description) -> Survey:
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
    if section is None:
        section = Section(survey=survey, order=_next_order(survey.sections.all()))
    section.title, section.description = TranslatedText(title), TranslatedText(description)
    section.save()
    _touch(survey)
    return section


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


def _question_problems(section, question, fields, choices) -> dict:
    problems: dict[str, list] = {}

    def add(name, message):
        problems.setdefault(name, []).append(message)

    kind = fields["kind"]
    taken = Question.objects.filter(section__survey=section.survey, code=fields["code"])
    if question is not None:
        taken = taken.exclude(pk=question.pk)
    if taken.exists():
        add("code", _("Another question of this survey has this code."))
    if question is not None and question.pk and kind != question.kind:
        if has_answers(question):
            add(
                "kind",
                _(
                    "The question has answers: its kind cannot be changed. Add a new "
                    "question instead."
                ),
            )
        elif any(b.rule not in RULES_FOR_KIND[kind] for b in question.bindings.all()):
            add(
                "kind",
                _("The question's bindings to indicators do not fit this kind: remove them first."),
            )
    if kind in CHOICE_KINDS and len(choices) < MIN_CHOICES:
        add("choices", _("A choice question needs at least two choices."))
    if kind not in CHOICE_KINDS and any(c.choice is None for c in choices):
        add("choices", _("Only single and multiple choice questions have choices."))
    codes = [c.code for c in choices]
    if len(set(codes)) != len(codes):
        add("choices", _("Two choices of the question have the same code."))
    if kind in SCALES:
        for name in ("low_label", "high_label"):
            if not TranslatedText(fields.get(name)).has_language("fi"):
                add(name, _("A Likert or 0–10 scale question needs the labels of its ends."))
    low, high = fields.get("minimum"), fields.get("maximum")
    if kind == Kind.NUMBER and low is not None and high is not None and low > high:
        add("maximum", _("The maximum is below the minimum."))
    if fields.get("is_background") and kind != Kind.SINGLE:
        add(
            "is_background",
            _("A background question (age group, area, unit) is a single choice question."),
        )
    return problems


def _removed_choices(question, choices) -> list[Choice]:
    if question is None or question.pk is None:
        return []
    kept = {c.choice.pk for c in choices if c.choice is not None}
    return [c for c in question.choices.all() if c.pk not in kept]


@transaction.atomic
def question_save(
    *, section: Section, question: Question | None = None, fields: dict, choices: list[ChoiceEdit]
) -> Question:
    """Create or change a question and its choices (`choices`: all of them, in order; those of
    the question left out are deleted). `fields`: code, kind, text, help_text, required,
    low_label, high_label, minimum, maximum, is_background, and for a change the section."""
    kind = fields["kind"]
    problems = _question_problems(section, question, fields, choices)
    if kind not in CHOICE_KINDS:  # a question changed to another kind loses its choices
        choices = []
    removed = _removed_choices(question, choices)
    if any(Answer.objects.filter(choice=c).exists() for c in removed):
        problems.setdefault("choices", []).append(
            _("A choice that was chosen in answers cannot be removed.")
        )
    if Binding.objects.filter(choice__in=removed).exists():
        problems.setdefault("choices", []).append(
            _(
                "A choice counted by a binding to an indicator cannot be removed: change the "
                "binding first."
            )
        )
    if problems:
        raise ValidationError(problems)
    target = fields.get("section") or section
    if question is None:
        question = Question(section=target, order=_next_order(target.questions.all()))
    elif question.section_id != target.pk:
        question.section, question.order = target, _next_order(target.questions.all())
    scale = kind in SCALES
    question.code, question.kind = fields["code"], kind
    question.text = TranslatedText(fields["text"])
    question.help_text = TranslatedText(fields.get("help_text"))
    question.required = bool(fields.get("required"))
    question.low_label = TranslatedText(fields.get("low_label") if scale else None)
    question.high_label = TranslatedText(fields.get("high_label") if scale else None)
    number = kind == Kind.NUMBER
    question.minimum = fields.get("minimum") if number else None
    question.maximum = fields.get("maximum") if number else None
    question.is_background = bool(fields.get("is_background"))
    question.save()
    Choice.objects.filter(pk__in=[c.pk for c in removed]).delete()
    _choices_save(question, choices)
    if section.pk != target.pk:
        _renumber(section.questions.all())
    _touch(section.survey)
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


def scale_of(question: Question) -> tuple:
    """The lowest and highest answer (None where a number question leaves it open)."""
    if question.kind in SCALES:
        return SCALES[question.kind]
    return question.minimum, question.maximum


@transaction.atomic
def binding_save(
    *, question: Question, binding: Binding | None = None, indicator, rule, level=None, choice=None
) -> Binding:
    problems: dict[str, list] = {}

    def add(name, message):
        problems.setdefault(name, []).append(message)

    survey = question.section.survey
    if not indicators_for(survey).filter(pk=indicator.pk).exists():
        add("indicator", _("The indicator is not one of this organisation's strategy."))
    # One question gives an indicator its value (as in the survey file).
    taken = Binding.objects.filter(question__section__survey=survey, indicator=indicator)
    if binding is not None:
        taken = taken.exclude(pk=binding.pk)
    if taken.exists():
        add("indicator", _("A question of this survey is bound to this indicator already."))
    # A share is a per cent: in a series of points it would look right and be wrong.
    if rule in PER_CENT_RULES and not in_per_cent(indicator.unit):
        add(
            "rule",
            _(
                "This rule gives a share in per cent, but the indicator is measured in "
                "another unit: choose the mean, or an indicator in per cent."
            ),
        )
    if rule not in RULES_FOR_KIND[question.kind]:
        if rule == Rule.NPS:
            add("rule", _("A net promoter score is counted from a 0–10 scale only."))
        elif rule == Rule.SHARE_OF_CHOICE:
            add("rule", _("A share of a choice is counted from a choice question only."))
        elif question.kind == Kind.TEXT:
            add("rule", _("An open text question gives no figure for an indicator."))
        else:
            add("rule", _("A choice question gives a share of a choice, not a mean."))
    if rule == Rule.SHARE_AT_LEAST:
        low, high = scale_of(question)
        if level is None:
            add("level", _("Give the level: the share at or above it is counted."))
        elif (low is not None and level < low) or (high is not None and level > high):
            add("level", _("The level is outside the question's scale."))
    if rule == Rule.SHARE_OF_CHOICE:
        if choice is None:
            add("choice", _("Choose the choice whose share is counted."))
        elif choice.question_id != question.pk:
            add("choice", _("The choice is not one of this question's."))
    if problems:
        raise ValidationError(problems)
    binding = binding or Binding(question=question)
    binding.indicator, binding.rule = indicator, rule
    binding.level = level if rule == Rule.SHARE_AT_LEAST else None
    binding.choice = choice if rule == Rule.SHARE_OF_CHOICE else None
    binding.save()
    _touch(survey)
    return binding


def binding_delete(*, binding: Binding):
    survey = binding.question.section.survey
    binding.delete()
    _touch(survey)
