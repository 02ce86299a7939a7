"""The survey statistics as a public API for statisticians and scripts: plain values in, plain
values out, no Django (the import-linter contract holds it pure).

    from mittaristo.surveys.stats import likert_summary, nps, suppress
    likert_summary([5, 4, 4, 2, None, 3], agree_at=4)
    nps([10, 9, 8, 6, 0])            # 0.0 points: 2 promoters − 2 detractors of 5
    suppress({"A": 3, "B": 12, "C": 40}, threshold=5)   # {"A", "B"}

Empty answers (None, "") are not counted. The methods are those of
`mittaristo.evaluation.surveys`, where they are documented: Student's t interval for a mean,
Wilson's score interval for a share, the net promoter score in points.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from mittaristo.evaluation import surveys


@dataclass(frozen=True)
class LikertSummary:
    """`share_agree` is the share (0–1) of answers at or above `agree_at`; `share_low` and
    `share_high` its 95 % Wilson interval; `ci_low`–`ci_high` the mean's 95 % t interval (None
    with fewer than two answers). With no answers, everything but n is None."""

    n: int
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    share_agree: float | None
    share_low: float | None
    share_high: float | None


def _answered(answers: Iterable) -> list[float]:
    return [float(a) for a in answers if a is not None and a != ""]


def likert_summary(answers: Iterable, *, agree_at: float = 4) -> LikertSummary:
    values = _answered(answers)
    mean = surveys.mean(values)
    share = surveys.share_at_least(values, agree_at)
    if mean is None or share is None:
        return LikertSummary(len(values), None, None, None, None, None, None)
    return LikertSummary(
        n=len(values),
        mean=mean.value,
        ci_low=mean.low,
        ci_high=mean.high,
        share_agree=share.value,
        share_low=share.low,
        share_high=share.high,
    )


def nps(answers: Iterable) -> float | None:
    """The net promoter score of 0–10 answers in points (−100…100): the per cent of promoters
    (9–10) minus the per cent of detractors (0–6). None without answers."""
    estimate = surveys.nps(_answered(answers))
    return None if estimate is None else estimate.value


def suppress(counts: Mapping[str, int], *, threshold: int = 5) -> set[str]:
    """The groups of a breakdown to hide: every group with fewer than `threshold` respondents
    (but at least one: an empty group shows nobody); while exactly one is hidden, or the
    hidden ones together have fewer than `threshold`, also the smallest of the others, so that
    no hidden figure follows from the total minus the shown ones; everything when the total is
    below the threshold."""
    if sum(counts.values()) < threshold:
        return set(counts)
    return set(surveys.suppress(counts, threshold))
