"""An indicator's forecast as the pages say it: "Forecast 2030: 8.4 (95 % interval 8.1–8.7);
chance of reaching the target 64 %.", or why the uncertainty cannot be estimated.

Reads the ForecastRecord of an indicator's record (monitoring/records), live or published
(a record stored before it said why an interval is missing is upgraded on reading:
records/upgrade.py). Call inside `translation.override(language)` for another language.
"""

from django.utils.translation import gettext

from mittaristo.core.formatting import number, round_sig

TOO_FEW = "too_few"
STRAIGHT_LINE = "straight_line"
UNKNOWN = "unknown"  # the interval could not be computed (values too large to compute with)


def forecast_line(f) -> str:
    """The forecast (a ForecastRecord) in one sentence, in the reader's language."""
    facts = {"year": f.year, "value": round_sig(f.value)}
    why = uncertainty(f)
    if why is None:
        digits = interval_digits(f.low, f.high)
        facts |= {
            "value": round_sig(f.value, digits),
            "low": round_sig(f.low, digits),
            "high": round_sig(f.high, digits),
        }
        text = gettext("Forecast %(year)s: %(value)s (95 %% interval %(low)s–%(high)s)") % facts
        if f.probability is not None:
            text += "; " + chance(f.probability)
    elif why == TOO_FEW:
        text = (
            gettext(
                "Forecast %(year)s: %(value)s; the uncertainty cannot be estimated from the data: "
                "too few values"
            )
            % facts
        )
    elif why == STRAIGHT_LINE:
        text = (
            gettext(
                "Forecast %(year)s: %(value)s; the uncertainty cannot be estimated from the data: "
                "the values lie on a straight line"
            )
            % facts
        )
    else:
        text = (
            gettext(
                "Forecast %(year)s: %(value)s; the uncertainty cannot be estimated from the data"
            )
            % facts
        )
    return text + "."


def uncertainty(f) -> str | None:
    """Why the record has no interval to show (TOO_FEW, STRAIGHT_LINE, UNKNOWN); None if it has."""
    if f.low is not None and f.high is not None and f.low < f.high:
        return None
    return f.uncertainty or (TOO_FEW if f.low is None or f.high is None else STRAIGHT_LINE)


def interval_digits(low, high, digits: int = 3) -> int:
    """The significant figures that show an interval's ends apart: `digits`, or as many more as
    it takes (the forecast is then shown to as many), so that it is never "8.4–8.4"."""
    while round_sig(low, digits) == round_sig(high, digits) and digits < 17:
        digits += 1
    return digits


def chance(probability) -> str:
    """The chance of reaching the target in whole per cent, never 0 % or 100 %."""
    percent = round(float(probability) * 100)
    if percent < 1:
        return gettext("chance of reaching the target under 1 %")
    if percent > 99:
        return gettext("chance of reaching the target over 99 %")
    return gettext("chance of reaching the target %(p)s %%") % {"p": number(percent)}
