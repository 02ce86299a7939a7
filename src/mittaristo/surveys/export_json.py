"""A round's results as a plain JSON structure (the `survey-results` command), under the same
anonymity rules as the page and the CSV: a hidden figure is null with the reason beside it,
never a number.

    {"survey": CODE, "round": {"fi": …}, "period": "2026 kevät", "is_example": bool,
     "responses": N, "response_rate": 0–1 or null, "min_group": 5, "hidden": reason or null,
     "questions": [{"code", "text", "kind", "n", "response_rate", "hidden",
                    "mean": ESTIMATE or null, "shares": [SHARE], "distribution": [SHARE],
                    "indicators": [{"indicator", "rule", "value", "estimate": ESTIMATE}],
                    "texts": ["approved open answer", …],
                    "breakdown": {"by": CODE, "groups": [{"group", "label", "n", "hidden",
                                                          "mean", "shares"}]}}]}

ESTIMATE is {"value", "low", "high", "n", "method"}; shares and their intervals are in per cent
(0–100), means in the answers' own scale, as in the CSV. SHARE is {"key", "label", "count",
"estimate", "hidden"}. "breakdown" is there only when a background question was asked for.
"""

from .export import _scaled
from .results import FEW_ANSWERS
from .texts import hidden_text


def _estimate(estimate):
    if estimate is None:
        return None
    m = estimate.method
    return {
        "value": _scaled(estimate.value, m),
        "low": _scaled(estimate.low, m),
        "high": _scaled(estimate.high, m),
        "n": estimate.n,
        "method": str(m),
    }


def _reason(hidden, minimum):
    return hidden_text(hidden, minimum) if hidden else None


def _label(label):
    return dict(label) if isinstance(label, dict) else label


def _share(share, minimum):
    return {
        "key": share.key,
        "label": _label(share.label),
        "count": share.count,
        "estimate": None if share.hidden else _estimate(share.estimate),
        "hidden": _reason(share.hidden, minimum),
    }


def _figures(figures, minimum) -> dict:
    if figures is None:
        return {"mean": None, "shares": []}
    return {
        "mean": _estimate(figures.mean),
        "shares": [_share(s, minimum) for s in figures.shares],
    }


def _question(q, minimum, by):
    question = q.question
    data = {
        "code": question.code,
        "text": dict(question.text),
        "kind": question.kind,
        "n": q.n,
        "response_rate": q.response_rate,
        "hidden": _reason(q.hidden, minimum),
    }
    if q.hidden:
        return data | {"mean": None, "shares": [], "distribution": [], "indicators": []}
    data |= _figures(q.figures, minimum)
    data["distribution"] = [_share(s, minimum) for s in q.distribution]
    data["indicators"] = [
        {
            "indicator": b.binding.indicator.code,
            "rule": b.binding.rule,
            "value": None if b.value is None else float(b.value),
            "estimate": _estimate(b.estimate),
        }
        for b in q.bindings
    ]
    data["texts"] = [t.text for t in q.texts]
    if by:
        breakdown = next((b for b in q.breakdowns if b.background.code == by), None)
        groups = breakdown.groups if breakdown else []
        data["breakdown"] = {
            "by": by,
            "groups": [
                {
                    "group": g.key or None,
                    "label": _label(g.label),
                    "n": None if g.hidden else g.n,
                    "hidden": _reason(g.hidden, minimum),
                    **({"mean": None, "shares": []} if g.hidden else _figures(g.figures, minimum)),
                }
                for g in groups
            ],
        }
    return data


def results_data(result, *, by: str | None = None) -> dict:
    """The RoundResult as the structure above; `by` a background question's code."""
    survey_round = result.round
    minimum = result.min_group
    return {
        "survey": survey_round.survey.code,
        "round": dict(survey_round.name),
        "period": survey_round.period,
        "is_example": survey_round.is_example,
        "responses": result.responses,
        "response_rate": result.response_rate,
        "min_group": minimum,
        "hidden": _reason(FEW_ANSWERS if result.hidden else "", minimum),
        "questions": [_question(q, minimum, by) for q in result.questions],
    }
