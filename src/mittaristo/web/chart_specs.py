"""The indicator page's chart: values, target, milestones and the forecast with its interval.

Built on web/charts.py (its schema and colours); the entry page uses its simpler
`time_series_spec`. Vega-Lite specifications for an indicator's chart, built in Python.

One definition serves the page (rendered in the browser by vega-embed) and the PDF report
(rendered by vl-convert). Every chart also has a text alternative and its data as a table on
the page, so nothing is said by the picture alone.
"""

from django.utils.translation import gettext as _

from mittaristo.core.templatetags.mittaristo import number

from .charts import LINE_COLOUR, SCHEMA, TARGET_COLOUR


def indicator_spec(
    values, *, unit="", target=None, milestones=(), forecast=None, description=""
) -> dict:
    """values: [{"period", "value"}] (value a str or number; None skipped);
    target: {"year", "value"} or None; milestones: [{"year", "value"}];
    forecast: {"year", "value", "low", "high", "from_year", "from_value"} or None."""
    series = [
        {"period": str(v["period"]), "value": float(v["value"]), "kind": _("value")}
        for v in values
        if v.get("value") is not None
    ]
    layers = [
        {
            "mark": {"type": "line", "point": True, "color": LINE_COLOUR},
            "data": {"values": series},
            "encoding": {
                "x": {"field": "period", "type": "ordinal", "title": _("period")},
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": unit or _("value"),
                    "scale": {"zero": False},
                },
                "tooltip": [
                    {"field": "period", "title": _("period")},
                    {"field": "value", "title": _("value"), "format": ",.4~f"},
                ],
            },
        }
    ]
    if forecast and forecast.get("value") is not None:
        band = [
            {
                "period": str(forecast["from_year"]),
                "low": forecast["from_value"],
                "high": forecast["from_value"],
                "value": forecast["from_value"],
            },
            {
                "period": str(forecast["year"]),
                "low": forecast["low"],
                "high": forecast["high"],
                "value": forecast["value"],
            },
        ]
        layers += [
            {
                "mark": {"type": "area", "opacity": 0.2},
                "data": {"values": band},
                "encoding": {
                    "x": {"field": "period", "type": "ordinal"},
                    "y": {"field": "low", "type": "quantitative"},
                    "y2": {"field": "high"},
                },
            },
            {
                "mark": {"type": "line", "strokeDash": [4, 3]},
                "data": {"values": band},
                "encoding": {
                    "x": {"field": "period", "type": "ordinal"},
                    "y": {"field": "value", "type": "quantitative"},
                },
            },
        ]
    marks = []
    if target:
        marks.append(
            {"period": str(target["year"]), "value": float(target["value"]), "label": _("target")}
        )
    marks += [
        {"period": str(m["year"]), "value": float(m["value"]), "label": _("milestone")}
        for m in milestones
    ]
    if marks:
        layers.append(
            {
                "mark": {"type": "point", "shape": "diamond", "size": 90, "filled": True},
                "data": {"values": marks},
                "encoding": {
                    "x": {"field": "period", "type": "ordinal"},
                    "y": {"field": "value", "type": "quantitative"},
                    "shape": {"field": "label", "type": "nominal", "title": None},
                    "tooltip": [{"field": "label"}, {"field": "period"}, {"field": "value"}],
                },
            }
        )
    if target:
        layers.append(
            {
                "mark": {"type": "rule", "strokeDash": [6, 4], "color": TARGET_COLOUR},
                "data": {"values": [{"value": float(target["value"])}]},
                "encoding": {"y": {"field": "value", "type": "quantitative"}},
            }
        )
    return {
        "$schema": SCHEMA,
        "description": description,
        "width": "container",
        "height": 260,
        "layer": layers,
        "config": {"font": "system-ui, sans-serif"},
    }


def chart_description(name, values, *, unit="", target=None) -> str:
    """The chart's text alternative: what it shows, in one sentence."""
    known = [v for v in values if v.get("value") is not None]
    if not known:
        return _("%(name)s: no values yet.") % {"name": name}
    text = _("%(name)s from %(first)s to %(last)s: %(start)s → %(end)s %(unit)s.") % {
        "name": name,
        "first": known[0]["period"],
        "last": known[-1]["period"],
        "start": number(known[0]["value"]),
        "end": number(known[-1]["value"]),
        "unit": unit,
    }
    if target:
        text += " " + _("Target %(year)s: %(value)s %(unit)s.") % {
            "year": target["year"],
            "value": number(target["value"]),
            "unit": unit,
        }
    return text


def peers_spec(rows, *, highlight: str, unit="", description="") -> dict:
    """Bars of the area and its peers in one year, the area marked by colour and a ◆ label.

    rows: [{"name", "value"}] (value a number); highlight: the name of the area itself.
    """
    values = [
        {"name": r["name"], "value": float(r["value"]), "own": r["name"] == highlight} for r in rows
    ]
    return {
        "$schema": SCHEMA,
        "description": description,
        "width": "container",
        "height": {"step": 18},
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "name", "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "value", "type": "quantitative", "title": unit or _("value")},
            "color": {
                "field": "own",
                "type": "nominal",
                "scale": {"domain": [True, False], "range": [TARGET_COLOUR, LINE_COLOUR]},
                "legend": None,
            },
            "tooltip": [{"field": "name"}, {"field": "value", "format": ",.4~f"}],
        },
    }
