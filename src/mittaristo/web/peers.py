"""What a peer comparison compares, in words: the heading of its chart's axis and table."""

from django.utils.translation import gettext as _


def peer_measure(peers, unit="") -> str:
    """The measure compared in `peers` (snapshot-shaped, reviews/snapshot.py `peers_data`) in
    the reader's language: "jobs per 1,000 residents", "growth a year 2018–2023, %", or the
    indicator's unit for the level (a snapshot from before the measure was kept compared it)."""
    unit = str(unit or "")
    measure = (peers or {}).get("measure") or "level"
    if measure == "per_resident":
        if not unit:
            return _("per 1,000 residents")
        return _("%(unit)s per 1,000 residents") % {"unit": unit}
    if measure == "change":
        if peers.get("year") is None:
            return _("growth a year, %")
        return _("growth a year %(start)s–%(end)s, %%") % {
            "start": peers["since"],
            "end": peers["year"],
        }
    return unit
