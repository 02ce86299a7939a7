"""The statistical overview (tilastokatsaus): a municipality's key figures over ten years, each
beside its peer group, its region and the whole country, with a chart and a factual sentence.

`content(strategy, ...)` is the overview of the strategy's own municipality; `content_all(...)`
makes every municipality's in one go (the numbers are computed once for all of them,
overview_data.py). `sheets(content)` gives the same as rows for a workbook (numbers as Decimal).
The template `reports/_overview_body.html` renders a content.
"""

import datetime as dt
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from mittaristo.core.formatting import number
from mittaristo.core.models import Area
from mittaristo.evaluation import overview as calc
from mittaristo.evaluation.peers import SIZE_CLASS_LOWER_BOUNDS
from mittaristo.web.charts.specs import comparison_spec
from mittaristo.web.charts.text import chart_words

from .overview_data import National, national_figures
from .overview_figures import TOPICS

_translated: dict = {}
# The language the content is being made in (set by `_content`): cheaper than asking Django's
# thread-local for every message, and safe across threads and requests (a context variable).
_language: ContextVar = ContextVar("overview_language", default="fi")


def _(message: str) -> str:
    """gettext, remembered per language: the overview of every municipality asks for the
    same few dozen messages tens of thousands of times."""
    key = (_language.get(), message)
    found = _translated.get(key)
    if found is None:
        found = _translated[key] = gettext(message)
    return found


KIND = "overview"
TITLE = gettext_lazy("Statistical overview")
FILENAME = gettext_lazy("statistical-overview")
TEMPLATE = "reports/overview.html"  # extends reports/document.html, includes the body


@dataclass
class Line:
    """One series of a figure over the window: the area's own, or a group's."""

    role: str  # own | peers | region | country
    name: str
    values: list  # Decimal or None, one per year of the figure
    published: list = field(default_factory=list)  # years the source published (groups)
    aggregated: list = field(default_factory=list)  # years aggregated from the members


@dataclass
class FigureContent:
    code: str
    topic: str
    name: str
    unit: str
    kind: str  # count | level
    years: list  # the ten years of the window
    lines: list  # Line: own, peers, region, country
    sentence: str
    method: str  # how the groups' values were made, in words
    example: bool
    sources: list  # "Statistics Finland, CC BY 4.0"
    chart: dict  # {"spec", "text", "rows", "unit"}

    @property
    def table(self) -> list:
        """[(year, [each line's value])]: the figure's numbers, a row a year."""
        columns = [line.values for line in self.lines]
        return [(year, [c[n] for c in columns]) for n, year in enumerate(self.years)]


@dataclass
class MissingFigure:
    code: str
    topic: str
    name: str
    source: str


@dataclass
class Topic:
    code: str
    name: str
    figures: list
    missing: list


@dataclass
class OverviewContent:
    kind: str
    title: str
    strategy: str
    area: str
    area_key: str
    lang: str
    as_of: dt.date | None
    peers: str  # the peer group in words
    region: str
    topics: list
    example: bool
    sources: list


def content(strategy, *, round=None, as_of=None, lang="fi") -> OverviewContent:
    """The overview of the strategy's own municipality, as of `as_of` (or the round's date)."""
    if as_of is None and round is not None:
        as_of = round.as_of
    nation = national_figures(strategy, as_of=as_of)
    area = strategy.organisation.area
    return _content(nation, strategy, area, lang=lang)


def content_all(strategy, *, as_of=None, lang="fi") -> dict:
    """Every municipality's overview (key → OverviewContent), the numbers computed once."""
    nation = national_figures(strategy, as_of=as_of)
    areas = Area.objects.in_bulk(nation.municipalities)
    return {
        key: _content(nation, strategy, areas[pk], lang=lang)
        for key, pk in zip(nation.keys, nation.municipalities, strict=True)
    }


@contextmanager
def _in_language(lang: str):
    """Django's language and the remembered messages' language (`_`) set together."""
    token = _language.set(lang)
    try:
        with translation.override(lang):
            yield
    finally:
        _language.reset(token)


def _content(nation: National, strategy, area, *, lang) -> OverviewContent:
    with _in_language(lang):
        return _made(nation, strategy, area, lang=lang)


def _made(nation: National, strategy, area, *, lang) -> OverviewContent:
    row = nation.row_of.get(area.pk)
    region_row = nation.region_of[row] if row is not None else None
    region = _region(nation, region_row)
    group = _peer_words(area, len(nation.peers[row]) if row is not None else 0)
    names = {
        "own": str(area.name),
        "peers": _("Peer group"),
        "region": str(region.name) if region else _("Region"),
        "country": _("Whole country"),
    }
    topics = {code: Topic(code, str(name), [], []) for code, name in TOPICS.items()}
    for data in nation.figures:
        if np.isnan(data.own).all():
            topics[data.figure.topic].missing.append(
                _missing(data.figure, _("not available from the recorded open data"))
            )
            continue
        figure = _figure(nation, data, row, region_row, names)
        if figure is None:
            topics[data.figure.topic].missing.append(
                _missing(data.figure, _("no value for this municipality"))
            )
        else:
            topics[data.figure.topic].figures.append(figure)
    for figure in nation.missing:
        topics[figure.topic].missing.append(
            _missing(figure, _("not available from the recorded open data"))
        )
    shown = [f for t in topics.values() for f in t.figures]
    sources = sorted({s for f in shown for s in f.sources})
    return OverviewContent(
        kind=KIND,
        title=_("Statistical overview: %(area)s") % {"area": area.name},
        strategy=str(strategy.name),
        area=str(area.name),
        area_key=area.key,
        lang=lang,
        as_of=nation.as_of,
        peers=group,
        region=names["region"],
        topics=list(topics.values()),
        example=any(f.example for f in shown),
        sources=sources,
    )


def _missing(figure, reason) -> MissingFigure:
    return MissingFigure(
        figure.code,
        figure.topic,
        str(figure.name),
        _("%(reason)s; the source that gives it: %(source)s")
        % {
            "reason": reason,
            "source": figure.source,
        },
    )


def _region(nation, region_row):
    if region_row is None:
        return None
    return nation.region_areas.get(nation.regions[region_row])


def _peer_words(area, count) -> str:
    """The peer group in words: the size class by residents, and how many municipalities."""
    if not area.size_class:
        return _("No peer group: the size class of the municipality is not known.")
    bounds = [0, *SIZE_CLASS_LOWER_BOUNDS]
    low = bounds[area.size_class - 1]
    if area.size_class > len(SIZE_CLASS_LOWER_BOUNDS):
        span = _("%(low)s residents or more") % {"low": number(low)}
    else:
        high = bounds[area.size_class] - 1
        span = _("%(low)s–%(high)s residents") % {"low": number(low), "high": number(high)}
    return _(
        "Peer group: the %(count)s other municipalities of the same size class as %(area)s "
        "(Statistics Finland's class %(class)s, %(span)s)."
    ) % {"count": count, "area": area.name, "class": area.size_class, "span": span}


def _figure(nation, data, row, region_row, names) -> FigureContent | None:
    figure = data.figure
    if row is None:
        return None
    years = nation.years
    own = data.own[row]
    span = calc.window(years, own)
    if span is None:
        return None
    at = {int(y): n for n, y in enumerate(years) if span[0] <= y <= span[1]}
    # Years before anything (the area or a group) has a value are left out of the window.
    rows = [own, data.peers[row], data.country.values]
    if region_row is not None:
        rows.append(data.region[region_row].values)
    start = min(y for y, n in at.items() if any(not np.isnan(r[n]) for r in rows))
    window_years = list(range(start, span[1] + 1))
    unit = str(figure.unit) if figure.unit else str(data.indicators[0].unit or "")
    # Stored values are shown as stored; what is calculated here to one decimal.
    derived = figure.aggregation == "ratio"

    def values(series, *, calculated):
        return [_decimal(series[at[y]], calculated) if y in at else None for y in window_years]

    lines = [Line("own", names["own"], values(own, calculated=derived))]
    peers_name = _("Peer group (median)") if data.peers_median else names["peers"]
    peers_exact = figure.aggregation == "sum" and not data.peers_median
    lines.append(Line("peers", peers_name, values(data.peers[row], calculated=not peers_exact)))
    if region_row is not None:
        lines.append(
            _group_line(
                "region", names["region"], data.region[region_row], at, window_years, figure
            )
        )
    lines.append(_group_line("country", names["country"], data.country, at, window_years, figure))
    sentence = _sentence(figure, unit, window_years, lines, nation, data, row)
    name = str(figure.name) if figure.aggregation == "ratio" else str(data.indicators[0].name)
    return FigureContent(
        code=figure.code,
        topic=figure.topic,
        name=name,
        unit=unit,
        kind=figure.kind,
        years=window_years,
        lines=lines,
        sentence=sentence,
        method=_method(figure, data, lines),
        example=data.example,
        sources=sorted({f"{r.attribution}, {r.licence}" for r in data.sources if r.attribution}),
        chart=_chart(figure, name, unit, window_years, lines, sentence),
    )


def _group_line(role, name, reference, at, window_years, figure) -> Line:
    exact = figure.aggregation == "sum"
    values, published, aggregated = [], [], []
    for year in window_years:
        n = at.get(year)
        value = None if n is None else reference.values[n]
        if value is None or np.isnan(value):
            values.append(None)
            continue
        from_source = bool(reference.published[n])
        values.append(_decimal(value, derived=not (exact or from_source)))
        (published if from_source else aggregated).append(year)
    return Line(role, name, values, published, aggregated)


def _decimal(value, derived) -> Decimal | None:
    """A stored value as the Decimal it was (the shortest repr of its float), a calculated one
    to one decimal."""
    if value is None or np.isnan(value):
        return None
    if derived:
        return Decimal(f"{value:.1f}")
    return Decimal(repr(float(value))).normalize() if value % 1 else Decimal(int(value))


def _method(figure, data, lines) -> str:
    """How the peers', the region's and the country's values were made, in words."""
    if figure.aggregation == "sum":
        rule = _("the sum of the municipalities' values")
    elif figure.aggregation == "weighted":
        rule = _(
            "the municipalities' values weighted by their population of the same year "
            "(the group's total divided by its residents)"
        )
    elif figure.aggregation == "ratio":
        rule = _(
            "the municipalities' numerators summed and divided by their summed denominators "
            "(never a mean of the municipalities' rates)"
        )
    else:
        rule = ""
    parts = []
    if data.peers_median:
        parts.append(
            _(
                "Peer group: the median of the peers' values (the source publishes no figure "
                "for it, and no sum of members gives this figure)."
            )
        )
    else:
        parts.append(_("Peer group: %(rule)s.") % {"rule": rule})
    for line in lines[2:]:
        if line.published:
            parts.append(
                _("%(name)s: as the source publishes it (%(years)s).")
                % {"name": line.name, "years": _years(line.published)}
            )
        if line.aggregated:
            parts.append(
                _("%(name)s: %(rule)s (%(years)s).")
                % {"name": line.name, "rule": rule, "years": _years(line.aggregated)}
            )
        if not line.published and not line.aggregated:
            parts.append(
                _("%(name)s: no value (not published in the recorded data%(why)s).")
                % {
                    "name": line.name,
                    "why": "" if rule else _(", and no sum of members gives this figure"),
                }
            )
    return " ".join(parts)


def _years(years) -> str:
    """2003–2005, 2009 for [2003, 2004, 2005, 2009]."""
    runs, start = [], None
    for n, year in enumerate(years):
        if start is None:
            start = year
        if n + 1 == len(years) or years[n + 1] != year + 1:
            runs.append(str(start) if start == year else f"{start}–{year}")
            start = None
    return ", ".join(runs)


def _value(value, unit) -> str:
    return f"{number(value)} {unit}".strip()


def _signed(value, unit) -> str:
    text = number(Decimal(f"{value:.1f}"))
    if value > 0:
        text = "+" + text
    return f"{text} {unit}".strip()


def _points(values, years) -> dict:
    return {y: v for y, v in zip(years, values, strict=True) if v is not None}


def _sentence(figure, unit, years, lines, nation, data, row) -> str:
    """The factual sentence: the change over the window, and how the area stands beside its
    groups (by change for a count, by value for a level). No causes."""
    own = _points(lines[0].values, years)
    first_year, last_year = min(own), max(own)
    first, last = own[first_year], own[last_year]
    name = lines[0].name
    if first_year == last_year:
        text = _("%(area)s: %(value)s in %(year)s (no earlier value in the ten years).") % {
            "area": name,
            "value": _value(last, unit),
            "year": last_year,
        }
    else:
        change = calc.Change(first_year, last_year, float(first), float(last))
        if figure.kind == "count" and change.percent is not None:
            moved = _signed(change.percent, "%")
        else:
            points = unit.startswith("%")
            moved = _signed(change.difference, _("percentage points") if points else unit)
        text = _(
            "%(area)s: %(first)s in %(first_year)s and %(last)s in %(last_year)s, "
            "a change of %(change)s."
        ) % {
            "area": name,
            "first": _value(first, unit),
            "first_year": first_year,
            "last": _value(last, unit),
            "last_year": last_year,
            "change": moved,
        }
    others = lines[1:]
    if figure.kind == "count":
        if first_year == last_year:
            return text
        items = []
        for line in others:
            theirs = _points(line.values, years)
            if first_year in theirs and last_year in theirs:
                change = calc.Change(
                    first_year, last_year, float(theirs[first_year]), float(theirs[last_year])
                )
                if change.percent is not None:
                    items.append(f"{line.name} {_signed(change.percent, '%')}")
        if items:
            text += " " + _("Over the same years the change was: %(list)s.") % {
                "list": "; ".join(items)
            }
        return text
    return " ".join([text, *_level_beside(last, last_year, others, unit, nation, data, row, years)])


def _level_beside(mine, year, others, unit, nation, data, row, years) -> list:
    groups: dict = {"higher": [], "lower": [], "same": []}
    for line in others:
        theirs = _points(line.values, years).get(year)
        where = calc.relation(float(mine), None if theirs is None else float(theirs))
        if where:
            groups[where].append(f"{line.name} {_value(theirs, unit)}")
    words = {
        "higher": _("In %(year)s the value was higher than: %(list)s."),
        "lower": _("In %(year)s the value was lower than: %(list)s."),
        "same": _("In %(year)s the value was the same as: %(list)s."),
    }
    result = [
        words[where] % {"year": year, "list": "; ".join(items)}
        for where, items in groups.items()
        if items
    ]
    column = next((n for n, y in enumerate(nation.years) if int(y) == year), None)
    peers = nation.peers[row]
    if column is not None and peers:
        order = calc.order_among(float(mine), data.own[peers, column])
        if order and order.others:
            result.append(
                _(
                    "Of the %(others)s other municipalities of the peer group with a value in "
                    "%(year)s, %(higher)s had a higher value, %(same)s the same and %(lower)s "
                    "a lower one."
                )
                % {
                    "others": order.others,
                    "year": year,
                    "higher": order.higher,
                    "same": order.same,
                    "lower": order.lower,
                }
            )
    return result


def _chart(figure, name, unit, years, lines, sentence) -> dict:
    """The figure's chart: the levels, or for a count an index (first year of the window =
    100), since a town's and the country's residents do not share an axis."""
    # A group without a value in the window has no line (its table column says so).
    lines = [lines[0], *(line for line in lines[1:] if any(v is not None for v in line.values))]
    if figure.kind == "count":
        series = [{"name": line.name, "rows": _index(years, line.values)} for line in lines]
        shown = _("index, %(year)s = 100") % {"year": _index_base(years, lines[0].values)}
    else:
        series = [
            {
                "name": line.name,
                "rows": [
                    {"period": y, "value": v} for y, v in zip(years, line.values, strict=True)
                ],
            }
            for line in lines
        ]
        shown = unit
    spec = comparison_spec(series, unit=shown, words=chart_words(), description=sentence)
    rows = [{"period": y, "value": v} for y, v in zip(years, lines[0].values, strict=True)]
    caption = _("%(name)s beside the peer group, the region and the whole country (%(axis)s)") % {
        "name": name,
        "axis": shown,
    }
    return {"spec": spec, "text": sentence, "caption": caption, "rows": rows, "unit": unit}


def _index_base(years, values):
    return next((y for y, v in zip(years, values, strict=True) if v is not None), years[0])


def _index(years, values) -> list:
    """The values as an index on the own series' first year (100), where that year has one."""
    base = dict(zip(years, values, strict=True)).get(years[0])
    return [
        {
            "period": y,
            "value": None if v is None or not base else Decimal(f"{100 * v / base:.1f}"),
        }
        for y, v in zip(years, values, strict=True)
    ]


def sheets(overview: OverviewContent) -> list:
    """The overview as workbook sheets: [(title, columns, rows)], each column (its heading,
    "text" or "number"); every number a Decimal (None for an empty cell), never text. The
    headings in the content's language, whatever language is active."""
    with _in_language(overview.lang):
        return _sheets(overview)


def _sheets(overview: OverviewContent) -> list:
    shown = [(t, f) for t in overview.topics for f in t.figures]
    years = sorted({y for _t, f in shown for y in f.years})
    columns = [(_("Topic"), "text"), (_("Key figure"), "text"), (_("Unit"), "text")]
    columns += [(_("Area"), "text"), *[(str(y), "number") for y in years]]
    rows = []
    for topic, figure in shown:
        for line in figure.lines:
            at = dict(zip(figure.years, line.values, strict=True))
            rows.append([topic.name, figure.name, figure.unit, line.name, *map(at.get, years)])
    texts = [[f.name, f.sentence, f.method, "; ".join(f.sources)] for _t, f in shown]
    missing = [[t.name, m.name, m.source] for t in overview.topics for m in t.missing]
    text = "text"
    return [
        (_("Key figures"), columns, rows),
        (
            _("In words"),
            [
                (_("Key figure"), text),
                (_("In words"), text),
                (_("Method"), text),
                (_("Source"), text),
            ],
            texts,
        ),
        (
            _("Not available"),
            [(_("Topic"), text), (_("Key figure"), text), (_("Why it is missing"), text)],
            missing,
        ),
    ]
