"""The chart kinds as Vega-Lite specifications: pure functions of plain data.

A builder returns a plain dict (JSON-ready); a page puts it in a `json_script` and
static/js/charts.js draws it with the pinned vega-embed (the PDF report can hand the same dict to
vl-convert). No Django here: a builder takes plain rows, and its caller passes the translated
words (`Words`) and the text alternative (see text.py).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from mittaristo.core.periods import parse_period

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
LINE_COLOUR = "#00528a"  # the site's accent colour: 7.6:1 on white
TARGET_COLOUR = "#7a3e00"  # the example colour: 7.4:1 on white, and dashed, never colour alone
# Tooltips: up to four decimals, no trailing zeros, grouped (charts.js sets the page's locale).
NUMBER_FORMAT = ",.4~f"
CONFIG = {"font": "Liberation Sans, Arial, sans-serif", "axis": {"labelFontSize": 12}}
HEIGHT = 260
# A phone's chart is about 330 px wide: a tick per 70 px leaves room for "2024" and a gap.
NARROW_TICKS = "max(2, floor(width / 70))"
LABEL_LIMIT = 120  # px: a longer name (the peers' bars) ends in "…"; the table has it whole


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


def _position(period) -> int | float:
    """Where a period sits on the time axis, in years: at its start (2024 → 2024.0, 2024H2 →
    2024.5, 2024Q3 → 2024.5, "2024 kevät" → 2024.25), so years keep their true distances."""
    start = parse_period(str(period)).start
    return start.year if start.month == 1 else start.year + (start.month - 1) / 12


def _x(domain=None) -> dict:
    """The time axis: quantitative, in years at their true distances (2024, 2026 and 2030 are
    not evenly spaced), with whole-year ticks written without a thousands separator ("2024",
    never "2 024"). `domain` (first, last) is given on the layer that draws the axis."""
    x = {"field": "year", "type": "quantitative"}
    if domain is not None:
        x |= {
            "title": None,
            # A few pixels of padding keep the first and last marks inside the frame.
            "scale": {"domain": list(domain), "nice": False, "zero": False, "padding": 16},
            "axis": {
                "format": "d",
                "tickMinStep": 1,
                "labelAngle": 0,
                "grid": False,
                # On a phone's narrow chart fewer ticks, and never two labels on each other.
                "tickCount": {"expr": NARROW_TICKS},
                "labelOverlap": "greedy",
                "labelFlush": True,
            },
        }
    return x


# How far apart the values of a series of each frequency are, in years; survey rounds and
# irregular series have no fixed spacing, so theirs is read from the values themselves.
SPACING = {"yearly": 1, "half_yearly": 1 / 2, "quarterly": 1 / 4, "monthly": 1 / 12}


def _runs(values: list[dict], spacing: float | None = None) -> list[dict]:
    """The values with a number, each with the `run` of the unbroken line it belongs to.

    The series' spacing is its frequency's (a year for a yearly series), or where that is not
    fixed (survey rounds, irregular), its shortest step between neighbouring values (two years
    for a survey every other year). A longer step, or a period stored without a value, breaks
    the line: the gap stays empty instead of being bridged by a straight line through years
    nobody measured. Every value keeps its point, so a value standing alone is still seen.
    """
    if spacing is None:
        steps = [
            b["year"] - a["year"]
            for a, b in zip(values, values[1:], strict=False)
            if a["value"] is not None and b["value"] is not None and b["year"] > a["year"]
        ]
        spacing = min(steps, default=None)
    result, run, previous = [], 0, None
    for row in values:
        if row["value"] is None:
            previous = None
            continue
        if previous is None and result:
            run += 1  # after a period stored without a value
        elif previous is not None and spacing and row["year"] - previous["year"] > spacing * 1.5:
            run += 1
        result.append(row | {"run": run})
        previous = row
    return result


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
    frequency: str = "",
) -> dict:
    """One indicator over time: a line with a point per value, oldest first; its target as a
    dashed rule with a label and a ◆ at its year; milestones as ■; the forecast as a dashed line
    in its interval. Time runs on a true scale (see `_x`), gaps stay gaps (see `_runs`).

    rows: mappings with "period" (its code, e.g. "2022") and "value" (Decimal, str or number;
    None if missing: a missing value breaks the line instead of bridging it).
    target: {"value", "label"} and optionally "year" (a ◆ at the target year) or None.
    milestones: [{"year", "value"}]. forecast: {"year", "value", "low", "high", "from_year",
    "from_value"} or None (without "low" and "high", the line without a band). frequency: the
    indicator's ("yearly", ...; "" if not known), which tells how far apart its values should
    be, so that a missing one leaves a gap (see `_runs`). description is
    the chart's text alternative (charts.js gives it to the drawing as its accessible name); the
    page shows the same numbers in a table. A page with no values draws no chart at all
    (text.py `chart_context`); this function still returns a valid, empty one.
    """
    values = [
        {
            "period": str(row["period"]),
            "year": _position(row["period"]),
            "value": _number(row["value"]),
        }
        for row in rows
    ]
    values.sort(key=lambda row: (row["year"], row["period"]))
    values = _runs(values, SPACING.get(frequency))
    y_title = unit or None
    marks = [
        {
            "period": str(m["year"]),
            "year": _position(m["year"]),
            "value": _number(m["value"]),
            "label": words.milestone,
        }
        for m in milestones
    ]
    if target is not None and target.get("year") is not None:
        marks.insert(
            0,
            {
                "period": str(target["year"]),
                "year": _position(target["year"]),
                "value": _number(target["value"]),
                "label": words.target,
            },
        )
    band = _forecast_band(forecast) if forecast and forecast.get("value") is not None else []
    # One domain for every layer: from the first value to the last year anything is drawn at
    # (the target, a milestone or the forecast), so they all sit on the same honest scale.
    years = [row["year"] for row in values + marks + band]
    first, last = (min(years), max(years)) if years else (0, 1)
    if first == last:
        first, last = first - 0.5, last + 0.5
    layers = [
        {
            "mark": {"type": "line", "color": LINE_COLOUR, "strokeWidth": 2},
            "encoding": {
                "x": _x((first, last)),
                "y": _y(title=y_title, axis=True),
                "detail": {"field": "run", "type": "nominal"},
            },
        },
        {
            "mark": {"type": "point", "filled": True, "size": 60, "color": LINE_COLOUR},
            "encoding": {
                "x": _x(),
                "y": _y(),
                "tooltip": [
                    {"field": "period", "type": "nominal", "title": words.period},
                    _tooltip_number("value", y_title or words.value),
                ],
            },
        },
    ]
    if band:
        layers += _forecast_layers(band)
    if target is not None:
        layers += _target_layers(target)
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
                        # Below the chart, not beside it: on a phone the line keeps the width.
                        "legend": {"orient": "bottom"},
                    },
                    "shape": {
                        "field": "label",
                        "type": "nominal",
                        "title": None,
                        "scale": {"domain": shown, "range": [kinds[k][1] for k in shown]},
                    },
                    "tooltip": [
                        {"field": "label", "type": "nominal", "title": None},
                        {"field": "period", "type": "nominal", "title": words.period},
                        _tooltip_number("value", y_title or words.value),
                    ],
                },
            }
        )
    return _spec(description, title, HEIGHT, data={"values": values}, layer=layers)


def _forecast_band(forecast: Mapping) -> list[dict]:
    """The forecast's two ends: the latest value, and the forecast in its interval."""
    start = _number(forecast["from_value"])
    return [
        {
            "period": str(forecast["from_year"]),
            "year": _position(forecast["from_year"]),
            "low": start,
            "high": start,
            "value": start,
        },
        {
            "period": str(forecast["year"]),
            "year": _position(forecast["year"]),
            "low": _number(forecast.get("low")),
            "high": _number(forecast.get("high")),
            "value": _number(forecast["value"]),
        },
    ]


def _forecast_layers(band: list[dict]) -> list[dict]:
    """The forecast from the latest value to the target year, in its prediction interval when
    there is one (where the data cannot give one, the line alone: no invented band)."""
    layers = []
    if all(row["low"] is not None and row["high"] is not None for row in band):
        layers.append(
            {
                "data": {"values": band},
                "mark": {"type": "area", "opacity": 0.2, "color": LINE_COLOUR},
                "encoding": {"x": _x(), "y": _y("low"), "y2": {"field": "high"}},
            }
        )
    layers.append(
        {
            "data": {"values": band},
            "mark": {"type": "line", "strokeDash": [4, 3], "color": LINE_COLOUR},
            "encoding": {"x": _x(), "y": _y()},
        }
    )
    return layers


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
                "limit": {"expr": "width - 8"},  # never past the chart's right edge
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
            "y": {
                "field": "name",
                "type": "nominal",
                "sort": "-x",
                "title": None,
                "axis": {"labelLimit": LABEL_LIMIT},
            },
            "x": {
                "field": "value",
                "type": "quantitative",
                "title": unit or words.value,
                "axis": {"tickCount": {"expr": NARROW_TICKS}, "labelOverlap": "greedy"},
            },
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


# The comparison chart's lines: the area itself in the highlight colour and solid, each group
# in its own colour and dash, so that no line is told apart by colour alone.
COMPARISON_STYLES = (
    (TARGET_COLOUR, []),
    (LINE_COLOUR, [6, 3]),
    ("#2e7d32", [2, 2]),  # 5.1:1 on white
    ("#5c5c5c", [8, 3, 2, 3]),  # 6.7:1 on white
)


def _series(field: str, names: list[str], title: str | None) -> tuple[dict, dict]:
    """The colour and the dash of lines told apart by `field`, in one legend: both channels
    have the same field, order and title, and each line its COMPARISON_STYLES pair (never
    colour alone)."""
    styles = [COMPARISON_STYLES[n % len(COMPARISON_STYLES)] for n in range(len(names))]
    legend = {"orient": "bottom", "direction": "vertical", "labelLimit": 300}
    return tuple(
        {
            "field": field,
            "type": "nominal",
            "title": title,
            "sort": names,
            "scale": {"domain": names, "range": [style[part] for style in styles]},
            "legend": legend,
        }
        for part in (0, 1)
    )


def comparison_spec(
    series: Iterable[Mapping],
    *,
    unit: str = "",
    words: Words = Words(),
    description: str = "",
) -> dict:
    """Several series over the same years as lines (an area, its peers, its region, the
    country), each with its name in the legend below, told apart by colour and dash.

    series: [{"name", "rows": [{"period", "value"}]}], the first drawn as the highlight. A
    missing value leaves a gap, as in `time_series_spec`."""
    values, names = [], []
    for item in series:
        name = str(item["name"])
        names.append(name)
        rows = [
            {
                "period": str(row["period"]),
                # A year given as a number is its own position (parsing it is the slow part).
                "year": row["period"]
                if isinstance(row["period"], int)
                else _position(row["period"]),
                "value": None if row["value"] is None else float(row["value"]),
                "name": name,
            }
            for row in item["rows"]
        ]
        rows.sort(key=lambda row: row["year"])
        values += _runs(rows, 1)
    years = [row["year"] for row in values]
    first, last = (min(years), max(years)) if years else (0, 1)
    if first == last:
        first, last = first - 0.5, last + 0.5
    colour, dash = _series("name", names, None)
    y_title = unit or None
    layers = [
        {
            "mark": {"type": "line", "strokeWidth": 2},
            "encoding": {
                "x": _x((first, last)),
                "y": _y(title=y_title, axis=True),
                "color": colour,
                "strokeDash": dash,
                "detail": [{"field": "name"}, {"field": "run"}],
            },
        },
        {
            "mark": {"type": "point", "filled": True, "size": 40},
            "encoding": {
                "x": _x(),
                "y": _y(),
                "color": colour | {"legend": None},
                "tooltip": [
                    {"field": "name", "type": "nominal", "title": None},
                    {"field": "period", "type": "nominal", "title": words.period},
                    _tooltip_number("value", y_title or words.value),
                ],
            },
        },
    ]
    return _spec(description, None, HEIGHT, data={"values": values}, layer=layers)


def sensitivity_spec(
    rows: Iterable[Mapping],
    *,
    rate: float | None = None,
    rate_title: str = "discount rate (%)",
    npv_title: str = "net present value (€)",
    series_title: str = "cost overrun",
    zero_label: str = "NPV 0",
    rate_label: str = "the project's rate",
    description: str = "",
) -> dict:
    """An investment's net present value against the discount rate, one line per cost overrun,
    the zero line marked (above it the project pays back its costs at that rate), and the
    project's own rate as a dotted vertical rule when `rate` is given.

    rows: mappings with "rate" (per cent), "overrun" (the line's name in words, e.g.
    "investment +10 %"), and "npv" (euros; Decimal, str or number), in the order the lines are
    to be listed. Lines are told apart by colour and dash, never colour alone; the page shows
    the same numbers in a table.
    """
    values = [
        {"rate": _number(r["rate"]), "overrun": str(r["overrun"]), "npv": _number(r["npv"])}
        for r in rows
    ]
    names = list(dict.fromkeys(v["overrun"] for v in values))
    colour, dash = _series("overrun", names, series_title)

    x = {
        "field": "rate",
        "type": "quantitative",
        "title": rate_title,
        "scale": {"zero": False, "nice": False, "padding": 16},
        "axis": {"tickMinStep": 1, "labelOverlap": "greedy", "grid": False},
    }
    # The y axis always reaches zero, so that the zero line is on the chart.
    y = {"field": "npv", "type": "quantitative", "title": npv_title, "scale": {"zero": True}}
    layers = [
        {
            "data": {"values": [{"npv": 0, "label": zero_label}]},
            "layer": [
                {
                    "mark": {"type": "rule", "color": "#000000", "strokeWidth": 1.5},
                    "encoding": {"y": {"field": "npv", "type": "quantitative"}},
                },
                {
                    "mark": {
                        "type": "text",
                        "align": "left",
                        "baseline": "bottom",
                        "dx": 4,
                        "dy": -2,
                        "color": "#000000",
                    },
                    "encoding": {
                        "y": {"field": "npv", "type": "quantitative"},
                        "x": {"value": 0},
                        "text": {"field": "label"},
                    },
                },
            ],
        },
        {
            "mark": {"type": "line", "strokeWidth": 2},
            "encoding": {
                "x": x,
                "y": y,
                "color": colour,
                "strokeDash": dash,
                "detail": {"field": "overrun"},
            },
        },
        {
            "mark": {"type": "point", "filled": True, "size": 40},
            "encoding": {
                "x": {"field": "rate", "type": "quantitative"},
                "y": {"field": "npv", "type": "quantitative"},
                "color": colour | {"legend": None},
                "tooltip": [
                    {"field": "overrun", "type": "nominal", "title": series_title},
                    _tooltip_number("rate", rate_title),
                    _tooltip_number("npv", npv_title),
                ],
            },
        },
    ]
    if rate is not None:
        layers.append(
            {
                "data": {"values": [{"rate": _number(rate), "label": rate_label}]},
                "layer": [
                    {
                        "mark": {"type": "rule", "color": TARGET_COLOUR, "strokeDash": [2, 3]},
                        "encoding": {"x": {"field": "rate", "type": "quantitative"}},
                    },
                    {
                        "mark": {
                            "type": "text",
                            "align": "left",
                            "baseline": "top",
                            "dx": 4,
                            "color": TARGET_COLOUR,
                        },
                        "encoding": {
                            "x": {"field": "rate", "type": "quantitative"},
                            "y": {"value": 2},
                            "text": {"field": "label"},
                        },
                    },
                ],
            }
        )
    return _spec(description, None, HEIGHT, data={"values": values}, layer=layers)
