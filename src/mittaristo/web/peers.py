"""What a peer comparison compares, in words: the heading of its chart's axis and table."""

from django.utils.translation import gettext as _


def peer_measure(peers, unit="") -> str:
    """The measure compared in `peers` (a PeersRecord, monitoring/records) in the reader's
    language: "jobs per 1,000 residents", "growth a year 2018–2023, %", or the indicator's
    unit for the level."""
    unit = str(unit or "")
    measure = peers.measure if peers else "level"
    if measure == "per_resident":
        if not unit:
            return _("per 1,000 residents")
        return _("%(unit)s per 1,000 residents") % {"unit": unit}
    if measure == "change":
        if peers.year is None:
            return _("growth a year, %")
        return _("growth a year %(start)s–%(end)s, %%") % {
            "start": peers.since,
            "end": peers.year,
        }
    return unit
