"""Reading a strategy definition file: YAML with line numbers, JSON Schema, then the checks.

Pure: no database. Every problem is reported with the file and line it stands on.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import jsonschema
import yaml
from django.utils.translation import gettext as _

SCHEMA_PATH = Path(__file__).with_name("schema.json")
OVERLAY_LISTS = ("targets", "plans")

Path_ = tuple  # a path into the data: keys and list indexes


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self):
        if not self.line:  # the file as a whole (it is missing or unreadable)
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


class DefinitionError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line))
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class Definition:
    """Checked data of a strategy file, with where each part of it was written."""

    data: dict
    file: str
    where: dict = field(default_factory=dict)  # path → (file, line)
    example_paths: set = field(default_factory=set)  # paths of items from an example overlay
    origin: str = ""  # the file given to read (an overlay, where `file` is the one it extends)

    def locate(self, path: Path_) -> tuple[str, int]:
        path = tuple(path)
        while path and path not in self.where:
            path = path[:-1]
        return self.where.get(path, (self.file, 1))

    def problem(self, path: Path_, message: str) -> Problem:
        file, line = self.locate(path)
        return Problem(file, line, message)

    def is_example(self, path: Path_) -> bool:
        """Whether the item at `path` is example data: its own `example` field says so, else
        whether it came from an example overlay."""
        item = self.data
        for key in path:
            item = item[key]
        if isinstance(item, dict) and "example" in item:
            return bool(item["example"])
        return tuple(path) in self.example_paths


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def overlay_schema() -> dict:
    """An overlay file adds example targets and plans to the strategy file it extends."""
    main = schema()
    return {
        "type": "object",
        "required": ["extends"],
        "additionalProperties": False,
        "properties": {
            "extends": {"type": "string", "minLength": 1},
            "example": {"type": "boolean"},
            **{key: main["properties"][key] for key in OVERLAY_LISTS},
        },
        "$defs": main["$defs"],
    }


def read_validated(path) -> Definition:
    """Read a strategy file (or an overlay and the file it extends) and validate it against the
    schema; `read_definition` (the package's) checks the rules the schema cannot state."""
    path = Path(path)
    definition = _read_yaml(path)
    if "extends" in definition.data:
        _validate(definition, overlay_schema())
        base = _read_yaml(path.parent / definition.data["extends"], referrer=definition)
        _validate(base, schema())
        definition = _merge(base, definition)
    else:
        _validate(definition, schema())
    definition.origin = str(path)
    return definition


def _read_yaml(path: Path, referrer: Definition | None = None) -> Definition:
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        at = referrer.problem(("extends",), "") if referrer else Problem(name, 0, "")
        raise DefinitionError(
            [Problem(at.file, at.line, _("file %(file)s not found") % {"file": name})]
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise DefinitionError(
            [Problem(name, 0, _("cannot read the file: %(error)s") % {"error": error})]
        ) from None
    return parse_text(text, name)


def parse_text(text: str, name: str) -> Definition:
    """A strategy file's text, already read, as data with where each part was written (the
    schema is not applied: `read_validated` does that for a file)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = error.problem or error.context or str(error)
        raise DefinitionError(
            [Problem(name, line, _("not valid YAML: %(problem)s") % {"problem": what})]
        ) from None
    except yaml.YAMLError as error:
        raise DefinitionError(
            [Problem(name, 1, _("not valid YAML: %(problem)s") % {"problem": error})]
        ) from None
    if node is None:
        raise DefinitionError([Problem(name, 1, _("the file is empty"))])
    definition = Definition(data={}, file=name)
    problems: list[Problem] = []
    definition.data = _convert(node, (), definition, problems)
    if problems:
        raise DefinitionError(problems)
    if not isinstance(definition.data, dict):
        raise DefinitionError([Problem(name, 1, _("the file must be a mapping of fields"))])
    return definition


_SCALARS = yaml.SafeLoader("")


def _convert(node, path: Path_, definition: Definition, problems: list[Problem]):
    """YAML node → plain data, recording each node's line; numbers become Decimals."""
    definition.where[path] = (definition.file, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(definition.file, line, _("a key must be a plain word")))
                continue
            key = key_node.value
            if key in result:
                message = _("duplicate key '%(key)s'") % {"key": key}
                problems.append(Problem(definition.file, line, message))
                continue
            result[key] = _convert(value_node, (*path, key), definition, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(item, (*path, i), definition, problems) for i, item in enumerate(node.value)
        ]
    tag = node.tag.rsplit(":", 1)[-1]
    if tag == "float":
        try:
            return Decimal(node.value.replace("_", ""))
        except InvalidOperation:
            return node.value
    if tag in ("int", "bool", "null"):
        return _SCALARS.construct_object(node)
    return node.value  # strings; dates stay text and are checked by check.parse_date


def _validate(definition: Definition, against: dict) -> None:
    validator = jsonschema.Draft202012Validator(against)
    problems = [
        definition.problem(tuple(error.absolute_path), _schema_message(error))
        for error in validator.iter_errors(definition.data)
    ]
    if problems:
        raise DefinitionError(problems)


def _schema_message(error: jsonschema.ValidationError) -> str:
    where = ".".join(str(p) for p in error.absolute_path) or _("the file")
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return _("%(where)s: required field '%(field)s' is missing") % {
            "where": where,
            "field": missing,
        }
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return _("%(where)s: unknown field '%(field)s'") % {
            "where": where,
            "field": "', '".join(extra),
        }
    if kind == "enum":
        options = ", ".join(str(o) for o in error.validator_value)
        return _("%(where)s: '%(value)s' is not one of: %(options)s") % {
            "where": where,
            "value": error.instance,
            "options": options,
        }
    if kind == "type":
        return _("%(where)s: '%(value)s' should be of type %(type)s") % {
            "where": where,
            "value": error.instance,
            "type": error.validator_value,
        }
    if kind == "oneOf" and (error.schema.get("description", "").startswith("A text")):
        return _("%(where)s: should be a text, or texts by language with at least 'fi'") % {
            "where": where
        }
    if kind == "pattern" and "[0-9]{4}-" in error.validator_value:
        return _("%(where)s: '%(value)s' is not a date (write 2022-05-16 or 16.5.2022)") % {
            "where": where,
            "value": error.instance,
        }
    if kind == "pattern":
        return _("%(where)s: '%(value)s' has characters a code cannot have") % {
            "where": where,
            "value": error.instance,
        }
    if kind in ("minimum", "maximum", "exclusiveMinimum"):
        return _("%(where)s: %(value)s is out of range") % {"where": where, "value": error.instance}
    if kind == "const":
        return _("%(where)s: must be %(value)s") % {"where": where, "value": error.validator_value}
    return f"{where}: {error.message}"


def _merge(base: Definition, overlay: Definition) -> Definition:
    """Append an overlay's targets and plans to its base, keeping where each was written."""
    is_example = overlay.data.get("example", True)
    for key in OVERLAY_LISTS:
        items = overlay.data.get(key) or []
        offset = len(base.data.get(key) or [])
        base.data.setdefault(key, []).extend(items)
        for path, place in overlay.where.items():
            if path[:1] == (key,) and len(path) >= 2:
                new_path = (key, path[1] + offset, *path[2:])
                base.where[new_path] = place
                if is_example and len(path) == 2:
                    base.example_paths.add(new_path)
    return base
