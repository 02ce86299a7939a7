"""How each status is named and marked: a text label and an icon, never colour alone."""

from babel.dates import format_skeleton
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _

from mittaristo.evaluation import Status
from mittaristo.evaluation.age import Release, due_basis
from mittaristo.evaluation.plan_target import PlanStatus

LABELS = {
    Status.ACHIEVED: _("achieved"),
    Status.ON_TRACK: _("on track"),
    Status.AT_RISK: _("at risk"),
    Status.OFF_TRACK: _("off track"),
    Status.MOVING_AWAY: _("moving away"),
    Status.IMPROVING: _("improving"),
    Status.IMPROVING_SLOWLY: _("improving slowly"),
    Status.STALLING: _("stalling"),
    Status.WORSENING: _("worsening"),
    Status.NO_DATA: _("no data"),
}

# Shapes that differ without colour; the label beside them says it in words.
ICONS = {
    Status.ACHIEVED: "★",
    Status.ON_TRACK: "✓",
    Status.AT_RISK: "!",
    Status.OFF_TRACK: "✗",
    Status.MOVING_AWAY: "↘",
    Status.IMPROVING: "↗",
    Status.IMPROVING_SLOWLY: "→",
    Status.STALLING: "−",
    Status.WORSENING: "↘",
    Status.NO_DATA: "?",
}

# A plan target's status: the statuses it shares with an indicator's are named alike; a
# target year that is over is achieved or not achieved.
PLAN_LABELS = {status: LABELS[Status(status)] for status in PlanStatus if status in set(Status)}
PLAN_LABELS |= {
    PlanStatus.NOT_ACHIEVED: _("not achieved"),
    PlanStatus.NOT_JUDGED: _("not judged"),
}
PLAN_ICONS = {status: ICONS[Status(status)] for status in PlanStatus if status in set(Status)}
PLAN_ICONS |= {PlanStatus.NOT_ACHIEVED: "✕", PlanStatus.NOT_JUDGED: "·"}

# The order a goal card counts its indicators in.
CARD_ORDER = [
    Status.ACHIEVED,
    Status.ON_TRACK,
    Status.AT_RISK,
    Status.OFF_TRACK,
    Status.MOVING_AWAY,
    Status.NO_DATA,
]

# Who publishes the values of each binding source, for "published by … around …".
PUBLISHERS = {
    "statfin": _("Statistics Finland"),
    "kuntien_avainluvut": _("Statistics Finland"),
    "kuntien_talous": _("Statistics Finland"),
    "sotkanet": _("THL's Sotkanet"),
    "hyte": _("THL"),
    "syke": _("the Finnish Environment Institute (SYKE)"),
}


def due_basis_text(indicator) -> str:
    """Where an indicator's due date comes from, in words, in the active language.

    "published by Statistics Finland around 16 February" when its binding carries the source's
    publication calendar; else "estimated from the frequency: 270 days after the period ends".
    Empty for an irregular indicator, which has no due date.
    """
    basis = due_basis(
        indicator.frequency, lag_days=indicator.publication_lag_days, release=indicator.release
    )
    if basis is None:
        return ""
    if isinstance(basis, Release):
        day = format_skeleton(
            "MMMMd", basis.date_for(2001), locale=to_locale(get_language() or "fi")
        )
        publisher = PUBLISHERS.get(basis.publisher, basis.publisher)
        return _("published by %(publisher)s around %(day)s") % {
            "publisher": publisher,
            "day": day,
        }
    return _("estimated from the frequency: %(days)s days after the period ends") % {"days": basis}
