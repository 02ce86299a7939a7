"""A project's investment calculation, read from its yearly table and computed by the pure
functions of `mittaristo.finance` (present value, internal rate, payback, life-cycle cost,
leverage, sensitivity). This module only lays the table out as those functions take it.

The layout (docs/investments.md): the first year of the table is time 0, undiscounted; the
calculation runs to the end of the project's life, `life_years` after it. A year missing from
the table between its first and last year counts as zero; after the table's last year, that
year's operating costs and revenues continue, without investment, to the end of the life, so
a steady year need not be written out. Money out is negative: each year's net flow is the
revenues or savings less the investment and the operating costs.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from mittaristo import finance

# The sensitivity table: the project's rate and this many percentage points around it, and
# costs this much above the plan (the investment: a construction overrun).
RATE_STEPS = (-2, -1, 0, 1, 2)
OVERRUNS = (Decimal(0), Decimal("0.1"), Decimal("0.2"), Decimal("0.3"))


@dataclass(frozen=True)
class YearFlow:
    """One year of the calculation, as laid out (years after the table's last are filled)."""

    year: int
    investment: Decimal
    operating_costs: Decimal
    revenues: Decimal
    filled: bool = False  # continued from the table's last year

    @property
    def net(self) -> Decimal:
        return self.revenues - self.investment - self.operating_costs


@dataclass
class Calculation:
    """What a project's page shows of its calculation, rounded as it is shown: euros whole,
    rates and years to a tenth (the finance functions' floats are estimates)."""

    rate: Decimal  # per cent: 3.5
    life_years: int
    flows: list[YearFlow]
    npv: Decimal
    irr: Decimal | None  # per cent
    payback_years: Decimal | None
    life_cycle_cost: Decimal
    rates: list[Decimal] = field(default_factory=list)  # the sensitivity table's rows, per cent
    overruns: list[Decimal] = field(default_factory=list)  # and its columns, per cent
    sensitivity: list[list[Decimal]] = field(default_factory=list)  # [rate][overrun] → NPV


def euros(value: float) -> Decimal:
    return Decimal(f"{value:.0f}")


def tenths(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(f"{value:.1f}")


def layout(rows, *, life_years: int) -> list[YearFlow]:
    """The yearly flows from the table's first year to the end of the life (see above).

    `rows`: objects with year, investment, operating_costs and revenues (CashFlow rows).
    """
    by_year = {row.year: row for row in rows}
    if not by_year:
        return []
    first, last = min(by_year), max(by_year)
    final = by_year[last]
    flows = []
    for year in range(first, max(last, first + life_years) + 1):
        row = by_year.get(year)
        if row is not None:
            flows.append(YearFlow(year, row.investment, row.operating_costs, row.revenues))
        elif year < last:
            flows.append(YearFlow(year, Decimal(0), Decimal(0), Decimal(0)))
        else:
            zero = Decimal(0)
            flows.append(YearFlow(year, zero, final.operating_costs, final.revenues, True))
    return flows


def calculate(rows, *, discount_rate: Decimal, life_years: int) -> Calculation | None:
    """The calculation of a table of cash flows at `discount_rate` (per cent); None without
    rows."""
    flows = layout(rows, life_years=life_years)
    if not flows:
        return None
    rate = discount_rate / 100
    nets = [flow.net for flow in flows]
    investments = [flow.investment for flow in flows]
    operating = [flow.operating_costs for flow in flows]
    rates = sorted({rate + Decimal(step) / 100 for step in RATE_STEPS if rate * 100 + step >= 0})
    table = finance.npv_sensitivity(nets, rates=rates, overruns=OVERRUNS, costs=investments)
    width = len(OVERRUNS)
    internal = finance.irr(nets)
    return Calculation(
        rate=discount_rate,
        life_years=life_years,
        flows=flows,
        npv=euros(finance.npv(rate, nets)),
        irr=None if internal is None else tenths(internal * 100),
        payback_years=tenths(finance.payback_years(nets)),
        # The investments at their present value as the life-cycle cost's investment (they may
        # span years), with the first year's operating costs, which are not discounted.
        life_cycle_cost=euros(
            finance.life_cycle_cost(
                finance.npv(rate, investments) + float(operating[0]), operating[1:], rate
            )
        ),
        rates=[r * 100 for r in rates],
        overruns=[o * 100 for o in OVERRUNS],
        sensitivity=[
            [euros(row.npv) for row in table[start : start + width]]
            for start in range(0, len(table), width)
        ],
    )


def project_calculation(project, flows=None) -> Calculation | None:
    """The project's calculation, or None if it has none (Project.has_calculation)."""
    flows = list(project.cash_flows.all()) if flows is None else flows
    if not project.has_calculation(flows):
        return None
    return calculate(flows, discount_rate=project.discount_rate, life_years=project.life_years)


def project_leverage(project) -> Decimal | None:
    """(external funding + private investment) / the city's own, to a hundredth; None if the
    city puts in nothing."""
    ratio = finance.leverage(
        project.city_investment, project.external_funding, project.private_investment
    )
    return None if ratio is None else Decimal(f"{ratio:.2f}")
