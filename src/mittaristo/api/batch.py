"""A batch of observations sent to the write API, read into the import's table.

The body is `{"observations": [{...}, ...], "accept_outliers": false}`; each observation has
the import file's columns as fields (docs/observations.md): indicator, area, period, value,
and optionally status, note, breakdown, example, vintage. The rows go on as a table
(observations.imports.table.Table) to the import itself, which reads each cell as it reads a
file's, so a value is read, checked and refused exactly as in a file. Rows are numbered from 1,
the first observation of the list. Here only the JSON's shape is checked: an object with known
fields whose values are text, numbers (value, period) or true/false (example).
"""

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from mittaristo.observations.imports.parse import RowProblem
from mittaristo.observations.imports.table import Table
from mittaristo.strategy.models import Indicator

from .responses import ApiError

REQUIRED = ("indicator", "area", "period", "value")
FIELDS = (*REQUIRED, "status", "note", "breakdown", "example", "vintage")
NUMBERS = {"value", "period"}  # may be JSON numbers as well as text


@dataclass
class Batch:
    observations: list
    accept_outliers: bool | str
    digest: str  # of the request as read, whatever its spacing or order of fields


def read_batch(body: bytes, *, max_rows: int) -> Batch:
    """The batch in `body`; ApiError (400, or 413 above `max_rows`) if it is none."""
    try:
        data = json.loads(body, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError) as error:
        raise ApiError(
            400, _("The body is not JSON (%(error)s).") % {"error": str(error)}
        ) from None
    example = '{"observations": [{"indicator": …, "area": …, "period": …, "value": …}]}'
    if not isinstance(data, dict) or not isinstance(data.get("observations"), list):
        raise ApiError(
            400,
            _("Send a JSON object with a list of observations: %(example)s.")
            % {"example": example},
        )
    if unknown := sorted(set(data) - {"observations", "accept_outliers"}):
        raise ApiError(
            400,
            _("Unknown field(s) %(names)s; the batch has observations and accept_outliers.")
            % {"names": ", ".join(unknown)},
        )
    accept = data.get("accept_outliers", False)
    if not isinstance(accept, bool | str):
        raise ApiError(
            400,
            _(
                "accept_outliers is true, false, or the outlier_digest of an answer that "
                "listed the outliers."
            ),
            "accept_outliers",
        )
    count = len(data["observations"])
    if count > max_rows:
        raise ApiError(
            413,
            _(
                "A batch holds at most %(max)s observations; this one has %(count)s. Send them "
                "in several batches (each is stored whole or not at all)."
            )
            % {"max": max_rows, "count": count},
        )
    if not count:
        raise ApiError(400, _("The list of observations is empty."), "observations")
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return Batch(
        observations=data["observations"],
        accept_outliers=accept,
        digest=hashlib.sha256(canonical.encode()).hexdigest(),
    )


def shape_problems(observations: list) -> list[RowProblem]:
    """What is wrong with the JSON of each observation (not with what it says)."""
    problems = []
    for row, item in enumerate(observations, 1):
        if not isinstance(item, dict):
            problems.append(RowProblem(row, "", "", _("not an object with fields")))
            continue
        for name in sorted(set(item) - set(FIELDS)):
            problems.append(
                RowProblem(
                    row,
                    name,
                    "",
                    _("unknown field (the fields are: %(fields)s)") % {"fields": ", ".join(FIELDS)},
                )
            )
        for name in REQUIRED:
            if name not in item:
                problems.append(RowProblem(row, name, "", _("missing; this field is required")))
        for name in FIELDS:
            if name in item and not _fits(name, item[name]):
                problems.append(RowProblem(row, name, _shown(item[name]), _wrong_type(name)))
    return problems


def _key(text: str) -> str:
    return " ".join(str(text).casefold().split())


def outside_problems(observations: list, organisation, *, skip: set[int]) -> list[RowProblem]:
    """A problem for each row naming an indicator that is not one of `organisation`'s (by
    code or name, as the import reads it): a token writes its own organisation's indicators,
    and learns nothing of another's (the message is the same whether another has it or not).
    """
    written = {
        item["indicator"].strip()
        for row, item in enumerate(observations, 1)
        if row not in skip and isinstance(item, dict) and isinstance(item.get("indicator"), str)
    }
    if not written:
        return []
    own = Indicator.objects.filter(strategy__organisation=organisation)
    known = set(own.filter(code__in=written).values_list("code", flat=True))
    if written - known:
        for names in own.values_list("name", flat=True):
            known.update(_key(name) for name in (names or {}).values() if name)
    problems = []
    for row, item in enumerate(observations, 1):
        if row in skip or not isinstance(item, dict) or not isinstance(item.get("indicator"), str):
            continue
        text = item["indicator"].strip()
        if text not in known and _key(text) not in known:
            problems.append(
                RowProblem(
                    row,
                    "indicator",
                    text,
                    _(
                        "%(organisation)s has no such indicator: this token writes the "
                        "indicators of %(organisation)s only"
                    )
                    % {"organisation": organisation.address},
                )
            )
    return problems


def _fits(name: str, value) -> bool:
    if value is None:
        return True
    if name == "example":
        return isinstance(value, bool)
    if name in NUMBERS and isinstance(value, int | Decimal) and not isinstance(value, bool):
        return True
    return isinstance(value, str)


def _wrong_type(name: str) -> str:
    if name == "example":
        return _("write true or false")
    if name in NUMBERS:
        return _("write a number or text")
    return _("write text")


def _shown(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)[:100]


def as_table(observations: list, *, name: str, skip: set[int]) -> Table:
    """The observations (but the rows in `skip`) as the import reads a file."""
    used = {field for item in observations if isinstance(item, dict) for field in item}
    header = [field for field in FIELDS if field in REQUIRED or field in used]

    def cell(item, field):
        value = item.get(field)
        if value is None:
            return ""
        if field == "example":
            return "x" if value else ""
        return value if isinstance(value, str) else str(value)

    rows = (
        (row, [cell(item, field) for field in header])
        for row, item in enumerate(observations, 1)
        if row not in skip
    )
    # header_row only names the header in a problem of its own, which this header cannot have.
    return Table(name=name, sheet=None, header=header, header_row=1, rows=rows)
