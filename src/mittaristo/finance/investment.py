"""Investment calculations: present value, internal rate of return, payback, life-cycle cost,
leverage, and how the present value moves with the discount rate and with cost overruns.

Conventions, the same in every function here:

- A list of cash flows is one per year, the first at time 0 (today, undiscounted), the next at
  the end of year 1, and so on: spreadsheets' NPV with the first flow outside it, and
  numpy-financial's `npv`. Money out (the investment, costs) is negative, money in is positive.
- Amounts and rates may be given as `Decimal`, `int` or `float` (a rate as a fraction: 0.03
  for 3 %). They are converted to binary floats and the results are floats: these are
  estimates for a decision, not amounts to book, and a float's 15–16 digits are far beyond the
  precision of any investment plan. Round a result for display or storage, e.g.
  `Decimal(f"{value:.2f}")`.
- A result that does not exist is `None` (no internal rate, never paid back, no city share);
  an input that makes no sense (a rate of −100 % or below, a value that is not finite) raises
  `ValueError` naming it.
"""

import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import NamedTuple

import numpy as np
from numpy.polynomial import polynomial as P

Number = Decimal | float | int


def _float(value: Number, name: str) -> float:
    if isinstance(value, str | bytes | bool):  # "12" or True is a mistake, not a number
        raise ValueError(f"{name} is not a number: {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} is not a number: {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} is not a finite number: {value!r}")
    return number


def _flows(cashflows: Iterable[Number]) -> list[float]:
    return [_float(v, f"cash flow {t}") for t, v in enumerate(cashflows)]


def _rate(rate: Number) -> float:
    r = _float(rate, "the rate")
    if r <= -1:
        raise ValueError(f"the rate must be above -1 (-100 %), not {rate!r}")
    return r


def npv(rate: Number, cashflows: Iterable[Number]) -> float:
    """The net present value of yearly cash flows, the first at time 0.

    `sum(cf_t / (1 + rate) ** t for t = 0, 1, …)`, as numpy-financial's `npv(rate, values)`
    (note: a spreadsheet's `NPV(rate; …)` discounts its first value too, so there the time-0
    flow is added outside it). No cash flows give 0.
    """
    r = _rate(rate)
    return math.fsum(cf / (1 + r) ** t for t, cf in enumerate(_flows(cashflows)))


def _sign_changes(flows: Sequence[float]) -> int:
    signs = [f > 0 for f in flows if f != 0]
    return sum(1 for a, b in zip(signs, signs[1:], strict=False) if a != b)


def irr(cashflows: Iterable[Number]) -> float | None:
    """The internal rate of return: the one rate above −100 % at which the NPV is zero, or None.

    The NPV is a polynomial in x = 1 / (1 + rate): `cf_0 + cf_1·x + cf_2·x² + …`, and a rate
    above −100 % is a real root x > 0. All roots are found at once (numpy's `polyroots`, the
    eigenvalues of the companion matrix), the real positive ones kept and polished by Newton's
    method on the polynomial, and the same root found twice (a double root) counted once.

    None, rather than a number that would mislead, where:
    - the cash flows never change sign (only costs, only income, or all zero): no rate makes
      the NPV zero (Descartes' rule of signs: no positive root);
    - there is no real positive root (possible with two or more sign changes, e.g. −100, 150,
      −60: 60x² − 150x + 100 has no real root);
    - there are two or more (e.g. −100, 230, −132 is zero at both 10 % and 20 %): a flow that
      changes sign more than once can have as many rates as sign changes, and choosing one
      would be arbitrary. Use the NPV at a stated discount rate instead.

    A bracketing method (bisection between two rates) would find one root and hide the others,
    which is why the roots are all found here; the sign of the NPV is also scanned over every
    rate where a root can lie, and more than one crossing refuses too (eigenvalues can take a
    real root for a complex pair on long, erratic flows; a scan can miss two close roots, which
    the eigenvalues then find).
    """
    flows = _flows(cashflows)
    while flows and flows[-1] == 0:  # a trailing zero adds nothing (and a zero leading term)
        flows.pop()
    if _sign_changes(flows) == 0:
        return None
    leading_zeros = next(i for i, f in enumerate(flows) if f != 0)
    coefficients = np.array(flows[leading_zeros:])  # dividing by x^k moves no root x > 0
    derivative = P.polyder(coefficients)
    scale = max(abs(c) for c in coefficients)
    found: list[float] = []
    for root in P.polyroots(coefficients):
        if abs(root.imag) > 1e-6 * max(1.0, abs(root.real)) or root.real <= 0:
            continue
        x = root.real
        for _ in range(50):  # Newton's method from the eigenvalue, to full precision
            slope = P.polyval(x, derivative)
            if slope == 0:
                break
            step = P.polyval(x, coefficients) / slope
            x -= step
            if abs(step) <= 1e-15 * abs(x):
                break
        if x <= 0 or abs(P.polyval(x, coefficients)) > 1e-9 * scale * max(1.0, x) ** len(flows):
            continue
        if not any(abs(x - other) <= 1e-7 * max(1.0, x) for other in found):
            found.append(x)
    if len(found) != 1 or _crossings(coefficients) > 1:
        return None
    return 1 / found[0] - 1


def _crossings(coefficients: np.ndarray, points: int = 4096) -> int:
    """How many times the polynomial changes sign over x > 0, on a grid spanning every
    positive root (Cauchy's bounds): a second opinion on the eigenvalues, which lose accuracy
    on long, erratic flows (a real root taken for a complex pair)."""
    a = np.abs(coefficients)
    low = a[0] / (a[0] + a[1:].max()) / 2  # no root nearer to 0 than this
    high = 2 * (1 + a[:-1].max() / a[-1])  # nor farther than this
    x = np.geomspace(low, high, points)
    small, large = x[x <= 1], x[x > 1]
    # p(x) for x ≤ 1; p(x) / x^n (the same sign) in 1/x for x > 1, so nothing overflows.
    values = np.concatenate(
        [P.polyval(small, coefficients), P.polyval(1 / large, coefficients[::-1])]
    )
    signs = np.sign(values[values != 0])
    return int(np.count_nonzero(signs[1:] != signs[:-1]))


def payback_years(cashflows: Iterable[Number], *, rate: Number | None = None) -> float | None:
    """The years until the cumulative cash flow has turned non-negative for good, or None.

    Within a year the flow is taken to arrive evenly (linear interpolation): with cumulative
    flows −100, −70, −30, +20 at times 0–3, the payback is 2 + 30/50 = 2.6 years. The payback
    is the moment from which the cumulative sum is never negative again: a later dip below
    zero (a large renovation) moves it to after the dip, since a payback undone by a later cost
    is not one (the simple "first crossing" rule gives the same figure whenever the costs come
    first). None if the cumulative flow ends below zero; 0 if it is never negative.

    With `rate`, the flows are discounted first (the discounted payback).
    """
    flows = _flows(cashflows)
    if rate is not None:
        r = _rate(rate)
        flows = [cf / (1 + r) ** t for t, cf in enumerate(flows)]
    if not flows:
        return None
    cumulative = np.cumsum(flows)
    # What rounding leaves of a flow that exactly repays (−100 + 55/1.1 + 60.5/1.21) is zero.
    cumulative[np.abs(cumulative) <= 1e-12 * math.fsum(abs(f) for f in flows)] = 0
    if cumulative[-1] < 0:
        return None
    negative = np.flatnonzero(cumulative < 0)
    if len(negative) == 0:
        return 0.0
    last = int(negative[-1])  # below zero at time `last`, never again after it
    return last + float(-cumulative[last] / flows[last + 1])


def life_cycle_cost(
    investment: Number,
    yearly_costs: Number | Sequence[Number],
    rate: Number,
    years: int | None = None,
    *,
    residual_value: Number = 0,
) -> float:
    """The life-cycle cost at present value: the investment plus the discounted operating and
    maintenance costs over the life, less the discounted residual value at its end.

    `investment + sum(c_t / (1 + rate) ** t, t = 1 … n) − residual_value / (1 + rate) ** n`.
    Costs are positive amounts here (this is a cost, not a cash flow). `yearly_costs` is either
    one amount, the same every year for `years` years, or one amount per year of the life
    (years 1 … n, e.g. with a renovation in year 15), in which case `years` may be left out.
    The residual value is what the asset is worth at the end of year n (0 by default).

    Example: 1,000,000 invested, 50,000 a year for 3 years at 3 %:
    1,000,000 + 50,000/1.03 + 50,000/1.03² + 50,000/1.03³ = 1,141,430.55.
    """
    if not isinstance(yearly_costs, Decimal | float | int | str | bytes):
        costs = [_float(c, f"the cost of year {t}") for t, c in enumerate(yearly_costs, 1)]
        if years is not None and years != len(costs):
            raise ValueError(f"{len(costs)} yearly costs given for a life of {years} years")
    else:
        if years is None or years < 0:
            raise ValueError("a life in years (0 or more) is needed with one yearly cost")
        costs = [_float(yearly_costs, "the yearly cost")] * years
    r = _rate(rate)
    n = len(costs)
    present = math.fsum(c / (1 + r) ** t for t, c in enumerate(costs, 1))
    residual = _float(residual_value, "the residual value") / (1 + r) ** n
    return _float(investment, "the investment") + present - residual


def leverage(city: Number, external: Number, private: Number) -> float | None:
    """The leverage effect ("vipuvaikutus") of an investment: euros of external funding (state,
    EU, others) and of the private investment it unlocks per euro of the city's own.

    `(external + private) / city`; None where the city puts in nothing (no ratio exists).
    Example: the city 2 M€, the state and EU 1 M€, private 5 M€: (1 + 5) / 2 = 3.0.
    """
    own = _float(city, "the city's investment")
    if own == 0:
        return None
    return (
        _float(external, "the external funding") + _float(private, "the private investment")
    ) / own


class SensitivityRow(NamedTuple):
    rate: float  # the discount rate, a fraction
    overrun: float  # the cost overrun, a fraction: 0.2 for costs 20 % above the plan
    npv: float


def npv_sensitivity(
    cashflows: Sequence[Number],
    *,
    rates: Iterable[Number] = (0.0, 0.01, 0.02, 0.03, 0.04, 0.05),
    overruns: Iterable[Number] = (0.0, 0.1, 0.2, 0.3),
    costs: Sequence[Number] | None = None,
) -> list[SensitivityRow]:
    """How the NPV moves with the discount rate and with cost overruns: one row per rate and
    overrun (rates in the outer order), a plain table for a page, a chart or a spreadsheet.

    An overrun of 0.2 makes the costs 20 % larger. The costs are `costs` where given (one
    positive amount per year, the same length as the cash flows: e.g. only the investment,
    `[1_000_000, 0, 0, …]`, for a construction overrun); otherwise every negative cash flow is
    taken as a cost (a net flow hides costs netted against income, so give `costs` if the
    plan has them apart). The default rates and overruns are a starting point, not a norm.
    """
    flows = _flows(cashflows)
    if costs is None:
        cost = [max(-f, 0.0) for f in flows]
    else:
        cost = [_float(c, f"the cost of year {t}") for t, c in enumerate(costs)]
        if len(cost) != len(flows):
            raise ValueError(f"{len(cost)} costs given for {len(flows)} cash flows")
    overrun_list = [_float(o, "the overrun") for o in overruns]
    rows = []
    for rate in rates:
        r = _rate(rate)
        for overrun in overrun_list:
            adjusted = [f - overrun * c for f, c in zip(flows, cost, strict=True)]
            rows.append(SensitivityRow(r, overrun, npv(r, adjusted)))
    return rows
