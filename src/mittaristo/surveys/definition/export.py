"""Writing a stored survey back as a survey file (docs/surveys.md).

`survey_export(survey)` gives the file's data and `survey_yaml(survey)` its text, in the order
and shape a person writes them, so that loading the text again changes nothing. Bindings name
their indicators by code under the file's `strategy:` when they all belong to one strategy,
else as strategy-code/indicator-code.
"""

import yaml
from django.utils import timezone

from mittaristo.core.translation import TranslatedText
from mittaristo.strategy.definition.export import FileDumper

from .. import models as m

HEADER = (
    "# %(survey)s, written by `mittaristo export-survey` on %(date)s.\n"
    "# The format: docs/surveys.md; the schema: docs/survey-schema.json.\n"
)


def survey_export(survey: m.Survey) -> dict:
    """The survey as the data of a survey file."""
    sections = list(survey.sections.order_by("order", "pk"))
    all_questions = (
        m.Question.objects.filter(section__survey=survey)
        .prefetch_related("choices", "bindings__indicator__strategy", "bindings__choice")
        .order_by("order", "pk")
    )
    by_section: dict[int, list] = {}
    for question in all_questions:
        by_section.setdefault(question.section_id, []).append(question)
    strategies = {b.indicator.strategy.code for q in all_questions for b in q.bindings.all()}
    strategy = strategies.pop() if len(strategies) == 1 else None
    return drop_empty(
        {
            "schema_version": 1,
            "code": survey.code,
            "strategy": strategy,
            "name": text_of(survey.name),
            "description": text_of(survey.description),
            "example": True if survey.is_example else None,
            "sections": [
                drop_empty(
                    {
                        "title": text_of(s.title),
                        "description": text_of(s.description),
                        "questions": [_question(q, strategy) for q in by_section.get(s.pk, [])],
                    }
                )
                for s in sections
            ],
        }
    )


def survey_yaml(survey: m.Survey) -> str:
    """The survey as the text of a survey file."""
    body = yaml.dump(
        survey_export(survey),
        Dumper=FileDumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
    header = HEADER % {"survey": survey.code, "date": timezone.localdate().isoformat()}
    return header + body


def _question(q: m.Question, strategy: str | None) -> dict:
    return drop_empty(
        {
            "code": q.code,
            "kind": q.kind,
            "text": text_of(q.text),
            "help": text_of(q.help_text),
            "required": True if q.required else None,
            "background": True if q.is_background else None,
            "low": text_of(q.low_label),
            "high": text_of(q.high_label),
            "min": q.minimum,
            "max": q.maximum,
            "choices": [
                {"code": c.code, "label": text_of(c.label)}
                for c in sorted(q.choices.all(), key=lambda c: (c.order, c.pk))
            ],
            "bindings": [
                drop_empty(
                    {
                        "indicator": b.indicator.code
                        if strategy
                        else f"{b.indicator.strategy.code}/{b.indicator.code}",
                        "rule": b.rule,
                        "level": b.level,
                        "choice": b.choice.code if b.choice else None,
                    }
                )
                for b in sorted(q.bindings.all(), key=lambda b: b.pk)
            ],
        }
    )


def text_of(value):
    """A translated text as a person writes it: plain Finnish alone, else by language."""
    text = TranslatedText(value)
    if not text:
        return None
    if set(text) == {"fi"}:
        return text["fi"]
    return {lang: text[lang] for lang in ("fi", "sv", "en") if lang in text}


def drop_empty(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if v not in (None, "", [], {})}
