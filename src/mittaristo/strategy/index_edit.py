"""Changing a composite index's definition in the app, by decision, like every other change of
the strategy (edits.py): the `index:` block as the strategy file writes it, edited as YAML
text, checked by the file's own checks, saved as one revision whose lines name each key that
changed ("components[1].weight: 1 → 2").

Computing the index again after the change is the monitoring layer's (the page calls it).
"""

import jsonschema
import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import models as m
from .definition.export import FileDumper
from .definition.index import COMPOSITE, index_data, index_diff, index_ordered
from .definition.parse import DefinitionError, _schema_message, parse_text, schema
from .edits import _fresh, _write
from .services import Decision, Preview

# A definition of a few dozen components is a few kilobytes; nothing a person writes is near.
MAX_TEXT = 20_000


def index_text(indicator: m.Indicator) -> str:
    """The index's definition as the strategy file writes it (empty when it has none)."""
    block = index_ordered(indicator.index)
    if not block:
        return ""
    return yaml.dump(block, Dumper=FileDumper, allow_unicode=True, sort_keys=False, width=100)


def index_read(text: str) -> dict:
    """The definition in `text` as plain data, or ValidationError naming the line of each
    problem the schema finds (the rest is the strategy file's checks, run when it is saved)."""
    if len(text) > MAX_TEXT:
        raise ValidationError(
            _("The definition may be at most %(n)s characters.") % {"n": MAX_TEXT}
        )
    try:
        definition = parse_text(text, "")
    except DefinitionError as error:
        raise ValidationError(_lines(error.problems)) from None
    index_schema = {**schema()["$defs"]["index"], "$defs": schema()["$defs"]}
    validator = jsonschema.Draft202012Validator(index_schema)
    problems = [
        definition.problem(tuple(e.absolute_path), _schema_message(e))
        for e in validator.iter_errors(definition.data)
    ]
    if problems:
        raise ValidationError(_lines(problems))
    return index_data(definition.data)


def _lines(problems) -> list[str]:
    return [
        _("Line %(line)s: %(problem)s") % {"line": p.line or 1, "problem": p.message}
        for p in sorted(problems, key=lambda p: p.line)
    ]


def index_preview(before: dict, after: dict) -> list[Preview]:
    """What changes, key by key."""
    label = _("index definition")
    return [Preview(f"{label} {path}", old, new) for path, old, new in index_diff(before, after)]


@transaction.atomic
def index_change(*, indicator: m.Indicator, text: str, decision: Decision, user) -> m.Revision:
    """Set a composite index's definition from its YAML text, as one revision by `decision`;
    refused (ValidationError) where the strategy file would refuse it."""
    if indicator.source_kind != COMPOSITE:
        raise ValidationError(_("Only a composite index has a definition."))
    block = index_read(text) if text.strip() else {}
    indicator = _fresh(indicator)
    preview = index_preview(indicator.index, block)
    indicator.index = block
    return _write(
        strategy=indicator.strategy,
        subject=f"indicator {indicator.code}",
        preview=preview,
        decision=decision,
        user=user,
        saves=[indicator],
    )
