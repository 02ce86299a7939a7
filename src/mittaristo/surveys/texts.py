"""A survey result's figures in words, in the reader's language: "62 % (95 % interval 55–69 %)",
"larger than the previous round", and the name of each method (the pages name how every
interval was computed). Call inside `translation.override(language)` for another language.
"""

from decimal import Decimal

from django.utils.translation import gettext, ngettext

from mittaristo.core.formatting import number
from mittaristo.evaluation.surveys import Change, Difference, Estimate, Method

from .results import FEW_ANSWERS

MEANS = {Method.T, Method.WELCH}
POINTS = {Method.NPS, Method.NPS_DIFFERENCE}


def method_name(method: Method) -> str:
    return {
        Method.T: gettext("mean with Student's t interval"),
        Method.WILSON: gettext("share with Wilson's score interval"),
        Method.NPS: gettext(
            "net promoter score (promoters 9–10 minus detractors 0–6) with the normal "
            "approximation of the trinomial variance, one answer added to each of the three groups"
        ),
        Method.WELCH: gettext("difference of two means with Welch's t interval"),
        Method.NEWCOMBE: gettext("difference of two shares with Newcombe's hybrid score interval"),
        Method.NPS_DIFFERENCE: gettext(
            "difference of two net promoter scores with the two rounds' trinomial variances"
        ),
    }[method]


def figure(value, method: Method, *, signed=False) -> str:
    """One number as the method's figure: a mean to two decimals, a share as whole per cent, a
    net promoter score (or a difference of shares) in whole points."""
    if method in MEANS:
        text = number(Decimal(str(round(value, 2))))
    elif method in POINTS:
        text = number(Decimal(round(value)))
    else:
        text = number(Decimal(round(100 * value))) + ("" if method == Method.NEWCOMBE else " %")
    if signed and value > 0 and text.strip("0,. %") != "":
        text = "+" + text
    return text


def estimate_text(estimate: Estimate | None) -> str:
    """ "62 % (95 % interval 55–69 %)", or the figure alone when there is no interval."""
    if estimate is None:
        return ""
    value = figure(estimate.value, estimate.method)
    if estimate.low is None:
        return value
    return gettext("%(value)s (95 %% interval %(low)s–%(high)s)") % {
        "value": value,
        "low": figure(estimate.low, estimate.method).removesuffix(" %"),
        "high": figure(estimate.high, estimate.method),
    }


def difference_text(difference: Difference | None) -> str:
    """The comparison in words: larger or smaller only when the interval leaves out zero."""
    if difference is None:
        return ""
    facts = {"value": figure(difference.value, difference.method, signed=True)}
    if difference.method == Method.NEWCOMBE:
        facts["value"] = gettext("%(value)s percentage points") % facts
    if difference.low is not None:
        facts |= {
            "low": figure(difference.low, difference.method, signed=True),
            "high": figure(difference.high, difference.method, signed=True),
        }
    change = difference.change
    if change == Change.LARGER:
        text = gettext(
            "larger than the previous round: %(value)s (95 %% interval %(low)s…%(high)s)"
        )
    elif change == Change.SMALLER:
        text = gettext(
            "smaller than the previous round: %(value)s (95 %% interval %(low)s…%(high)s)"
        )
    elif change == Change.NO_CLEAR_CHANGE:
        text = gettext(
            "no clear change from the previous round: %(value)s (95 %% interval %(low)s…%(high)s)"
        )
    else:
        text = gettext(
            "%(value)s from the previous round; too few answers to tell whether it is a change"
        )
    return text % facts


def hidden_text(reason: str, min_group: int) -> str:
    """Why a result or a group is not shown: never a number."""
    if reason == FEW_ANSWERS:
        return ngettext(
            "fewer than %(count)s answer", "fewer than %(count)s answers", min_group
        ) % {"count": min_group}
    return gettext("hidden so that a smaller group's answers cannot be worked out")


def rate_text(rate: float | None) -> str:
    if rate is None:
        return ""
    return gettext("response rate %(rate)s") % {"rate": number(Decimal(round(100 * rate))) + " %"}


def methods_used(q) -> set[Method]:
    """Every method whose interval a question's result shows (the page names each)."""
    estimates = []
    if q.figures is not None:
        estimates += [q.figures.mean] + [s.estimate for s in q.figures.shares]
        estimates += [s.comparison for s in q.figures.shares]
    estimates += [q.mean_comparison]
    for b in q.bindings:
        estimates += [b.estimate, b.comparison]
    return {e.method for e in estimates if e is not None}


def question_words(q, minimum) -> dict:
    """A question's result as plain words for the results page: no figure is formatted in the
    template."""
    view = {
        "q": q,
        "rate": rate_text(q.response_rate),
        "hidden": hidden_text(q.hidden, minimum) if q.hidden else "",
        "mean": estimate_text(q.figures.mean) if q.figures else "",
        "mean_change": difference_text(q.mean_comparison),
        "distribution": [],
        "bindings": [
            {
                "binding": b.binding,
                "text": estimate_text(b.estimate),
                "change": difference_text(b.comparison),
            }
            for b in q.bindings
        ],
        "breakdowns": [],
    }
    shares = {s.key: s for s in q.figures.shares} if q.figures else {}
    total = sum(s.count or 0 for s in q.distribution)
    for s in q.distribution:
        share = shares.get(s.key)
        view["distribution"].append(
            {
                "label": s.label,
                "count": s.count,
                "hidden": hidden_text(s.hidden, minimum) if s.hidden else "",
                "share": estimate_text(share.estimate)
                if share
                else (f"{round(100 * s.count / total)} %" if s.count is not None and total else ""),
                "change": difference_text(share.comparison) if share else "",
            }
        )
    for breakdown in q.breakdowns:
        groups = []
        for g in breakdown.groups:
            figures = []
            if g.figures is not None:
                if g.figures.mean is not None:
                    figures.append(estimate_text(g.figures.mean))
                figures += [f"{s.label}: {estimate_text(s.estimate)}" for s in g.figures.shares]
            groups.append(
                {
                    "label": g.label if g.label is not None else gettext("no answer"),
                    "n": g.n,
                    "hidden": hidden_text(g.hidden, minimum) if g.hidden else "",
                    "figures": figures,
                }
            )
        view["breakdowns"].append({"background": breakdown.background, "groups": groups})
    return view
