"""The API's lists as CSV: one column for each scalar of a row, in the model's order.

Columns come from the row's model, not from the rows on a page, so every page of a list has the
same header: a text in every language gets a column per language (`name.fi`, `name.sv`,
`name.en`), a nested record a column per field (`target.year`), a list or a mapping one column
holding its JSON. Comma-separated, UTF-8, decimal points, as data tools read by default. Text
that a spreadsheet program would run as a formula is neutralised as in every export
(core/formulas.py); a number, such as -5, stays a number.
"""

import csv
import io
import json
import re
import types
import typing

from pydantic import BaseModel

from mittaristo.core.formulas import csv_text
from mittaristo.core.translation import CONTENT_LANGUAGES, TranslatedText

NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")


def _inner(annotation):
    """The type inside `X | None`."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def columns(model: type[BaseModel], prefix: tuple = ()) -> list[tuple[str, ...]]:
    """The paths of the row's cells, e.g. ("name", "fi"), ("target", "year")."""
    paths = []
    for name, field in model.model_fields.items():
        kind = _inner(field.annotation)
        path = (*prefix, name)
        if kind is TranslatedText:
            paths.extend((*path, language) for language in CONTENT_LANGUAGES)
        elif isinstance(kind, type) and issubclass(kind, BaseModel):
            paths.extend(columns(kind, path))
        else:
            paths.append(path)
    return paths


def _cell(data, path):
    for key in path:
        if not isinstance(data, dict):
            return ""
        data = data.get(key)
    if data is None:
        return ""
    if isinstance(data, bool):
        return "true" if data else "false"
    if isinstance(data, list | dict):
        return csv_text(json.dumps(data, ensure_ascii=False))
    if isinstance(data, str) and not NUMBER.match(data):
        return csv_text(data)
    return str(data)


def rows_csv(model: type[BaseModel], rows: list[BaseModel]) -> str:
    paths = columns(model)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([".".join(path) for path in paths])
    for row in rows:
        data = row.model_dump(mode="json")
        writer.writerow([_cell(data, path) for path in paths])
    return out.getvalue()
