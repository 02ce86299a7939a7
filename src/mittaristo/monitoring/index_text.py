"""A composite index's rank and method in words, in the active language.

The methods are named as the OECD/JRC Handbook on Constructing Composite Indicators (2008) and
COINr name them, so that a statistician recognises them (docs/indices.md). Call inside
`translation.override(language)` for another language (records/languages.py does).
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from mittaristo.core.formatting import number
from mittaristo.indices import Definition


def _n(value) -> str:
    return number(Decimal(repr(float(value))).normalize())


def rank_sentence(*, rank, count, low, high) -> str:
    """ "Rank 112 of 293; between 95 and 130 under other reasonable choices of weights,
    normalisation and aggregation." (The interval: indices.sensitivity's 5–95 %.)"""
    if rank is None:
        return _("No value of the index for this area.")
    facts = {"rank": rank, "count": count, "low": low, "high": high}
    if low is None:
        return _("Rank %(rank)s of %(count)s.") % facts
    if low == high:
        return (
            _(
                "Rank %(rank)s of %(count)s; rank %(low)s under at least nine in ten other "
                "reasonable choices of weights, normalisation and aggregation."
            )
            % facts
        )
    return (
        _(
            "Rank %(rank)s of %(count)s; between %(low)s and %(high)s under other reasonable "
            "choices of weights, normalisation and aggregation."
        )
        % facts
    )


def _treatment(d: Definition) -> str:
    t = d.treatment
    if t.method == "winsorise":
        return _(
            "Outliers are winsorised: values beyond the %(low)sth and %(high)sth percentiles of "
            "the reference set are set to those percentiles."
        ) % {"low": _n(t.percentiles[0]), "high": _n(t.percentiles[1])}
    if t.method == "skew_kurtosis":
        return _(
            "Outliers are treated by COINr's rule: an indicator whose absolute skewness is at "
            "least %(skew)s and kurtosis at least %(kurtosis)s has its most extreme values "
            "winsorised, at most %(points)s of them, and is log-transformed if that is not "
            "enough."
        ) % {"skew": _n(t.skew), "kurtosis": _n(t.kurtosis), "points": t.winmax}
    return _("Outliers are not treated.")


def _normalisation(d: Definition) -> str:
    n = d.normalisation
    facts = {"low": _n(n.low), "high": _n(n.high), "mean": _n(n.mean), "sd": _n(n.sd)}
    if n.method == "zscore":
        text = _(
            "Each indicator is standardised (z-scores: its distance from the reference set's "
            "mean in standard deviations), then scaled to mean %(mean)s and standard "
            "deviation %(sd)s."
        )
    elif n.method == "goalposts":
        text = _(
            "Each indicator is normalised by goalposts onto %(low)s–%(high)s: its fixed lower "
            "and upper bounds score %(low)s and %(high)s, values beyond them are clipped."
        )
    elif n.method == "rank":
        text = _("Each indicator is normalised as percentile ranks (0–100) in the reference set.")
    elif n.method == "distance_to_target":
        text = _(
            "Each indicator is normalised as the distance to its target onto %(low)s–%(high)s: "
            "the worst value of the reference set scores %(low)s, the target %(high)s."
        )
    else:
        text = _(
            "Each indicator is normalised by min–max onto %(low)s–%(high)s: the lowest value "
            "of the reference set scores %(low)s and the highest %(high)s."
        )
    mirrored = _("An indicator where lower is better is mirrored, so a higher score is better.")
    return f"{text % facts} {mirrored}"


def _aggregation(d: Definition) -> str:
    if d.aggregation == "geometric":
        return _(
            "The components are aggregated by a weighted geometric mean at each level: a weak "
            "component pulls the index down more than a strong one lifts it. Its parts do not "
            "add up, so no contributions are given."
        )
    return _(
        "The components are aggregated by a weighted arithmetic mean at each level: each "
        "component's contribution (its share of the weight × its score) adds up to the score "
        "of the level above."
    )


def _missing(d: Definition) -> str:
    m = d.missing
    if m.method == "none":
        text = _("A missing component makes the level above it missing.")
    elif m.min_coverage > 0:
        text = _(
            "A missing component is left out and its weight shared among the present ones; a "
            "level needs at least %(share)s %% of its weight present."
        ) % {"share": _n(round(m.min_coverage * 100, 1))}
    else:
        text = _("A missing component is left out and its weight shared among the present ones.")
    if m.carry_forward:
        text += " " + _(
            "A value missing for a year is replaced by the area's last value of at most "
            "%(years)s years before."
        ) % {"years": m.carry_forward}
    return text


CHOICES = {
    "minmax/arithmetic": lambda: _("min–max with the arithmetic mean"),
    "zscore/arithmetic": lambda: _("z-scores with the arithmetic mean"),
    "rank/arithmetic": lambda: _("percentile ranks with the arithmetic mean"),
    "goalposts/arithmetic": lambda: _("goalposts with the arithmetic mean"),
    "distance_to_target/arithmetic": lambda: _("distance to target with the arithmetic mean"),
    "minmax/geometric": lambda: _("min–max with the geometric mean"),
    "rank/geometric": lambda: _("percentile ranks with the geometric mean"),
    "goalposts/geometric": lambda: _("goalposts with the geometric mean"),
    "distance_to_target/geometric": lambda: _("distance to target with the geometric mean"),
}


def choice_words(choice: str) -> str:
    say = CHOICES.get(choice)
    return str(say()) if say else choice


def _sensitivity(*, runs, seed, spread, choices) -> str:
    return _(
        "How firm the rank is: a Monte Carlo uncertainty analysis (the Handbook's step 7, as "
        "COINr's get_sensitivity) of %(runs)s runs with a fixed seed (%(seed)s). Each run "
        "multiplies every weight by a random factor between %(low)s and %(high)s and draws the "
        "normalisation and aggregation from: %(choices)s; the outlier treatment is not varied. "
        "The interval is the 5th to 95th percentile of the area's ranks over the runs."
    ) % {
        "runs": number(runs),
        "seed": seed,
        "low": _n(1 - spread),
        "high": _n(1 + spread),
        "choices": ", ".join(choice_words(c) for c in choices),
    }


def method_text(
    d: Definition, *, count, reference: str, version: str, sensitivity: dict | None
) -> str:
    """The method in words: reference set, outliers, normalisation, aggregation, missing
    values, the sensitivity analysis and the definition's version."""
    parts = [
        _(
            "Computed as the OECD/JRC Handbook on Constructing Composite Indicators (2008) "
            "describes, against the %(count)s areas of its reference set that have a value "
            "(kind of area: %(reference)s)."
        )
        % {"count": count, "reference": reference},
        _treatment(d),
        _normalisation(d),
        _aggregation(d),
        _missing(d),
    ]
    if sensitivity is not None:
        parts.append(_sensitivity(**sensitivity))
    parts.append(_("Definition version %(version)s.") % {"version": version})
    return " ".join(str(p) for p in parts)
