"""Observations as one JSON-stat 2.0 dataset (https://json-stat.org/full/), the format
Statistics Finland serves, so that the tools that read its tables read these too.

`/api/v1/observations/?format=jsonstat` (or `Accept: application/json+stat`) answers the
observations the same filters and the same public gate choose as for JSON and CSV, as a cube
with four dimensions: `round` (the published round, which names its strategy and
organisation), `area`, `indicator` (role `metric`: each category carries its `unit` and a note
naming its sources and licences) and `period` (role `time`). A value that is not final has its
status (`provisional`, `estimate`) in `status`; the positions of the demo's made-up example
values are listed in `extension.example`.

A dataset is one cube, not pages: `page` and `page_size` are refused, and a cube larger than
MAX_CELLS cells is refused with a message that says how to narrow it. Labels follow the
request's language (fi, sv, en), so the language is part of the ETag.

JSON-stat has no registered media type (the answer is `application/json`, as the format's own
samples are served); `application/json+stat` in Accept is read as asking for it.
"""

import datetime as dt
import json
import math
from decimal import Decimal
from typing import Literal

from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, create_model

from . import records, selection
from .responses import ApiError, check_parameters, not_modified, with_validators
from .rows import ObservationRow, observation_rows

ASKED_BY = "application/json+stat"  # in Accept; the answer itself is application/json
FORMATS = ("json", "csv", "jsonstat")
MAX_CELLS = 100_000
DIMENSIONS = ("round", "area", "indicator", "period")
FORMAT = (  # the `format` parameter's description
    "`json` (the default), `csv` or `jsonstat` (one JSON-stat 2.0 dataset, not paged); "
    "`Accept: text/csv` or `Accept: application/json+stat` ask for those too."
)


# The shape of the answer, for the OpenAPI schema (the view writes plain JSON).
class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class JsonStatUnit(_Model):
    label: str | None = None
    decimals: int


class JsonStatCategory(_Model):
    index: list[str]
    label: dict[str, str]
    unit: dict[str, JsonStatUnit] | None = None
    note: dict[str, list[str]] | None = None


class JsonStatDimension(_Model):
    label: str
    category: JsonStatCategory


class JsonStatLink(_Model):
    type: str
    href: str


class _Dataset(_Model):
    """A JSON-stat 2.0 dataset of observations (docs/api.md)."""

    version: Literal["2.0"]
    label: str
    source: str
    updated: str | None = None
    note: list[str]
    link: dict[str, list[JsonStatLink]]
    id: list[str]
    size: list[int]
    role: dict[str, list[str]]
    dimension: dict[str, JsonStatDimension]
    value: list[float | int | None] | dict[str, float | int | None]
    status: dict[str, str]
    extension: dict


# `class` is a Python keyword: a field of that name is made, not written.
JsonStatDataset = create_model(
    "JsonStatDataset", __base__=_Dataset, **{"class": (Literal["dataset"], ...)}
)


def asked(request) -> bool:
    """Whether the request asks for JSON-stat (`?format=` first, then Accept)."""
    fmt = request.GET.get("format")
    if fmt is None:
        return ASKED_BY in request.headers.get("Accept", "")
    if fmt not in FORMATS:
        raise ApiError(
            400,
            _("Unknown format “%(format)s”. This address answers in: %(offered)s.")
            % {"format": fmt, "offered": ", ".join(FORMATS)},
            "format",
        )
    return fmt == "jsonstat"


def observations(request) -> HttpResponse:
    """The view: the chosen observations as one dataset."""
    for name in ("page", "page_size"):
        if name in request.GET:
            raise ApiError(
                400,
                _(
                    "A JSON-stat dataset is one cube and has no pages: leave out “%(name)s”, "
                    "and narrow the cube with strategy, round, indicator, area or period."
                )
                % {"name": name},
                name,
            )
    check_parameters(request, selection.parameters(ObservationRow))
    language = (get_language() or "fi").split("-")[0]
    unchanged, validators = not_modified(request, f"jsonstat-{language}", records.published_state())
    if unchanged is not None:
        return unchanged
    items = selection.chosen(request)
    kept = selection.kept(request, items, observation_rows(items), ObservationRow)
    body = dataset(items, kept, language=language, links=_links(request))
    response = HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/json")
    patch_vary_headers(response, ["Accept-Language"])
    return with_validators(response, validators)


def _links(request) -> dict:
    query = request.GET.copy()
    found = {}
    for fmt, media_type in (("json", "application/json"), ("csv", "text/csv")):
        query["format"] = fmt
        url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        found.setdefault("alternate", []).append({"type": media_type, "href": url})
    return found


def _number(value: Decimal) -> int | float:
    """A decimal as a JSON number: whole numbers exact, others as the nearest float, which
    prints as the same digits for up to 15 significant ones."""
    if value == value.to_integral_value() and abs(value) < 2**53:
        return int(value)
    return float(value)


def _decimals(value: Decimal | None) -> int:
    if value is None:
        return 0
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _ordered(values) -> list:
    return list(dict.fromkeys(values))


def dataset(items: list[records.Published], rows: list[ObservationRow], *, language, links):
    """The JSON-stat 2.0 dataset of `rows` (observation rows of the published `items`)."""
    by_round = {item.round.pk: item for item in items}
    rounds = _ordered(row.round for row in rows)
    areas = _ordered(row.area for row in rows)
    indicators = _ordered(row.indicator for row in rows)
    periods = sorted({row.period for row in rows})
    sizes = [len(rounds), len(areas), len(indicators), len(periods)]
    cells = math.prod(sizes)
    if cells > MAX_CELLS:
        raise ApiError(
            400,
            _(
                "The dataset would have %(cells)s cells, more than %(max)s: narrow it with "
                "strategy, round, indicator, area or period, or read the observations as JSON "
                "or CSV pages."
            )
            % {"cells": cells, "max": MAX_CELLS},
        )
    position = {
        name: {code: i for i, code in enumerate(codes)}
        for name, codes in zip(DIMENSIONS, (rounds, areas, indicators, periods), strict=True)
    }
    strides = [math.prod(sizes[i + 1 :]) for i in range(len(sizes))]

    values, status, examples = {}, {}, []
    decimals: dict[str, int] = {}
    credits: dict[str, list[str]] = {}
    for row in rows:
        keys = (row.round, row.area, row.indicator, row.period)
        at = sum(
            position[name][key] * stride
            for name, key, stride in zip(DIMENSIONS, keys, strides, strict=True)
        )
        if at in values:
            raise ValueError(f"two values for {keys}")  # a record holds one per period
        values[at] = None if row.value is None else _number(row.value)
        if row.status != "final":
            status[str(at)] = row.status
        if row.is_example:
            examples.append(at)
        decimals[row.indicator] = max(decimals.get(row.indicator, 0), _decimals(row.value))
        credit = " – ".join(part for part in (row.source_ref, row.licence) if part)
        if credit and credit not in credits.setdefault(row.indicator, []):
            credits[row.indicator].append(credit)

    if len(values) * 2 >= cells:  # dense enough for a plain array
        value = [values.get(at) for at in range(cells)]
    else:
        value = {str(at): values[at] for at in sorted(values)}

    def text(translated) -> str:
        return translated.in_language(language)

    first_indicator = {}
    for round_id in rounds:
        for code, indicator in by_round[round_id].record.indicators.items():
            first_indicator.setdefault(code, indicator)
    area_names = {}
    for round_id in rounds:
        area = by_round[round_id].record.area
        area_names.setdefault(area.key, text(area.name))

    units = {}
    for code in indicators:
        unit = {"decimals": decimals.get(code, 0)}
        if text(first_indicator[code].unit):
            unit["label"] = text(first_indicator[code].unit)
        units[code] = unit
    chosen = [by_round[round_id] for round_id in rounds]
    strategies = _ordered(text(item.record.strategy.name) for item in chosen)
    organisations = _ordered(text(item.record.strategy.organisation) for item in chosen)
    published = [item.round.published_at for item in chosen if item.round.published_at]

    note = [
        _(
            "The values of published review rounds of the strategies, as the public site shows "
            "them: each round's values for its own area."
        ),
        _(
            "Each indicator's note names its sources and their licences; a figure the city "
            "typed or imported has no licence of its own."
        ),
    ]
    if examples:
        note.append(
            _(
                "The values at the positions listed in extension.example are examples made up "
                "for the demo, not real figures."
            )
        )
    body = {
        "version": "2.0",
        "class": "dataset",
        "label": _("Observations: %(strategies)s") % {"strategies": "; ".join(strategies)},
        "source": "; ".join(organisations),
        "note": note,
        "link": links,
        "id": list(DIMENSIONS),
        "size": sizes,
        "role": {"time": ["period"], "geo": ["area"], "metric": ["indicator"]},
        "dimension": {
            "round": _dimension(
                _("Published review round"),
                rounds,
                {
                    str(r): f"{text(by_round[r].record.strategy.name)}: {by_round[r].round.name}"
                    for r in rounds
                },
            ),
            "area": _dimension(_("Area"), areas, area_names),
            "indicator": _dimension(
                _("Indicator"),
                indicators,
                {code: text(first_indicator[code].name) for code in indicators},
                unit=units,
                note={code: credits[code] for code in indicators if credits.get(code)},
            ),
            "period": _dimension(_("Period"), periods, {p: p for p in periods}),
        },
        "value": value,
        "status": status,
        "extension": {
            "organisation": {str(item.round.pk): item.organisation for item in chosen},
            "strategy": {str(item.round.pk): item.strategy for item in chosen},
            "example": examples,
        },
    }
    if published:
        body["updated"] = _iso(max(published))
    return body


def _dimension(label: str, codes: list, labels: dict, **more) -> dict:
    category = {"index": [str(code) for code in codes], "label": labels}
    category.update({key: value for key, value in more.items() if value})
    return {"label": label, "category": category}


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
