"""Checking an edit made in the app by the survey file's own rules (docs/surveys.md).

The stored survey is written out as a file's data (`survey_export`), the edit is applied to
that data, and the file's checks run on the result before anything is saved: the schema, the
rules of `definition/check.py`, and the loader's look-up of the bound indicators (a share binds
only an indicator in per cent). So one set of rules holds whether a survey is loaded from a
file or edited on a form. The problems come back in the reader's language as a
ValidationError keyed by the form field they belong to.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass, field

import jsonschema
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from mittaristo.strategy.definition.parse import Definition, Problem

from .definition.check import check, questions
from .definition.export import survey_export
from .definition.load import _resolve
from .definition.parse import _message, schema

# A file's keys → the app's form fields, where the names differ.
FIELDS = {
    "low": "low_label",
    "high": "high_label",
    "min": "minimum",
    "max": "maximum",
    "help": "help_text",
    "background": "is_background",
}


@dataclass
class _Edited(Definition):
    """A survey file's data with no text behind it: each problem keeps its path (the form
    field it is shown at) instead of a line."""

    found: list = field(default_factory=list)  # (path, message)

    def problem(self, path, message: str) -> Problem:
        self.found.append((tuple(path), message))
        return Problem(self.file, 0, message)


def survey_data(survey) -> dict:
    """The stored survey as a file's data, every binding naming its indicator as
    strategy-code/indicator-code (so that a binding added to another strategy's indicator
    reads like the rest), with an empty list where a part has none yet."""
    data = survey_export(survey)
    strategy = data.pop("strategy", None)
    for section in data.setdefault("sections", []):
        for question in section.setdefault("questions", []):
            for binding in question.get("bindings", []):
                if strategy:
                    binding["indicator"] = f"{strategy}/{binding['indicator']}"
    return data


def new_survey_data(code: str) -> dict:
    """A new survey's data before its texts are given."""
    return {"schema_version": 1, "code": code, "name": "-", "sections": []}


def indicator_name(indicator) -> str:
    return f"{indicator.strategy.code}/{indicator.code}"


def question_path(data: dict, code: str) -> tuple:
    return next(path for path, question in questions(data) if question["code"] == code)


def edit_check(data: dict, edit: Callable[[dict], tuple], *, organisation) -> None:
    """Apply `edit` to the survey file's `data` (it returns the path of the part it changed)
    and run the file's checks on the result; ValidationError with every problem the edit
    brings, on the changed part's fields (the rest on the form as a whole). A problem the
    stored survey had already (one stored before these rules) does not stop an edit: it may
    be the edit that mends it."""
    stored = copy.deepcopy(data)
    at = edit(data)
    found = _problems(data, organisation)
    if found:  # the stored survey is checked only when the edited one has a problem
        before = {message for _path, message in _problems(stored, organisation)}
        found = [(path, message) for path, message in found if message not in before]
    if found:
        raise ValidationError(_by_field(found, at))


def _problems(data: dict, organisation) -> list:
    definition = _Edited(data=data, file="app")
    validator = jsonschema.Draft202012Validator(schema())
    for error in validator.iter_errors(data):
        # The app builds a survey a part at a time: a section may wait for its questions.
        if error.validator == "minItems" and error.path and error.path[-1] in _PARTS:
            continue
        definition.problem(tuple(error.absolute_path), _message(error))
    if not definition.found:  # the rules read data that passed the schema
        check(definition)
        _resolve(definition, organisation)
    return definition.found


_PARTS = ("sections", "questions")


def _by_field(found, at: tuple) -> dict:
    errors: dict[str, list] = {}
    for path, message in found:
        name = NON_FIELD_ERRORS
        if path[: len(at)] == at:
            key = next((k for k in path[len(at) :] if isinstance(k, str)), None)
            name = FIELDS.get(key, key) if key else NON_FIELD_ERRORS
        if message not in errors.get(name, []):
            errors.setdefault(name, []).append(message)
    return errors
