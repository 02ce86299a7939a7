"""Reading a survey file: YAML with line numbers, then the JSON Schema.

Pure: no database. The reading is the strategy file's (`strategy.definition.parse`), so a
survey file and a strategy file report their problems alike: `FILE:LINE: what is wrong`.
A file is hostile until read: its size is measured first, and YAML aliases (the way a small
file expands into a huge one) and deep nesting are refused before anything is built.
"""

import json
from functools import cache
from pathlib import Path

import jsonschema
import yaml
from django.utils.translation import gettext as _

from mittaristo.strategy.definition.parse import (
    Definition,
    DefinitionError,
    Problem,
    _schema_message,
    parse_text,
)

SCHEMA_PATH = Path(__file__).with_name("schema.json")
# The templates are 9–15 kB for 15–25 questions in three languages; the largest file accepted
# (some 400 short questions) takes about 2 s to read (bench/survey_file.py, docs/performance.md).
MAX_BYTES = 128 * 1024


class SurveyFileError(Exception):
    """A survey file that cannot be loaded: `errors` lists every problem, one line each, as
    `FILE:LINE: what is wrong`, in the order of the lines."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))

    @classmethod
    def of(cls, problems: list[Problem]) -> "SurveyFileError":
        ordered = sorted(set(problems), key=lambda p: (p.file, p.line, p.message))
        return cls([str(p) for p in ordered])


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def read_text(path, name: str | None = None) -> tuple[str, str]:
    """A survey file's text and the name its problems give it; SurveyFileError if it cannot
    be read or is too large."""
    path = Path(path)
    name = name or str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise SurveyFileError.of([_too_large(name)])
        return path.read_text(encoding="utf-8"), name
    except FileNotFoundError:
        raise SurveyFileError.of([Problem(name, 0, _("file not found"))]) from None
    except (OSError, UnicodeDecodeError) as error:
        message = _("cannot read the file: %(error)s") % {"error": error}
        raise SurveyFileError.of([Problem(name, 0, message)]) from None


def parse_survey(text: str, name: str) -> Definition:
    """A survey file's text as data that passed the schema, with where each part was written;
    SurveyFileError with every problem otherwise. `check.check` applies the rules the schema
    cannot state."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise SurveyFileError.of([_too_large(name)])
    hazards = _hazards(text, name)
    if hazards:
        raise SurveyFileError.of(hazards)
    try:
        definition = parse_text(text, name)
    except DefinitionError as error:
        raise SurveyFileError.of(error.problems) from None
    except RecursionError:  # a backstop: the depth checked above keeps the reader shallow
        raise SurveyFileError.of([Problem(name, 1, _("the file is nested too deeply"))]) from None
    validator = jsonschema.Draft202012Validator(schema())
    problems = [
        definition.problem(tuple(error.absolute_path), _message(error))
        for error in validator.iter_errors(definition.data)
    ]
    if problems:
        raise SurveyFileError.of(problems)
    return definition


def _too_large(name: str) -> Problem:
    return Problem(name, 0, _("the file is larger than %(size)s kB") % {"size": MAX_BYTES // 1024})


def _hazards(text: str, name: str) -> list[Problem]:
    """What is refused before the YAML is built: aliases (`*name`), each of which may repeat a
    large part, and nesting deeper than a survey has (the reader recurses, and the pure-Python
    scanner takes quadratic time over nested brackets: libyaml's scans them here)."""
    problems = []
    depth = 0
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for token in yaml.scan(text, Loader=loader):
            if isinstance(token, _OPEN):
                depth += 1
                if depth > MAX_DEPTH:
                    line = token.start_mark.line + 1
                    return [Problem(name, line, _("the file is nested too deeply"))]
            elif isinstance(token, _CLOSE):
                depth -= 1
            elif isinstance(token, yaml.AliasToken):
                line = token.start_mark.line + 1
                message = _("YAML aliases (*%(name)s) are not allowed") % {"name": token.value}
                problems.append(Problem(name, line, message))
    except yaml.MarkedYAMLError as error:
        # libyaml refuses what the pure-Python reader would recurse into (over 1,000 levels)
        mark = error.problem_mark or error.context_mark
        what = error.problem or error.context or str(error)
        line = mark.line + 1 if mark else 1
        return [Problem(name, line, _("not valid YAML: %(problem)s") % {"problem": what})]
    except yaml.YAMLError as error:
        return [Problem(name, 1, _("not valid YAML: %(problem)s") % {"problem": error})]
    return problems


MAX_DEPTH = 24  # a survey file nests 9 deep (sections, questions, bindings, texts)
_OPEN = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
_CLOSE = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def _message(error: jsonschema.ValidationError) -> str:
    """The schema's complaint in words, the strategy file's for what the two share."""
    where = ".".join(str(p) for p in error.absolute_path) or _("the file")
    if error.validator == "minItems":
        return _("%(where)s: should have at least %(count)s") % {
            "where": where,
            "count": error.validator_value,
        }
    if error.validator == "maxItems":
        return _("%(where)s: should have at most %(count)s") % {
            "where": where,
            "count": error.validator_value,
        }
    if error.validator == "oneOf" and any(e.validator == "maxLength" for e in error.context or ()):
        return _("%(where)s: the text is too long") % {"where": where}
    if error.validator == "maxLength":
        return _("%(where)s: '%(value)s' is too long") % {"where": where, "value": error.instance}
    return _schema_message(error)
