"""Loading a survey file into the database: one transaction, all or nothing.

`load_survey(text_or_path, organisation=…)` creates the survey of the file's code, or updates
the stored one: texts, order and bindings follow the file. What would lose answers is refused
with the file's line: removing a question or a choice that has answers, or changing the kind
of an answered question. The problems of a file are all reported at once, and a file with any
problem stores nothing.
"""

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from mittaristo.core.translation import TranslatedText
from mittaristo.strategy.definition.parse import Definition, Problem
from mittaristo.strategy.models import Indicator, Organisation, Strategy

from .. import models as m
from .check import bindings, check, questions
from .parse import SurveyFileError, parse_survey, read_text

PER_CENT_RULES = ("share_at_least", "share_of_choice")


@dataclass
class SurveyLoad:
    """What a load did: the survey, whether it was new, and the rows added, changed and
    removed (sections, questions, choices, bindings and the survey itself)."""

    survey: m.Survey
    created: bool
    dry_run: bool = False
    counts: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        code = self.survey.code
        if self.created:
            lines = [
                _(
                    "Survey %(code)s created (sections: %(sections)s, questions: %(questions)s, "
                    "choices: %(choices)s, bindings to indicators: %(bindings)s)."
                )
                % {"code": code, **{k: self.counts[f"{k}-added"] for k in _KINDS}}
            ]
        elif any(self.counts.values()):
            lines = [
                _(
                    "Survey %(code)s updated: %(added)s added, %(changed)s changed, "
                    "%(removed)s removed."
                )
                % {"code": code, **{what: self.total(what) for what in _WHATS}}
            ]
        else:
            lines = [_("Survey %(code)s is unchanged.") % {"code": code}]
        if self.dry_run:
            lines.append(_("Dry run: nothing was stored."))
        return lines

    def total(self, what: str) -> int:
        return sum(n for key, n in self.counts.items() if key.endswith(f"-{what}"))


_KINDS = ("sections", "questions", "choices", "bindings")
_WHATS = ("added", "changed", "removed")


def load_survey(
    text_or_path: "str | os.PathLike",
    *,
    organisation: Organisation,
    filename: str | None = None,
    dry_run: bool = False,
) -> m.Survey:
    """Load a survey file (a path, or the file's text as a str) for `organisation`; the stored
    survey, or in a dry run the survey as it would be (nothing stored: a new one has no pk).
    Raises SurveyFileError listing every problem as `FILE:LINE: what is wrong`."""
    return survey_load(
        text_or_path, organisation=organisation, filename=filename, dry_run=dry_run
    ).survey


def survey_load(
    text_or_path: "str | os.PathLike",
    *,
    organisation: Organisation,
    filename: str | None = None,
    dry_run: bool = False,
) -> SurveyLoad:
    """`load_survey` with the report of what changed (the command prints it)."""
    if isinstance(text_or_path, os.PathLike):
        text, name = read_text(Path(text_or_path), filename)
    else:
        text, name = text_or_path, filename or "survey.yaml"
    definition = parse_survey(text, name)
    problems = check(definition)
    if problems:
        raise SurveyFileError.of(problems)
    with transaction.atomic():
        indicators, problems = _resolve(definition, organisation)
        survey = (
            m.Survey.objects.select_for_update()
            .filter(organisation=organisation, code=definition.data["code"])
            .first()
        )
        if survey is not None:
            problems += _refusals(definition, survey)
        if problems:
            raise SurveyFileError.of(problems)
        report = _Writer(definition, organisation, indicators).write(survey)
        if not report.created and any(report.counts.values()):
            # Any change to its parts moves the survey's `changed`: the answering pages keep
            # the questionnaire by it (web/survey_views.py).
            report.survey.save(update_fields=["changed"])
        report.dry_run = dry_run
        if dry_run:
            transaction.set_rollback(True)
    if dry_run and report.created:
        report.survey.pk = None
    return report


def _resolve(definition: Definition, organisation) -> tuple[dict, list[Problem]]:
    """Each binding's indicator (by the binding's path), and the problems of those not found."""
    data = definition.data
    problems: list[Problem] = []
    strategies = {s.code: s for s in Strategy.objects.filter(organisation=organisation)}
    if "strategy" in data:
        default = strategies.get(data["strategy"])
        if default is None:
            message = _("%(organisation)s has no strategy '%(strategy)s'") % {
                "organisation": organisation,
                "strategy": data["strategy"],
            }
            return {}, [definition.problem(("strategy",), message)]
    else:
        default = Strategy.objects.filter(organisation=organisation).current()
    wanted = {}
    for path, _question, binding in bindings(data):
        strategy_code, _slash, code = binding["indicator"].rpartition("/")
        strategy = strategies.get(strategy_code) if strategy_code else default
        if strategy is None:
            message = (
                _("%(organisation)s has no strategy '%(strategy)s'")
                % {"organisation": organisation, "strategy": strategy_code}
                if strategy_code
                else _(
                    "%(organisation)s has no strategy, so the indicator '%(indicator)s' "
                    "cannot be found"
                )
                % {"organisation": organisation, "indicator": code}
            )
            problems.append(definition.problem((*path, "indicator"), message))
        else:
            wanted[path] = (strategy, code)
    found = {
        (x.strategy_id, x.code): x
        for x in Indicator.objects.filter(
            strategy__in={s for s, _c in wanted.values()},
            code__in={c for _s, c in wanted.values()},
        )
    }
    indicators = {}
    first: dict[int, tuple] = {}  # indicator → the path of its first binding
    for path, (strategy, code) in wanted.items():
        indicator = found.get((strategy.pk, code))
        binding = _get(data, path)
        if indicator is None:
            problems.append(
                definition.problem(
                    (*path, "indicator"),
                    _("unknown indicator '%(indicator)s' in the strategy %(strategy)s")
                    % {"indicator": code, "strategy": strategy.code},
                )
            )
            continue
        if binding["rule"] in PER_CENT_RULES and not in_per_cent(indicator.unit):
            problems.append(
                definition.problem(
                    (*path, "rule"),
                    _(
                        "the rule %(rule)s gives a share in per cent, but the indicator "
                        "'%(indicator)s' is measured in '%(unit)s'"
                    )
                    % {"rule": binding["rule"], "indicator": code, "unit": _unit(indicator)},
                )
            )
        if indicator.pk in first:
            # The same indicator written two ways (with and without its strategy's code);
            # the same writing twice is check.py's.
            if _get(data, first[indicator.pk])["indicator"] != binding["indicator"]:
                problems.append(
                    definition.problem(
                        (*path, "indicator"),
                        _(
                            "indicator '%(indicator)s' is already bound at line %(line)s: one "
                            "question gives an indicator its value"
                        )
                        % {
                            "indicator": binding["indicator"],
                            "line": definition.locate((*first[indicator.pk], "indicator"))[1],
                        },
                    )
                )
        else:
            first[indicator.pk] = path
        indicators[path] = indicator
    return indicators, problems


def in_per_cent(unit) -> bool:
    """Whether an indicator's unit is per cent: where a share belongs (the survey file and the
    app's binding form both ask)."""
    unit = TranslatedText(unit)
    return any("%" in text for text in unit.values()) or "prosent" in unit.get("fi", "").lower()


def _unit(indicator) -> str:
    return TranslatedText(indicator.unit).get("fi", "") or "–"


def _get(data, path):
    for key in path:
        data = data[key]
    return data


def _refusals(definition: Definition, survey: m.Survey) -> list[Problem]:
    """What a reload would lose: answered questions removed or of another kind, answered
    choices removed."""
    problems = []
    in_file = {q["code"]: (path, q) for path, q in questions(definition.data)}
    answered = set(
        m.Answer.objects.filter(question__section__survey=survey).values_list(
            "question_id", flat=True
        )
    )
    chosen = set(
        m.Answer.objects.filter(question__section__survey=survey, choice__isnull=False).values_list(
            "choice_id", flat=True
        )
    )
    stored = m.Question.objects.filter(section__survey=survey).prefetch_related("choices")
    for question in stored.order_by("section__order", "order", "pk"):
        names = {"code": question.code}
        if question.code not in in_file:
            if question.pk in answered:
                problems.append(
                    definition.problem(
                        ("code",),
                        _("question '%(code)s' has answers: it cannot be removed") % names,
                    )
                )
            continue
        path, data = in_file[question.code]
        if question.pk in answered and question.kind != data["kind"]:
            problems.append(
                definition.problem(
                    (*path, "kind"),
                    _(
                        "question '%(code)s' has answers: its kind cannot change from "
                        "%(old)s to %(new)s"
                    )
                    % {**names, "old": question.kind, "new": data["kind"]},
                )
            )
        codes = {c["code"] for c in data.get("choices") or []}
        for choice in question.choices.all():
            if choice.code not in codes and choice.pk in chosen:
                problems.append(
                    definition.problem(
                        (*path, "choices") if "choices" in data else path,
                        _(
                            "choice '%(choice)s' of question '%(code)s' has answers: it "
                            "cannot be removed"
                        )
                        % {**names, "choice": choice.code},
                    )
                )
    return problems


class _Writer:
    """Writes a checked file over the stored survey (or a new one), counting what changed."""

    def __init__(self, definition: Definition, organisation, indicators: dict):
        self.data = definition.data
        self.organisation = organisation
        self.indicators = indicators
        self.counts = Counter()

    def write(self, survey: m.Survey | None) -> SurveyLoad:
        data = self.data
        created = survey is None
        if created:
            survey = m.Survey(organisation=self.organisation, code=data["code"])
        fields = {
            "name": _text(data["name"]),
            "description": _text(data.get("description")),
            "is_example": bool(data.get("example", False)),
        }
        if self._assign(survey, fields) or created:
            survey.save()
            if not created:
                self.counts["survey-changed"] += 1
        sections = list(survey.sections.order_by("order", "pk")) if not created else []
        stored = {q.code: q for q in m.Question.objects.filter(section__survey=survey)}
        kept = set()
        for s, section_data in enumerate(data["sections"]):
            section = sections[s] if s < len(sections) else m.Section(survey=survey)
            self._save(
                "sections",
                section,
                {
                    "order": s,
                    "title": _text(section_data["title"]),
                    "description": _text(section_data.get("description")),
                },
            )
            for q, question_data in enumerate(section_data["questions"]):
                path = ("sections", s, "questions", q)
                question = stored.get(question_data["code"])
                question = question or m.Question(code=question_data["code"])
                self._question(question, section, q, question_data, path)
                kept.add(question.pk)
        for question in stored.values():
            if question.pk not in kept:
                question.delete()
                self.counts["questions-removed"] += 1
        for section in sections[len(data["sections"]) :]:
            section.delete()
            self.counts["sections-removed"] += 1
        return SurveyLoad(survey=survey, created=created, counts=self.counts)

    def _question(self, question, section, order, data, path) -> None:
        kind = data["kind"]
        self._save(
            "questions",
            question,
            {
                "section": section,
                "order": order,
                "kind": kind,
                "text": _text(data["text"]),
                "help_text": _text(data.get("help")),
                "required": bool(data.get("required", False)),
                "low_label": _text(data.get("low")),
                "high_label": _text(data.get("high")),
                "minimum": data.get("min"),
                "maximum": data.get("max"),
                "is_background": bool(data.get("background", False)),
            },
        )
        stored = {c.code: c for c in question.choices.all()} if question.pk else {}
        choices = {}
        for i, choice_data in enumerate(data.get("choices") or []):
            choice = stored.pop(choice_data["code"], None)
            choice = choice or m.Choice(question=question, code=choice_data["code"])
            self._save("choices", choice, {"order": i, "label": _text(choice_data["label"])})
            choices[choice.code] = choice
        stored_bindings = {b.indicator_id: b for b in question.bindings.all()}
        for b, binding_data in enumerate(data.get("bindings") or []):
            indicator = self.indicators[(*path, "bindings", b)]
            binding = stored_bindings.pop(indicator.pk, None)
            binding = binding or m.Binding(question=question, indicator=indicator)
            choice = choices.get(binding_data.get("choice"))
            self._save(
                "bindings",
                binding,
                {
                    "rule": binding_data["rule"],
                    "level": binding_data.get("level"),
                    "choice_id": choice.pk if choice else None,
                },
            )
        for binding in stored_bindings.values():
            binding.delete()
            self.counts["bindings-removed"] += 1
        for choice in stored.values():  # no answers: `_refusals` saw to that
            choice.delete()
            self.counts["choices-removed"] += 1

    def _save(self, kind: str, obj, fields: dict) -> None:
        new = obj.pk is None
        if self._assign(obj, fields) or new:
            obj.save()
            self.counts[f"{kind}-{'added' if new else 'changed'}"] += 1

    @staticmethod
    def _assign(obj, fields: dict) -> bool:
        """Set the fields; whether any of them differs from what was there."""
        changed = False
        for name, value in fields.items():
            if name == "section":  # compared by key: an unsaved question has none to read
                same = obj.section_id is not None and obj.section_id == value.pk
            elif isinstance(value, TranslatedText):
                same = dict(TranslatedText(getattr(obj, name))) == dict(value)
            else:
                same = getattr(obj, name) == value
            if not same:
                setattr(obj, name, value)
                changed = True
        return changed


def _text(value) -> TranslatedText:
    return TranslatedText(value)
