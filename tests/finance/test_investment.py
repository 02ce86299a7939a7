"""mittaristo.finance's investment calculations against values worked out by hand."""

import math
from decimal import Decimal

import pytest

from mittaristo.finance import (
    SensitivityRow,
    investment,
    irr,
    leverage,
    life_cycle_cost,
    npv,
    npv_sensitivity,
    payback_years,
)


def test_npv_discounts_from_time_zero():
    # -100 + 60/1.1 + 60/1.21 = -100 + 54.545454… + 49.586776… = 4.132231…
    assert npv(0.1, [-100, 60, 60]) == pytest.approx(4.1322314, abs=1e-7)
    # At 0 % the NPV is the plain sum.
    assert npv(0, [-100, 60, 60]) == 20
    # 1102.5 / 1.05² = 1102.5 / 1.1025 = 1000: exactly repaid.
    assert npv(0.05, [-1000, 0, 1102.5]) == pytest.approx(0, abs=1e-9)


def test_npv_takes_decimals_and_answers_a_float():
    # -100 + 110 / 1.1 = 0
    value = npv(Decimal("0.1"), [Decimal("-100"), Decimal("110.00")])
    assert isinstance(value, float)
    assert value == pytest.approx(0, abs=1e-12)


def test_npv_of_nothing_is_zero():
    assert npv(0.03, []) == 0


@pytest.mark.parametrize("rate", [-1, -1.5])
def test_npv_refuses_a_rate_of_minus_100_percent_or_below(rate):
    with pytest.raises(ValueError, match="above -1"):
        npv(rate, [-100, 110])


def test_npv_refuses_a_value_that_is_not_a_finite_number():
    with pytest.raises(ValueError, match="cash flow 1"):
        npv(0.03, [-100, float("nan")])
    with pytest.raises(ValueError, match="not a number"):
        npv(0.03, [-100, "lots"])


def test_irr_by_hand():
    # -100 + 110 x = 0 with x = 1/(1+r): x = 1/1.1, r = 10 %.
    assert irr([-100, 110]) == pytest.approx(0.10, abs=1e-12)
    # -1000 + 1102.5 x² = 0: x² = 1/1.1025, r = 5 %.
    assert irr([-1000, 0, 1102.5]) == pytest.approx(0.05, abs=1e-12)
    # -100 + 60x + 60x² = 0: x = (-1 + sqrt(1 + 20/3)) / 2 = (-1 + 2.7688746) / 2 = 0.8844373,
    # r = 1/0.8844373 - 1 = 0.1306624.
    assert irr([-100, 60, 60]) == pytest.approx(0.1306624, abs=1e-7)


def test_irr_is_not_moved_by_a_late_start_or_trailing_zeros():
    # The same project a year later, and with two idle years at the end: still 10 %.
    assert irr([0, -100, 110, 0, 0]) == pytest.approx(0.10, abs=1e-12)


def test_irr_makes_the_npv_zero_on_a_long_project():
    flows = [-1_000_000] + [80_000] * 30
    rate = irr(flows)
    assert 0.06 < rate < 0.08  # 30 years of 8 % of the investment: about 6.9 %
    assert npv(rate, flows) == pytest.approx(0, abs=1e-6)


@pytest.mark.parametrize(
    "flows",
    [
        [],
        [0, 0, 0],
        [100, 50, 50],  # only income
        [-100, -50, -50],  # only costs
    ],
)
def test_irr_refuses_where_the_flows_never_change_sign(flows):
    assert irr(flows) is None


def test_irr_refuses_two_rates():
    # -100 + 230x - 132x² = 0: 132x² - 230x + 100 = 0, x = (230 ± sqrt(52900 - 52800)) / 264
    # = (230 ± 10) / 264 = 0.909090… or 0.833333…: r = 10 % or 20 %, both make the NPV zero.
    flows = [-100, 230, -132]
    assert npv(0.10, flows) == pytest.approx(0, abs=1e-9)
    assert npv(0.20, flows) == pytest.approx(0, abs=1e-9)
    assert irr(flows) is None


def test_irr_refuses_two_sign_changes_and_no_rate():
    # -100 + 150x - 60x² = 0: 60x² - 150x + 100 = 0, discriminant 22500 - 24000 < 0: no root.
    assert irr([-100, 150, -60]) is None


def test_payback_interpolates_within_the_year():
    # Cumulative -100, -70, -30, +20: the 50 of year 3 covers the last 30 in 30/50 of it.
    assert payback_years([-100, 30, 40, 50]) == pytest.approx(2.6)
    # Cumulative -100, -50, 0: paid back exactly at the end of year 2.
    assert payback_years([-100, 50, 50]) == 2.0


def test_payback_waits_for_a_later_dip():
    # Cumulative -100, -40, +20, -30, +30: the renovation of year 3 undoes the payback of
    # year 2 (1 + 40/60 = 1.67); for good it is 3 + 30/60 = 3.5.
    assert payback_years([-100, 60, 60, -50, 60]) == pytest.approx(3.5)


def test_payback_never_and_at_once():
    assert payback_years([-100, 30, 30]) is None  # cumulative ends at -40
    assert payback_years([]) is None
    assert payback_years([0, 10]) == 0.0  # nothing to pay back


def test_discounted_payback():
    # At 10 %: -100, 55/1.1 = 50, 60.5/1.21 = 50: paid back at the end of year 2,
    # where the simple payback is 1 + 45/60.5 = 1.74.
    assert payback_years([-100, 55, 60.5], rate=0.1) == pytest.approx(2.0)
    assert payback_years([-100, 55, 60.5]) == pytest.approx(1 + 45 / 60.5)
    # At 10 % the 110 of [-100, 60, 50] is worth 54.55 + 41.32 = 95.87 < 100: never.
    assert payback_years([-100, 60, 50], rate=0.1) is None


def test_life_cycle_cost_of_a_constant_yearly_cost():
    # 1,000,000 + 50,000/1.03 + 50,000/1.0609 + 50,000/1.092727
    # = 1,000,000 + 48,543.69 + 47,129.80 + 45,757.08 = 1,141,430.57
    assert life_cycle_cost(1_000_000, 50_000, 0.03, 3) == pytest.approx(1_141_430.57, abs=0.01)
    assert life_cycle_cost(Decimal("1000000"), Decimal("50000"), Decimal("0.03"), 3) == (
        pytest.approx(1_141_430.57, abs=0.01)
    )


def test_life_cycle_cost_of_yearly_costs_and_a_residual_value():
    # 1000 + 110/1.1 + 121/1.21 - 121/1.21 = 1000 + 100 + 100 - 100 = 1100
    assert life_cycle_cost(1000, [110, 121], 0.1, residual_value=121) == pytest.approx(1100)
    # No yearly costs: the investment itself.
    assert life_cycle_cost(1000, 0, 0.1, 0) == 1000


def test_life_cycle_cost_refuses_a_life_that_does_not_fit():
    with pytest.raises(ValueError, match="2 yearly costs given for a life of 3 years"):
        life_cycle_cost(1000, [110, 121], 0.1, 3)
    with pytest.raises(ValueError, match="a life in years"):
        life_cycle_cost(1000, 50, 0.1)


def test_leverage():
    # City 2 M€, state and EU 1 M€, private 5 M€: (1 + 5) / 2 = 3.
    assert leverage(2_000_000, 1_000_000, 5_000_000) == 3.0
    assert leverage(Decimal("4"), Decimal("1"), Decimal("0")) == 0.25
    assert leverage(0, 1_000_000, 5_000_000) is None  # no city money: no ratio
    assert leverage(Decimal("0.00"), 1, 1) is None


def test_npv_sensitivity_by_hand():
    rows = npv_sensitivity([-100, 60, 60], rates=[0, 0.1], overruns=[0, 0.5])
    # At 0 %: 20; with the investment 50 % over: -150 + 120 = -30.
    # At 10 %: 4.132231; -150 + 104.132231 = -45.867769.
    expected = [(0, 0, 20), (0, 0.5, -30), (0.1, 0, 4.132231), (0.1, 0.5, -45.867769)]
    assert [(r.rate, r.overrun) for r in rows] == [(r, o) for r, o, _ in expected]
    assert [r.npv for r in rows] == pytest.approx([v for _, _, v in expected], abs=1e-6)
    assert isinstance(rows[0], SensitivityRow)
    assert rows[0]._asdict() == {"rate": 0.0, "overrun": 0.0, "npv": 20.0}


def test_npv_sensitivity_with_the_costs_apart():
    # Net flows -100, 60, 60 from gross costs 100, 20, 20 (income 80 a year). At 0 % with
    # costs 50 % over: -150 + (60 - 10) + (60 - 10) = -50; with the net flows alone it would
    # be -30, the yearly costs hidden in the net income.
    rows = npv_sensitivity([-100, 60, 60], rates=[0], overruns=[0.5], costs=[100, 20, 20])
    assert rows == [SensitivityRow(0.0, 0.5, -50.0)]
    with pytest.raises(ValueError, match="2 costs given for 3 cash flows"):
        npv_sensitivity([-100, 60, 60], costs=[100, 20])


def test_npv_sensitivity_default_table_has_a_row_per_rate_and_overrun():
    rows = npv_sensitivity([-100, 60, 60])
    assert len(rows) == 6 * 4
    assert all(math.isfinite(r.npv) for r in rows)


@pytest.mark.parametrize("bad", ["12", True, None, float("inf")])
def test_a_value_that_is_not_a_number_is_refused(bad):
    with pytest.raises(ValueError, match="cash flow 1"):
        npv(0.03, [-100, bad])


def test_life_cycle_cost_takes_any_sequence_of_costs_but_not_text():
    # A tuple and a generator of the same costs: 1000 + 110/1.1 + 121/1.21 = 1200.
    assert life_cycle_cost(1000, (110, 121), 0.1) == pytest.approx(1200)
    assert life_cycle_cost(1000, (c for c in [110, 121]), 0.1) == pytest.approx(1200)
    with pytest.raises(ValueError, match="the yearly cost is not a number"):
        life_cycle_cost(1000, "110", 0.1, 2)


def test_irr_refuses_two_rates_even_if_the_eigenvalues_miss_one(monkeypatch):
    # As if the eigenvalues had taken the root at 20 % (x = 1/1.2) for a complex pair: the
    # scan of the NPV's sign still sees it cross zero twice (at 10 % and at 20 %).
    monkeypatch.setattr(
        investment.P, "polyroots", lambda c: investment.np.array([1 / 1.1, 1 / 1.2 + 0.5j])
    )
    assert irr([-100, 230, -132]) is None
    # Without the scan the same roots would give 10 %:
    monkeypatch.setattr(investment, "_crossings", lambda c: 1)
    assert irr([-100, 230, -132]) == pytest.approx(0.10)
