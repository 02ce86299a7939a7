"""One sentence for each status, generated from the numbers, in the reader's language.

It states values, units, growth rates and years, never causes: "Työpaikkojen määrä: 6 199 →
6 230 työpaikkaa vuosina 2019–2023, +0,1 % vuodessa; tavoite 6 400 työpaikkaa vuonna 2030
vaatisi +0,3 % vuodessa." Call inside `translation.override(language)` for another language.
"""

import re

from babel.numbers import format_decimal
from django.utils.translation import get_language, gettext, to_locale

from mittaristo.core.formatting import number, round_sig
from mittaristo.evaluation import Direction, Reason, Status
from mittaristo.evaluation.progress import Method


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
    if progress.target is not None:  # the level judged against: a band's nearer edge
        facts["target"] = _value(progress.target)
    if progress.status == Status.NO_DATA:
        return _no_data(progress.reason, facts, evaluation)
    if progress.method == Method.CUMULATIVE:
        return _total(progress, facts)
    band = _band(evaluation)
    if progress.status == Status.ACHIEVED:
        if band is not None:
            return gettext(
                "%(name)s was %(latest)s %(unit)s in %(latest_year)s, within the target "
                "band of %(low)s–%(high)s %(unit)s."
            ) % (facts | band)
        return (
            gettext(
                "%(name)s was %(latest)s %(unit)s in %(latest_year)s: the target for "
                "%(target_year)s, %(target)s %(unit)s, has been reached."
            )
            % facts
        )
    facts["base"] = _value(progress.base_value)
    if progress.method == Method.LINEAR:
        facts["rate"] = _signed(progress.observed)
        change = (
            gettext(
                "%(name)s went from %(base)s to %(latest)s %(unit)s in "
                "%(base_year)s–%(latest_year)s, %(rate)s %(unit)s a year (judged by the change "
                "a year, as the values or the target are zero or of both signs)"
            )
            % facts
        )
        required = _signed(progress.required) if progress.required else None
        needs = gettext(
            "%(change)s; the target of %(target)s %(unit)s by %(target_year)s would need "
            "%(required)s %(unit)s a year."
        )
    else:
        # Signed as the value moves: a negative series (an operating margin) that moves
        # towards zero shrinks in size but rises in value, and people read the value.
        sign = 1 if progress.base_value > 0 else -1
        facts["rate"] = _rate(sign * progress.observed)
        change = (
            gettext(
                "%(name)s went from %(base)s to %(latest)s %(unit)s in "
                "%(base_year)s–%(latest_year)s, %(rate)s %% a year"
            )
            % facts
        )
        required = _rate(sign * progress.required) if progress.required else None
        needs = gettext(
            "%(change)s; the target of %(target)s %(unit)s by %(target_year)s would need "
            "%(required)s %% a year."
        )
    if band is not None:
        side = (
            gettext("below the target band of %(low)s–%(high)s %(unit)s")
            if progress.direction == Direction.HIGHER
            else gettext("above the target band of %(low)s–%(high)s %(unit)s")
        )
        change = gettext("%(change)s, %(side)s") % {"change": change, "side": side % (facts | band)}
    if target is None and band is None:
        return gettext("%(change)s; no target level has been set.") % {"change": change}
    if required:
        return needs % (facts | {"change": change, "required": required})
    return gettext("%(change)s; the target for %(target_year)s is %(target)s %(unit)s.") % (
        facts | {"change": change}
    )


def _band(evaluation) -> dict | None:
    """The low and high edge of a range indicator's band, as the evaluation judged it."""
    level, _year = evaluation.indicator.target_level(evaluation.target)
    if not isinstance(level, tuple):
        return None
    low, high = sorted(level)
    return {"low": number(low), "high": number(high)}


def _total(progress, facts) -> str:
    """A target that is a total over years: '140 of 600 in 2023–2024, 70 a year against 75'."""
    facts |= {
        "total": _value(progress.total),
        "pace": round_sig(progress.observed),
        "needed": round_sig(progress.required),
    }
    if progress.status == Status.ACHIEVED:
        return (
            gettext(
                "%(name)s: %(total)s %(unit)s in %(base_year)s–%(latest_year)s; the target "
                "total of %(target)s %(unit)s by %(target_year)s has been met."
            )
            % facts
        )
    if progress.direction == Direction.LOWER:
        return (
            gettext(
                "%(name)s: %(total)s of at most %(target)s %(unit)s in "
                "%(base_year)s–%(latest_year)s, %(pace)s a year against the %(needed)s a year "
                "the total allows by %(target_year)s."
            )
            % facts
        )
    return (
        gettext(
            "%(name)s: %(total)s of %(target)s %(unit)s in %(base_year)s–%(latest_year)s, "
            "%(pace)s a year against the %(needed)s a year needed by %(target_year)s."
        )
        % facts
    )


def _no_data(reason, facts, evaluation) -> str:
    if not evaluation.series.periods and reason == Reason.TOO_FEW:
        return gettext("%(name)s has no values yet.") % facts
    texts = {
        Reason.TOO_FEW: gettext(
            "%(name)s has fewer than two values to compare, so its progress cannot be assessed yet."
        ),
        Reason.NO_SCALE: gettext(
            "%(name)s has values of both signs or a zero and no target: without a target its "
            "change has no scale to be judged by."
        ),
        Reason.NO_TARGET_YEAR: gettext(
            "%(name)s cannot be assessed: its target year is not after its base year."
        ),
        Reason.TARGET_TOO_FAR: gettext(
            "%(name)s cannot be assessed as a growth rate: its target is too far from its base."
        ),
        Reason.NO_BAND: gettext(
            "%(name)s is to stay within a range, but no band has been set for it."
        ),
        Reason.NO_VALUES_IN_PERIOD: gettext(
            "%(name)s has a target total over years but no value from its first year on yet."
        ),
        Reason.YEAR_MISSING: gettext(
            "%(name)s has a target total over years, and a year of it has no value, so the "
            "total is not known."
        ),
        Reason.NO_TOTAL_TARGET: gettext(
            "%(name)s cannot be assessed as a total: it needs a target total and a target year."
        ),
    }
    text = texts.get(
        reason,
        gettext("%(name)s cannot be assessed as a growth rate: its values are too far apart."),
    )
    return text % facts


def _signed(value: float) -> str:
    """A change a year to three significant figures with its sign, in the reader's locale."""
    if value == 0:  # three significant figures of any other value are not zero
        return "±0"
    return ("+" if value > 0 else "−") + round_sig(abs(value))


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
