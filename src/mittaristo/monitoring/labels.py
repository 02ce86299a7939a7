"""How each status is named and marked: a text label and an icon, never colour alone."""

from django.utils.translation import gettext_lazy as _

from mittaristo.evaluation import Status

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

# The order a goal card counts its indicators in.
CARD_ORDER = [
    Status.ACHIEVED,
    Status.ON_TRACK,
    Status.AT_RISK,
    Status.OFF_TRACK,
    Status.MOVING_AWAY,
    Status.NO_DATA,
]
