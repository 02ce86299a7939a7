"""Municipal finance, pure and public (no Django, no I/O): investment calculations and the
statutory warning signs of a municipality's economy.

    from mittaristo import finance
    finance.npv(0.03, [-1_000_000, 150_000, 150_000, ...])
    finance.irr(flows), finance.payback_years(flows), finance.leverage(city, external, private)

`investment.py` has the calculations of one investment (docs/finance.md).
"""

from .investment import (
    SensitivityRow,
    irr,
    leverage,
    life_cycle_cost,
    npv,
    npv_sensitivity,
    payback_years,
)

__all__ = [
    "SensitivityRow",
    "irr",
    "leverage",
    "life_cycle_cost",
    "npv",
    "npv_sensitivity",
    "payback_years",
]
