"""The pages' template tags and filters: the formatting of core/formatting.py, and the badges,
due dates and forecast lines of the evaluation."""

from django import template

from mittaristo.core import formatting
from mittaristo.evaluation import Status
from mittaristo.evaluation.plan_target import PlanStatus
from mittaristo.monitoring import forecast_text
from mittaristo.monitoring.labels import ICONS, LABELS, PLAN_ICONS, PLAN_LABELS
from mittaristo.observations.models import Observation
from mittaristo.strategy.models import Plan

register = template.Library()

for name in ("number", "target_level", "target_total", "day", "round_sig", "percent", "isodate"):
    register.filter(name, getattr(formatting, name))


@register.filter
def person(user):
    """A user as people know them: the full name, else the user name ("—" for nobody)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


@register.inclusion_tag("web/_status.html")
def status(value):
    """A status as a badge: its icon and its name, with a class for colour."""
    value = Status(value)
    return {"code": str(value), "label": LABELS[value], "icon": ICONS[value]}


@register.inclusion_tag("web/_status.html")
def plan_status(value):
    """A plan target's status as a badge (evaluation.plan_target.PlanStatus: the indicator's
    statuses, and "not achieved" and "not judged" besides)."""
    value = PlanStatus(value)
    return {"code": str(value), "label": PLAN_LABELS[value], "icon": PLAN_ICONS[value]}


@register.filter
def plan_kind(kind):
    """A plan's kind (programme, budget, ...) in the reader's language."""
    return Plan.Kind(kind).label


@register.filter
def indicators_of(record, goal):
    """The IndicatorRecords of `goal` in a StrategyRecord, in the goal's order."""
    return record.indicators_of(goal)


@register.filter
def value_status(value):
    """A value's status (final, provisional, estimate) in the reader's language."""
    return dict(Observation.Status.choices).get(value, value)


@register.simple_tag
def forecast_line(f):
    """An indicator's forecast as one sentence, never claiming more certainty than the data
    give (monitoring/forecast_text.py)."""
    return forecast_text.forecast_line(f)
