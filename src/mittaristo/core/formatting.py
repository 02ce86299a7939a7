"""Numbers and dates as the reader's language writes them (Finnish: 1 234,5 and 16.5.2022).

Plain functions: the pages use them as template filters (web/templatetags/mittaristo.py), the
sentences, charts and import previews call them directly."""

import datetime as dt
import functools
from decimal import Decimal
from math import floor, log10

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from django.utils.translation import get_language, gettext, to_locale


def _locale() -> str:
    return to_locale(get_language() or "fi")


@functools.lru_cache(maxsize=16)
def _babel_locale(name: str) -> Locale:
    """The parsed locale: babel would parse the name again for every number it formats, which
    was most of the time of a table of a few hundred numbers."""
    return Locale.parse(name)


MINUS = "\u2212"  # the minus sign, as the charts draw it (d3-format's default), in every language


def number(value):
    """A measured value without trailing zeros, grouped by the locale's rules, with the minus
    sign (U+2212) rather than a hyphen: −41,2 in text, tables and charts alike."""
    if value is None or value == "":
        return ""
    return _number(value, _locale())


@functools.lru_cache(maxsize=4096)
def _number(value, name: str) -> str:
    # Remembered: a national table writes the same region's and country's values many times.
    locale = _babel_locale(name)
    text = format_decimal(Decimal(value).normalize(), locale=locale, decimal_quantization=False)
    return text.replace("-", MINUS)


def target_level(target):
    """A target's level as people read it: 6 400, or a band 20–21 for a range indicator.

    Takes a Target or a published snapshot's target (a dict)."""
    value, high = _field(target, "value"), _field(target, "value_high")
    if high is None:
        return number(value)
    low, high = sorted((Decimal(value), Decimal(high)))
    return f"{number(low)}–{number(high)}"


def target_total(target):
    """ " (total 2023–2030)" for a target that is a total over years; "" for any other."""
    first = _field(target, "cumulative_from")
    if first is None:
        return ""
    return " " + gettext("(total %(first)s–%(year)s)") % {
        "first": first,
        "year": _field(target, "year"),
    }


def _field(target, name):
    return target.get(name) if isinstance(target, dict) else getattr(target, name, None)


def day(value):
    """A date as the locale writes it (Finnish: 16.5.2022)."""
    if not value:
        return ""
    return format_date(
        value, format="d.M.yyyy" if _locale() == "fi" else "medium", locale=_locale()
    )


def round_sig(value, digits=3):
    """A forecast to `digits` significant figures, in the reader's locale: no false precision."""
    if value is None:
        return ""
    value = float(value)
    if value == 0:
        return number(0)
    places = max(0, digits - 1 - floor(log10(abs(value))))
    return number(Decimal(str(round(value, places))))


def percent(value):
    """A probability 0–1 as a whole percentage: 0.123 → 12."""
    if value is None:
        return ""
    return number(Decimal(round(float(value) * 100)))


def isodate(value):
    """A date written as 2025-03-31 (as in a snapshot) → a date, for `day`; None if it is not."""
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None
