"""What a chart says in words: its own words, its text alternative, the indicator chart of a page.

Translated here (gettext, the reader's number format), so that the specifications in specs.py
stay pure functions of plain data.
"""

from django.utils.translation import gettext as _

from mittaristo.core.formatting import number

from .specs import Words, peers_spec, sensitivity_spec, time_series_spec


def chart_words() -> Words:
    """The chart's own words in the active language."""
    return Words(period=_("period"), value=_("value"), milestone=_("milestone"), target=_("target"))


def target_label(year, value) -> str:
    """The label beside the target rule, e.g. "Target 2030: 6 500" (the axis names the unit)."""
    return _("Target %(year)s: %(value)s") % {"year": year, "value": number(value)}


def chart_description(name, values, *, unit="", target=None) -> str:
    """A time series' text alternative: what it shows, in one or two sentences."""
    known = [v for v in values if v["value"] is not None]
    if not known:
        return _("%(name)s: no values yet.") % {"name": name}
    known.sort(key=lambda v: str(v["period"]))
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


def chart_context(indicator) -> dict:
    """An indicator's chart (an IndicatorRecord, monitoring/records) and its text alternative,
    for web/_indicator_body.html on the internal and the public page.

    Without a single value there is no chart (`chart_spec` None) but a sentence saying so: an
    empty frame, or a frame with only the target in it, would look like a chart of nothing."""
    target = indicator.target
    unit = str(indicator.unit or "")
    if indicator.latest is None:
        return {
            "chart_text": _("No values yet: the chart is drawn once there is a value."),
            "chart_spec": None,
        }
    rows = [{"period": v.period, "value": v.value} for v in indicator.values]
    target_line = None
    if target and target.value is not None:
        label = target_label(target.year, target.value)
        target_line = {"year": target.year, "value": target.value, "label": label}
    text = chart_description(str(indicator.name), rows, unit=unit, target=target_line)
    forecast = indicator.forecast
    return {
        "chart_text": text,
        "chart_spec": time_series_spec(
            rows,
            unit=unit,
            words=chart_words(),
            target=target_line,
            milestones=[m.model_dump() for m in target.milestones] if target else (),
            forecast=forecast.model_dump() if forecast else None,
            frequency=indicator.frequency,
            description=text,
        ),
    }


def peer_chart(peers, unit="") -> dict | None:
    """The area and its peers as bars, with its text alternative and the same numbers as a
    table (web/_peers.html); `peers` is a PeersRecord (monitoring/records). None when the group
    has fewer than two values."""
    if not peers or len(peers.values) < 2:
        return None
    rows = [{"name": str(r.name), "value": r.value} for r in peers.values]
    area = str(peers.area.name)
    text = _("%(area)s and its peers in %(year)s") % {"area": area, "year": peers.year}
    spec = peers_spec(rows, highlight=area, unit=unit, words=chart_words(), description=text)
    return {"spec": spec, "rows": rows, "text": text}


def overrun_label(overrun) -> str:
    """A sensitivity line's name: "investment +10 %" (the same words as the table's header)."""
    return _("investment +%(overrun)s %%") % {"overrun": number(overrun)}


def sensitivity_chart(calculation) -> dict | None:
    """A project's net present value against the discount rate, one line per cost overrun
    (investments/calculation.py `Calculation`), with its text alternative; the page shows the
    same numbers in the table beneath. None without a sensitivity table."""
    if not calculation or not calculation.sensitivity:
        return None
    # One line per overrun, in the table's order of columns: the rows by overrun, then rate.
    rows = [
        {"rate": rate, "overrun": overrun_label(overrun), "npv": values[column]}
        for column, overrun in enumerate(calculation.overruns)
        for rate, values in zip(calculation.rates, calculation.sensitivity, strict=True)
    ]
    table, worst = calculation.sensitivity, calculation.overruns[-1]
    low, high = calculation.rates[0], calculation.rates[-1]
    positive = sum(1 for row in rows if row["npv"] >= 0)
    text = _(
        "Net present value at discount rates %(low)s–%(high)s %% with the investment as "
        "planned: %(first)s € → %(last)s €; with it %(worst)s %% over: %(worst_first)s € → "
        "%(worst_last)s €. Zero or above in %(positive)s of %(count)s cases."
    ) % {
        "low": number(low),
        "high": number(high),
        "first": number(table[0][0]),
        "last": number(table[-1][0]),
        "worst": number(worst),
        "worst_first": number(table[0][-1]),
        "worst_last": number(table[-1][-1]),
        "positive": positive,
        "count": len(rows),
    }
    spec = sensitivity_spec(
        rows,
        rate=calculation.rate,
        rate_title=_("discount rate (%)"),
        npv_title=_("net present value (€)"),
        series_title=_("cost overrun"),
        zero_label=_("net present value 0"),
        rate_label=_("the project's rate"),
        description=text,
    )
    return {"spec": spec, "text": text}
