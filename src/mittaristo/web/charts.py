"""Charts as Vega-Lite specifications built in Python: one definition for the page and the report.

A builder returns a plain dict (JSON-ready); the page puts it in a `json_script` and
static/js/charts.js draws it with the pinned vega-embed. No Django here: a builder takes plain
rows, and its caller passes translated text.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
LINE_COLOUR = "#00528a"  # the site's accent colour: 7.6:1 on white
TARGET_COLOUR = "#7a3e00"  # the example colour: 7.4:1 on white, and dashed, never colour alone


def _number(value) -> float | None:
    """A value for the chart: JSON has no decimals, and the chart needs no more than a float."""
    if value is None:
        return None
    return float(Decimal(value))


def time_series_spec(
    rows: Iterable[Mapping],
    *,
    title: str,
    unit: str,
    target: Mapping | None = None,
    description: str = "",
) -> dict:
    """A line with a point per period, oldest first, and a dashed rule at the target level.

    rows: mappings with "period" (its code, e.g. "2022") and "value" (Decimal, None if missing;
    missing values break the line instead of bridging it). target: {"value", "label"} or None.
    description is the chart's text alternative (read by screen readers from the SVG).
    """
    values = [{"period": str(row["period"]), "value": _number(row["value"])} for row in rows]
    values.sort(key=lambda row: row["period"])
    y_title = unit or None
    layers = [
        {
            "mark": {"type": "line", "color": LINE_COLOUR, "strokeWidth": 2},
            "encoding": {
                "x": {
                    "field": "period",
                    "type": "ordinal",
                    "title": None,
                    "sort": None,
                    "axis": {"labelAngle": 0},
                },
                # A line shows change: the axis spans the values (and target), not down to zero.
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": y_title,
                    "scale": {"zero": False},
                },
            },
        },
        {
            "mark": {"type": "point", "filled": True, "size": 60, "color": LINE_COLOUR},
            "encoding": {
                "x": {"field": "period", "type": "ordinal", "sort": None},
                "y": {"field": "value", "type": "quantitative"},
                "tooltip": [
                    {"field": "period", "type": "ordinal", "title": title},
                    {"field": "value", "type": "quantitative", "title": y_title},
                ],
            },
        },
    ]
    if target is not None:
        layers.append(
            {
                "data": {"values": [{"target": _number(target["value"])}]},
                "mark": {
                    "type": "rule",
                    "color": TARGET_COLOUR,
                    "strokeDash": [6, 4],
                    "strokeWidth": 2,
                },
                "encoding": {"y": {"field": "target", "type": "quantitative"}},
            }
        )
        layers.append(
            {
                "data": {
                    "values": [{"target": _number(target["value"]), "label": target["label"]}]
                },
                "mark": {
                    "type": "text",
                    "align": "left",
                    "baseline": "bottom",
                    "dx": 4,
                    "dy": -4,
                    "color": TARGET_COLOUR,
                },
                "encoding": {
                    "y": {"field": "target", "type": "quantitative"},
                    "x": {"value": 0},
                    "text": {"field": "label"},
                },
            }
        )
    return {
        "$schema": SCHEMA,
        "title": title,
        "description": description or title,
        "width": "container",
        "height": 240,
        "data": {"values": values},
        "layer": layers,
        "config": {"font": "Liberation Sans, Arial, sans-serif", "axis": {"labelFontSize": 12}},
    }
