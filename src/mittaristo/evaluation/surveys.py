"""A survey round's figures with their uncertainty, comparison with the previous round, and
which groups of a breakdown must be hidden. Pure: plain numbers in, plain numbers out.

Each figure is an `Estimate` whose `method` names how its 95 % interval was computed (the pages
name the method in words: surveys/texts.py). The methods are the standard ones:

- a mean: Student's t interval, mean ± t(0.975, n − 1) · s/√n (s the sample standard deviation
  with n − 1). It needs two answers; with one there is no interval.
- a share (at or above a level, of a choice): Wilson's (1927) score interval,
  (x + z²/2 ± z·√(x(n − x)/n + z²/4)) / (n + z²), z = 1.959964. Unlike the textbook
  p ± z·√(p(1 − p)/n) it stays within 0–1 and keeps its coverage near 0 and 1 and for small n:
  8 of 10 gives 0.490–0.943.
- the net promoter score (NPS): the share of promoters (9–10 on the 0–10 scale) minus the share of
  detractors (0–6), in points −100…100. Its interval is the normal approximation to the
  difference of two shares of one multinomial sample, whose variance is
  (p + d − (p − d)²)/n (the trinomial variance; Rocks 2016, "Interval estimation for the net
  promoter score"): score ± z·√variance. The variance is computed after adding one answer to
  each of the three groups (promoters, passives, detractors), n + 3 in all, in the spirit of
  Agresti and Coull's adjusted interval: otherwise every answer in one group would give an
  interval of no width. The interval is centred on the score itself and clipped to −100…100.

A comparison with the previous round is a `Difference` (this round minus the previous):

- of means: Welch's t interval, with the Welch–Satterthwaite degrees of freedom; needs two
  answers in each round and some spread in at least one;
- of shares: Newcombe's (1998) hybrid score interval (his method 10), from each round's Wilson
  interval: 56/70 − 48/80 gives 0.200 (0.0524–0.3339);
- of NPS: the difference ± z·√(v₁ + v₂) with each round's adjusted trinomial variance above,
  clipped to −200…200.

`change` says "larger" or "smaller" only when the interval leaves out zero, otherwise "no clear
change": a difference that chance could give is not called a change.

Disclosure control (`suppress`) is documented on the function.
"""

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from scipy import stats

CONFIDENCE = 0.95
Z = float(stats.norm.ppf(0.5 + CONFIDENCE / 2))  # 1.959964…
PROMOTER, DETRACTOR = 9, 6  # 9–10 promote, 0–6 detract, 7–8 are passive


class Method(StrEnum):
    """How an interval was computed; the pages name it in words."""

    T = "t"
    WILSON = "wilson"
    NPS = "nps_trinomial"
    WELCH = "welch"
    NEWCOMBE = "newcombe"
    NPS_DIFFERENCE = "nps_trinomial_difference"


class Change(StrEnum):
    LARGER = "larger"
    SMALLER = "smaller"
    NO_CLEAR_CHANGE = "no_clear_change"
    UNKNOWN = "unknown"  # no interval: too few answers, or no spread at all


@dataclass(frozen=True)
class Estimate:
    """A figure (a mean, a share 0–1 or NPS points) and its 95 % interval, if one can be given.

    `count` is what a share counts (the answers at or above the level, the choosers), `n` the
    answers it is out of; for NPS `count` is promoters − detractors."""

    value: float
    low: float | None
    high: float | None
    n: int
    method: Method
    count: int | None = None


@dataclass(frozen=True)
class Difference:
    """This round minus the previous one, with its 95 % interval."""

    value: float
    low: float | None
    high: float | None
    method: Method

    @property
    def change(self) -> Change:
        if self.low is None or self.high is None:
            return Change.UNKNOWN
        if self.low > 0:
            return Change.LARGER
        if self.high < 0:
            return Change.SMALLER
        return Change.NO_CLEAR_CHANGE


def distribution(values: Iterable[Hashable], categories: Sequence[Hashable] = ()) -> dict:
    """How many answered each value: every category in its order (0 if nobody chose it), then
    any other value met, in the order first met."""
    counts = dict.fromkeys(categories, 0)
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def mean(values: Sequence[float]) -> Estimate | None:
    """The mean with Student's t interval (two answers at least); None without answers."""
    values = [float(v) for v in values]
    n = len(values)
    if n == 0:
        return None
    centre = math.fsum(values) / n
    if n < 2:
        return Estimate(centre, None, None, n, Method.T)
    sd = math.sqrt(math.fsum((v - centre) ** 2 for v in values) / (n - 1))
    half = float(stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1)) * sd / math.sqrt(n)
    return Estimate(centre, centre - half, centre + half, n, Method.T)


def wilson(count: int, n: int) -> Estimate | None:
    """The share count/n with Wilson's score interval; None when n is 0."""
    if n <= 0:
        return None
    if not 0 <= count <= n:
        raise ValueError(f"{count} of {n}")
    low, high = _wilson_bounds(count, n)
    return Estimate(count / n, low, high, n, Method.WILSON, count)


def _wilson_bounds(count: int, n: int) -> tuple[float, float]:
    z2 = Z * Z
    centre = (count + z2 / 2) / (n + z2)
    half = Z * math.sqrt(count * (n - count) / n + z2 / 4) / (n + z2)
    # Exactly 0 and 1 at the ends (rounding would leave 1e-17 outside).
    low = 0.0 if count == 0 else max(0.0, centre - half)
    high = 1.0 if count == n else min(1.0, centre + half)
    return low, high


def share_at_least(values: Sequence[float], level: float) -> Estimate | None:
    """The share of answers at or above `level` (agree or fully agree: 4 on a 1–5 scale)."""
    return wilson(sum(1 for v in values if float(v) >= float(level)), len(values))


def share_of_choice(chosen: int, respondents: int) -> Estimate | None:
    """The share of respondents who chose a choice (of a multiple choice: each counts once)."""
    return wilson(chosen, respondents)


def nps(values: Sequence[float]) -> Estimate | None:
    """The net promoter score of 0–10 answers, in points, with the adjusted trinomial interval."""
    n = len(values)
    if n == 0:
        return None
    promoters = sum(1 for v in values if float(v) >= PROMOTER)
    detractors = sum(1 for v in values if float(v) <= DETRACTOR)
    score = 100 * (promoters - detractors) / n
    half = 100 * Z * math.sqrt(_nps_variance(promoters, detractors, n))
    low, high = max(-100.0, score - half), min(100.0, score + half)
    return Estimate(score, low, high, n, Method.NPS, promoters - detractors)


def _nps_variance(promoters: int, detractors: int, n: int) -> float:
    """The variance of p − d after adding one answer to each of the three groups."""
    p, d = (promoters + 1) / (n + 3), (detractors + 1) / (n + 3)
    return (p + d - (p - d) ** 2) / (n + 3)


def welch(previous: Sequence[float], current: Sequence[float]) -> Difference | None:
    """current mean − previous mean with Welch's interval; None without answers in either."""
    a, b = [float(v) for v in previous], [float(v) for v in current]
    if not a or not b:
        return None
    ma, mb = math.fsum(a) / len(a), math.fsum(b) / len(b)
    if len(a) < 2 or len(b) < 2:
        return Difference(mb - ma, None, None, Method.WELCH)
    va = math.fsum((v - ma) ** 2 for v in a) / (len(a) - 1) / len(a)
    vb = math.fsum((v - mb) ** 2 for v in b) / (len(b) - 1) / len(b)
    se2 = va + vb
    if se2 == 0:
        return Difference(mb - ma, None, None, Method.WELCH)
    df = se2**2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    half = float(stats.t.ppf(0.5 + CONFIDENCE / 2, df)) * math.sqrt(se2)
    return Difference(mb - ma, mb - ma - half, mb - ma + half, Method.WELCH)


def newcombe(previous: tuple[int, int], current: tuple[int, int]) -> Difference | None:
    """current share − previous share, each given as (count, n), with Newcombe's hybrid score
    interval: L = d − √((p₁ − l₁)² + (u₂ − p₂)²), U = d + √((u₁ − p₁)² + (p₂ − l₂)²)."""
    (x2, n2), (x1, n1) = previous, current
    if n1 <= 0 or n2 <= 0:
        return None
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = _wilson_bounds(x1, n1)
    l2, u2 = _wilson_bounds(x2, n2)
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return Difference(d, low, high, Method.NEWCOMBE)


def nps_difference(previous: Sequence[float], current: Sequence[float]) -> Difference | None:
    """current NPS − previous NPS (points) ± z·√(v₁ + v₂), each v the adjusted trinomial
    variance of its round (the two rounds' respondents are independent samples)."""
    if not previous or not current:
        return None
    variance, scores = 0.0, []
    for values in (current, previous):
        promoters = sum(1 for v in values if float(v) >= PROMOTER)
        detractors = sum(1 for v in values if float(v) <= DETRACTOR)
        variance += _nps_variance(promoters, detractors, len(values))
        scores.append(100 * (promoters - detractors) / len(values))
    d = scores[0] - scores[1]
    half = 100 * Z * math.sqrt(variance)
    return Difference(d, max(-200.0, d - half), min(200.0, d + half), Method.NPS_DIFFERENCE)


def suppress(groups: Mapping[Hashable, int], min_group: int) -> set:
    """The groups of a breakdown whose results are hidden.

    1. Primary: every group with at least one and fewer than `min_group` answers.
    2. Secondary: the question's total number of answers is shown, so the hidden groups'
       total is the total minus the shown groups' answers. While that would give something
       away (exactly one group is hidden, so its size and, through the overall result, its
       result would follow; or the hidden groups together have fewer than `min_group`
       answers), the shown group with the fewest answers (at least one; the first in the
       mapping's order among equals) is hidden too.
    A group without answers is never hidden: it shows nobody. If only one group has answers
    and it is hidden, the whole result has fewer than `min_group` answers and is hidden anyway.
    """
    hidden = {key for key, n in groups.items() if 0 < n < min_group}

    def revealing():
        total = sum(groups[key] for key in hidden)
        return hidden and (len(hidden) == 1 or total < min_group)

    while revealing():
        shown = [(n, i, key) for i, (key, n) in enumerate(groups.items()) if key not in hidden]
        shown = [entry for entry in shown if entry[0] > 0]
        if not shown:
            break
        hidden.add(min(shown, key=lambda entry: entry[:2])[2])
    return hidden
