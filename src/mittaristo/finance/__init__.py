"""Municipal finance, pure and public (no Django, no I/O): investment calculations and the
statutory warning signs of a municipality's economy.

    from mittaristo import finance
    finance.npv(0.03, [-1_000_000, 150_000, 150_000, ...])
    finance.irr(flows), finance.payback_years(flows), finance.leverage(city, external, private)

`investment.py` has the calculations of one investment; `statutory.py` the warning signs of
the Local Government Act (110 § and 118 §) year by year (docs/finance.md).
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
from .statutory import (
    RULES_2015,
    RULES_2019,
    CountryFigures,
    Coverage,
    Criterion,
    Figures,
    Rules,
    YearSigns,
    deficit_coverage,
    key_figures,
    rules_for,
    warning_signs,
)

__all__ = [
    "RULES_2015",
    "RULES_2019",
    "CountryFigures",
    "Coverage",
    "Criterion",
    "Figures",
    "Rules",
    "SensitivityRow",
    "YearSigns",
    "deficit_coverage",
    "irr",
    "key_figures",
    "leverage",
    "life_cycle_cost",
    "npv",
    "npv_sensitivity",
    "payback_years",
    "rules_for",
    "warning_signs",
]
