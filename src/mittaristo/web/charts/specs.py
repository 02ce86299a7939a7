"""The chart kinds as Vega-Lite specifications: pure functions of plain data.

A builder returns a plain dict (JSON-ready); a page puts it in a `json_script` and
static/js/charts.js draws it with the pinned vega-embed (the PDF report can hand the same dict to
vl-convert). No Django here: a builder takes plain rows, and its caller passes the translated
words (`Words`) and the text alternative (see text.py).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
LINE_COLOUR = "#00528a"  # the site's accent colour: 7.6:1 on white
TARGET_COLOUR = "#7a3e00"  # the example colour: 7.4:1 on white, and dashed, never colour alone
# Tooltips: up to four decimals, no trailing zeros, grouped (charts.js sets the page's locale).
NUMBER_FORMAT = ",.4~f"
CONFIG = {"font": "Liberation Sans, Arial, sans-serif", "axis": {"labelFontSize": 12}}
HEIGHT = 260


@dataclass(frozen=True)
class Words:
    """The words a chart writes itself (axis titles, legend, tooltips), in the reader's language."""

    period: str = "period"
    value: str = "value"
    milestone: str = "milestone"
    target: str = "target"


def _number(value) -> float | None:
    """A value for the chart: JSON has no decimals, and the chart needs no more than a float."""
    if value is None or value == "":
        return None
    return float(Decimal(str(value)))


def _x(*, axis: bool = False) -> dict:
    """The period axis: ordinal, in order of the codes (2021 < 2022H1 < 2022H2 < 2023), so
    that the years which milestones and the forecast add fall into place."""
    x = {"field": "period", "type": "ordinal"}
    if axis:
        x |= {"title": None, "axis": {"labelAngle": 0}}
    return x


def _y(field: str = "value", title: str | None = None, *, axis: bool = False) -> dict:
    y = {"field": field, "type": "quantitative"}
    if axis:
        # A line shows change: the axis spans the values (and targets), not down to zero.
        y |= {"title": title, "scale": {"zero": False}}
    return y


def _tooltip_number(field: str, title: str | None) -> dict:
    return {"field": field, "type": "quantitative", "title": title, "format": NUMBER_FORMAT}


def _spec(description: str, title: str | None, height, **body) -> dict:
    spec = {"$schema": SCHEMA}
    if title:
        spec["title"] = title
    spec |= {"description": description or title or "", "width": "container", "height": height}
    return spec | body | {"config": CONFIG}


def time_series_spec(
    rows: Iterable[Mapping],
    *,
    unit: str = "",
    words: Words = Words(),
    title: str | None = None,
    description: str = "",
    target: Mapping | None = None,
    milestones: Iterable[Mapping] = (),
    forecast: Mapping | None = None,
) -> dict:
    """One indicator over time: a line with a point per period, oldest first; its target as a
    dashed rule with a label and a ◆ at its year; milestones as ■; the forecast as a dashed line
    in its interval.

    rows: mappings with "period" (its code, e.g. "2022") and "value" (Decimal, str or number;
    None if missing: missing values break the line instead of bridging it).
    target: {"value", "label"} and optionally "year" (a ◆ at the target year) or None.
    milestones: [{"year", "value"}]. forecast: {"year", "value", "low", "high", "from_year",
    "from_value"} or None. description is the chart's text alternative (charts.js gives it to
    the drawing as its accessible name); the page shows the same numbers in a table.
    """
    values = [{"period": str(row["period"]), "value": _number(row["value"])} for row in rows]
    values.sort(key=lambda row: row["period"])
    y_title = unit or None
    layers = [
        {
            "mark": {"type": "line", "color": LINE_COLOUR, "strokeWidth": 2},
            "encoding": {"x": _x(axis=True), "y": _y(title=y_title, axis=True)},
        },
        {
            "mark": {"type": "point", "filled": True, "size": 60, "color": LINE_COLOUR},
            "encoding": {
                "x": _x(),
                "y": _y(),
                "tooltip": [
                    {"field": "period", "type": "ordinal", "title": words.period},
                    _tooltip_number("value", y_title or words.value),
                ],
            },
        },
    ]
    if forecast and forecast.get("value") is not None:
        layers += _forecast_layers(forecast)
    if target is not None:
        layers += _target_layers(target)
    marks = [
        {"period": str(m["year"]), "value": _number(m["value"]), "label": words.milestone}
        for m in milestones
    ]
    if target is not None and target.get("year") is not None:
        marks.insert(
            0,
            {
                "period": str(target["year"]),
                "value": _number(target["value"]),
                "label": words.target,
            },
        )
    if marks:
        # Told apart by shape as well as colour: never colour alone.
        kinds = {words.target: (TARGET_COLOUR, "diamond"), words.milestone: (LINE_COLOUR, "square")}
        shown = [label for label in kinds if any(m["label"] == label for m in marks)]
        layers.append(
            {
                "data": {"values": marks},
                "mark": {"type": "point", "size": 90, "filled": True},
                "encoding": {
                    "x": _x(),
                    "y": _y(),
                    "color": {
                        "field": "label",
                        "type": "nominal",
                        "title": None,
                        "scale": {"domain": shown, "range": [kinds[k][0] for k in shown]},
                    },
                    "shape": {
                        "field": "label",
                        "type": "nominal",
                        "title": None,
                        "scale": {"domain": shown, "range": [kinds[k][1] for k in shown]},
                    },
                    "tooltip": [
                        {"field": "label", "type": "nominal", "title": None},
                        {"field": "period", "type": "ordinal", "title": words.period},
                        _tooltip_number("value", y_title or words.value),
                    ],
                },
            }
        )
    return _spec(description, title, HEIGHT, data={"values": values}, layer=layers)


def _forecast_layers(forecast: Mapping) -> list[dict]:
    """The forecast from the latest value to the target year, in its prediction interval."""
    start = _number(forecast["from_value"])
    band = [
        {"period": str(forecast["from_year"]), "low": start, "high": start, "value": start},
        {
            "period": str(forecast["year"]),
            "low": _number(forecast["low"]),
            "high": _number(forecast["high"]),
            "value": _number(forecast["value"]),
        },
    ]
    return [
        {
            "data": {"values": band},
            "mark": {"type": "area", "opacity": 0.2, "color": LINE_COLOUR},
            "encoding": {"x": _x(), "y": _y("low"), "y2": {"field": "high"}},
        },
        {
            "data": {"values": band},
            "mark": {"type": "line", "strokeDash": [4, 3], "color": LINE_COLOUR},
            "encoding": {"x": _x(), "y": _y()},
        },
    ]


def _target_layers(target: Mapping) -> list[dict]:
    """The target level as a dashed rule across the chart, with its label at the left."""
    level = _number(target["value"])
    return [
        {
            "data": {"values": [{"target": level}]},
            "mark": {
                "type": "rule",
                "color": TARGET_COLOUR,
                "strokeDash": [6, 4],
                "strokeWidth": 2,
            },
            "encoding": {"y": _y("target")},
        },
        {
            "data": {"values": [{"target": level, "label": target["label"]}]},
            "mark": {
                "type": "text",
                "align": "left",
                "baseline": "bottom",
                "dx": 4,
                "dy": -4,
                "color": TARGET_COLOUR,
            },
            "encoding": {"y": _y("target"), "x": {"value": 0}, "text": {"field": "label"}},
        },
    ]


def peers_spec(
    rows: Iterable[Mapping],
    *,
    highlight: str,
    unit: str = "",
    words: Words = Words(),
    description: str = "",
) -> dict:
    """Bars of an area and its peers in one year, the area itself in the target colour.

    rows: [{"name", "value"}] (value a Decimal, str or number); highlight: the area's own name.
    The highest value is on top; the page shows the same rows as a table.
    """
    values = [
        {"name": r["name"], "value": _number(r["value"]), "own": r["name"] == highlight}
        for r in rows
    ]
    return _spec(
        description,
        None,
        {"step": 18},
        data={"values": values},
        mark={"type": "bar"},
        encoding={
            "y": {"field": "name", "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "value", "type": "quantitative", "title": unit or words.value},
            "color": {
                "field": "own",
                "type": "nominal",
                "scale": {"domain": [True, False], "range": [TARGET_COLOUR, LINE_COLOUR]},
                "legend": None,
            },
            "tooltip": [
                {"field": "name", "type": "nominal", "title": None},
                _tooltip_number("value", unit or words.value),
            ],
        },
    )
