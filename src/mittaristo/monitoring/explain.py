"""One sentence for each status, generated from the numbers, in the reader's language.

It states values, units, growth rates and years, never causes: "Työpaikkojen määrä: 6 199 →
6 230 työpaikkaa vuosina 2019–2023, +0,1 % vuodessa; tavoite 6 400 työpaikkaa vuonna 2030
vaatisi +0,3 % vuodessa." Call inside `translation.override(language)` for another language.
"""

import re

from babel.numbers import format_decimal
from django.utils.translation import get_language, gettext, to_locale

from mittaristo.core.templatetags.mittaristo import number
from mittaristo.evaluation import Reason, Status


def explain(evaluation) -> str:
    """The sentence for an IndicatorEvaluation."""
    text = _sentence(evaluation)
    # An indicator without a unit leaves a gap before a comma or full stop.
    return re.sub(r" +([,.;:])", r"\1", re.sub(r" {2,}", " ", text))


def _sentence(evaluation) -> str:
    progress = evaluation.progress
    indicator = evaluation.indicator
    unit = str(indicator.unit or "")
    facts = {
        "name": str(indicator.name),
        "unit": unit,
        "base_year": progress.base_year,
        "latest_year": progress.latest_year,
        "latest": _value(progress.latest_value),
    }
    target = evaluation.target
    if target is not None:
        facts |= {"target": number(target.value), "target_year": target.year}
    if progress.status == Status.NO_DATA:
        return _no_data(progress.reason, facts, evaluation)
    if progress.status == Status.ACHIEVED:
        return (
            gettext(
                "%(name)s was %(latest)s %(unit)s in %(latest_year)s: the target for "
                "%(target_year)s, %(target)s %(unit)s, has been reached."
            )
            % facts
        )
    # Signed as the value moves: a negative series (an operating margin) that moves towards
    # zero shrinks in size but rises in value, and people read the value.
    sign = 1 if progress.base_value > 0 else -1
    facts |= {"base": _value(progress.base_value), "rate": _rate(sign * progress.observed)}
    change = (
        gettext(
            "%(name)s went from %(base)s to %(latest)s %(unit)s in %(base_year)s–%(latest_year)s, "
            "%(rate)s %% a year"
        )
        % facts
    )
    if target is None:
        return gettext("%(change)s; no target level has been set.") % {"change": change}
    if progress.required:
        return gettext(
            "%(change)s; the target of %(target)s %(unit)s by %(target_year)s would need "
            "%(required)s %% a year."
        ) % (facts | {"change": change, "required": _rate(sign * progress.required)})
    return gettext("%(change)s; the target for %(target_year)s is %(target)s %(unit)s.") % (
        facts | {"change": change}
    )


def _no_data(reason, facts, evaluation) -> str:
    if not evaluation.series.periods and reason == Reason.TOO_FEW:
        return gettext("%(name)s has no values yet.") % facts
    if reason == Reason.TOO_FEW:
        return (
            gettext(
                "%(name)s has fewer than two values to compare, so its progress cannot be "
                "assessed yet."
            )
            % facts
        )
    if reason in (Reason.SIGNS, Reason.LATEST_ZERO):
        return (
            gettext(
                "%(name)s cannot be assessed as a growth rate: its values or target change sign "
                "or reach zero."
            )
            % facts
        )
    if reason == Reason.NO_TARGET_YEAR:
        return (
            gettext("%(name)s cannot be assessed: its target year is not after its base year.")
            % facts
        )
    return (
        gettext("%(name)s cannot be assessed as a growth rate: its values are too far apart.")
        % facts
    )


def _rate(rate: float) -> str:
    """A growth rate as a signed percentage with one decimal in the reader's locale (+0,8)."""
    rounded = round(rate * 100, 1) + 0.0  # no "-0,0"
    text = format_decimal(abs(rounded), format="#,##0.0", locale=_locale())
    return ("+" if rounded > 0 else "−" if rounded < 0 else "±") + text


def _value(value) -> str:
    if value is None:
        return ""
    return number(format(value, "f") if isinstance(value, float) else value)


def _locale() -> str:
    return to_locale(get_language() or "fi")
