"""Template filters: numbers and dates in the reader's locale (Finnish: 1 234,5 and 16.5.2022)."""

from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal
from django import template
from django.utils.translation import get_language, gettext, to_locale

register = template.Library()


def _locale() -> str:
    return to_locale(get_language() or "fi")


@register.filter
def number(value):
    """A measured value without trailing zeros, grouped by the locale's rules."""
    if value is None or value == "":
        return ""
    return format_decimal(Decimal(value).normalize(), locale=_locale(), decimal_quantization=False)


@register.filter
def target_level(target):
    """A target's level as people read it: 6 400, or a band 20–21 for a range indicator.

    Takes a Target or a published snapshot's target (a dict)."""
    value, high = _field(target, "value"), _field(target, "value_high")
    if high is None:
        return number(value)
    low, high = sorted((Decimal(value), Decimal(high)))
    return f"{number(low)}–{number(high)}"


@register.filter
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


@register.filter
def day(value):
    """A date as the locale writes it (Finnish: 16.5.2022)."""
    if not value:
        return ""
    return format_date(
        value, format="d.M.yyyy" if _locale() == "fi" else "medium", locale=_locale()
    )


@register.filter
def person(user):
    """A user as people know them: the full name, else the user name ("—" for nobody)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


@register.inclusion_tag("web/_status.html")
def status(value):
    """A status as a badge: its icon and its name, with a class for colour."""
    from mittaristo.evaluation import Status
    from mittaristo.monitoring.labels import ICONS, LABELS

    value = Status(value)
    return {"code": str(value), "label": LABELS[value], "icon": ICONS[value]}


@register.inclusion_tag("web/_status.html")
def plan_status(value):
    """A plan target's status as a badge (evaluation.plan_target.PlanStatus: the indicator's
    statuses, and "not achieved" and "not judged" besides)."""
    from mittaristo.evaluation.plan_target import PlanStatus
    from mittaristo.monitoring.labels import PLAN_ICONS, PLAN_LABELS

    value = PlanStatus(value)
    return {"code": str(value), "label": PLAN_LABELS[value], "icon": PLAN_ICONS[value]}


@register.simple_tag
def due_basis(indicator):
    """Where an indicator's due date comes from: the source's publication calendar or
    frequency + lag (monitoring.labels.due_basis_text)."""
    from mittaristo.monitoring.labels import due_basis_text

    return due_basis_text(indicator)


@register.filter
def isodate(value):
    """A date written as 2025-03-31 (as in a snapshot) → a date, for `day`."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


@register.filter
def value_status(value):
    """A value's status (final, provisional, estimate) in the reader's language."""
    from mittaristo.observations.models import Observation

    return dict(Observation.Status.choices).get(value, value)


@register.filter
def round_sig(value, digits=3):
    """A forecast to `digits` significant figures, in the reader's locale: no false precision."""
    if value is None:
        return ""
    from math import floor, log10

    value = float(value)
    if value == 0:
        return number(0)
    places = max(0, digits - 1 - floor(log10(abs(value))))
    return number(Decimal(str(round(value, places))))


@register.filter
def percent(value):
    """A probability 0–1 as a whole percentage: 0.123 → 12."""
    if value is None:
        return ""
    return number(Decimal(round(float(value) * 100)))


@register.simple_tag
def forecast_line(f):
    """An indicator's forecast as one sentence, never claiming more certainty than the data
    give (monitoring/forecast_text.py)."""
    from mittaristo.monitoring.forecast_text import forecast_line

    return forecast_line(f)
