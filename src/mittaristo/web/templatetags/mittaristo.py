"""The pages' template tags and filters: the formatting of core/formatting.py, and the badges,
due dates and forecast lines of the evaluation."""

from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from mittaristo.core import formatting
from mittaristo.core.translation import TranslatedText, written_language
from mittaristo.evaluation import Status
from mittaristo.evaluation.plan_target import PlanStatus
from mittaristo.monitoring import forecast_text
from mittaristo.monitoring.labels import ICONS, LABELS, PLAN_ICONS, PLAN_LABELS
from mittaristo.observations.models import Observation
from mittaristo.strategy.models import Plan
from mittaristo.web.charts.svg import chart_img as _chart_img

from ..charts.text import chart_context
from ..finance_signs import unconfirmed_text

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
def subgoals_of(aim, goal):
    """The sub-goals of `goal` (GoalRecord) in its AimRecord `aim`, in the file's order."""
    return aim.subgoals_of(goal.code)


@register.filter
def find_goal(record, code):
    """The GoalRecord with `code` in a StrategyRecord, or None."""
    found = record.find_goal(code)
    return found[1] if found else None


@register.filter
def grouping_of(record, code):
    """The GroupingRecord with `code` in a StrategyRecord, or None."""
    return next((g for g in record.strategy.groupings if g.code == code), None)


@register.filter
def heading_level(depth):
    """The heading level of a goal card at `depth` (1: a goal of an aim, h4), at most h6."""
    return min(int(depth) + 3, 6)


@register.filter
def value_status(value):
    """A value's status (final, provisional, estimate) in the reader's language."""
    return dict(Observation.Status.choices).get(value, value)


@register.simple_tag
def finance_unconfirmed():
    """The warning signs' figures no confirmed open-data table gives (web/finance_signs.py)."""
    return unconfirmed_text()


@register.simple_tag
def forecast_line(f):
    """An indicator's forecast as one sentence, never claiming more certainty than the data
    give (monitoring/forecast_text.py)."""
    return forecast_text.forecast_line(f)


@register.simple_tag
def indicator_chart(indicator):
    """An indicator's chart (an IndicatorRecord) for web/_chart.html: its `spec`, `caption`
    (the text alternative) and `rows` (its data); None without a value to draw."""
    found = chart_context(indicator)
    if found["chart_spec"] is None:
        return None
    rows = [{"period": v.period, "value": v.value} for v in indicator.values]
    return {"spec": found["chart_spec"], "caption": found["chart_text"], "rows": rows}


@register.simple_tag
def page_of(kind, code, public=False, round_pk=None):
    """The page of a goal or an indicator (`kind`): internal, or on the public site, of the
    round `round_pk` when one was chosen, else of the latest published round."""
    if not public:
        return reverse(kind, kwargs={"code": code})
    if round_pk:
        return reverse(f"public-{kind}-round", kwargs={"pk": round_pk, "code": code})
    return reverse(f"public-{kind}", kwargs={"code": code})


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


@register.filter
def written_lang(text):
    """` lang="fi"` for an element holding such a text on a Swedish or English page (put inside
    its tag: `<p{{ a.commentary|written_lang }}>`), else nothing."""
    language = written_language()
    return format_html(' lang="{}"', language) if text and language else ""


@register.filter
def written(text):
    """Such a text inside a sentence or a link: in a `<span lang="fi">` on a Swedish or English
    page, as it is on a Finnish one. Not for a title or an attribute, where markup shows."""
    language = written_language()
    return format_html('<span lang="{}">{}</span>', language, text) if text and language else text


@register.filter
def project_translation(strategy) -> dict | None:
    """The strategy file's `translations` entry for the page's language ({"by", "note"}) when
    the Mittaristo project translated the strategy's texts into it, else None."""
    if not hasattr(strategy, "translation_by_project"):
        return None
    return strategy.translation_by_project((get_language() or "fi").split("-")[0])


@register.simple_tag
def chart_image(spec, title=""):
    """A chart drawn as an SVG image in the active language, for a document (the reports'
    PDF), its `alt` the text alternative (web/charts/svg.py)."""
    img = _chart_img(spec, lang=(get_language() or "fi").split("-")[0], title=str(title or ""))
    return mark_safe(img)  # noqa: S308 - base64 of vl-convert's SVG, the alt text escaped


@register.filter
def score(value, places=1):
    """A computed score (an index, a normalised value, a contribution) to `places` decimals in
    the reader's locale: 37,5."""
    if value is None:
        return ""
    rounded = round(float(value), int(places)) + 0.0  # + 0.0: no "−0"
    return formatting.number(Decimal(str(rounded)))


@register.filter
def signed_score(value):
    """A change of a score with its sign written out: +37,5 or −12,5 (never by colour alone)."""
    if value is None:
        return ""
    rounded = round(float(value), 1) + 0.0
    return f"+{score(rounded)}" if rounded > 0 else score(rounded)
