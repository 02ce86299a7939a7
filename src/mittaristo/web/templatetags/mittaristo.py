"""The pages' template tags and filters: the formatting of core/formatting.py, and the badges,
due dates and forecast lines of the evaluation."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from mittaristo.core import formatting
from mittaristo.core.translation import TranslatedText
from mittaristo.evaluation import Status
from mittaristo.evaluation.plan_target import PlanStatus
from mittaristo.monitoring import forecast_text
from mittaristo.monitoring.labels import ICONS, LABELS, PLAN_ICONS, PLAN_LABELS
from mittaristo.observations.models import Observation
from mittaristo.strategy.models import Plan
from mittaristo.web.charts.svg import chart_svg as _chart_svg

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


@register.filter
def plain(text):
    """A translated text as plain text, for where markup cannot go (an attribute, a title)."""
    return "" if text is None else str(str(text))  # a FallbackText's str() is a plain str


@register.filter
def lang_of(text):
    """` lang="fi"` for an element whose translated text falls back to another language than
    the reader's (put inside its tag: `<p{{ text|lang_of }}>`), else nothing."""
    fallback = text.fallback_language() if isinstance(text, TranslatedText) else None
    return format_html(' lang="{}"', fallback) if fallback else ""


# Strategies whose Swedish and English texts are the Mittaristo project's translations, not the
# city's (the shipped definition file says so in its header). The definition schema has no
# field for who translated a strategy yet; a city's own file would say it there.
PROJECT_TRANSLATED = frozenset({"heinola-2030"})


@register.filter
def translated_by_project(strategy) -> bool:
    """Whether a page in Swedish or English shows `strategy` in the project's translation."""
    code = getattr(strategy, "code", None)
    return code in PROJECT_TRANSLATED and (get_language() or "fi").split("-")[0] != "fi"


@register.simple_tag
def chart_svg(spec, title=""):
    """A chart drawn as inline SVG in the active language, for a document (the reports' PDF),
    titled with its text alternative (web/charts/svg.py)."""
    svg = _chart_svg(spec, lang=(get_language() or "fi").split("-")[0], title=str(title or ""))
    return mark_safe(svg)  # noqa: S308 - vl-convert's own SVG, every text in it escaped
