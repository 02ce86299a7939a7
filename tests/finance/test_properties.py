"""Properties of the investment calculations that hold for any cash flows (hypothesis)."""

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mittaristo.finance import irr, npv, payback_years

# Amounts as a plan writes them: whole euros up to 100 M€.
amount = st.integers(0, 10**8).map(float)
rate = st.integers(-50, 300).map(lambda v: v / 1000)  # -5 % … 30 %


@st.composite
def conventional(draw):
    """An investment first, then income: one sign change."""
    investment = draw(st.integers(1, 10**8).map(float))
    income = draw(st.lists(amount, min_size=1, max_size=40))
    assume(any(income))
    return [-investment, *income]


@given(flows=conventional())
@settings(max_examples=300, deadline=None)
def test_a_conventional_project_has_one_rate_that_makes_the_npv_zero(flows):
    found = irr(flows)
    assert found is not None and found > -1
    scale = max(abs(f) for f in flows)
    assert abs(npv(found, flows)) <= 1e-6 * scale


@given(flows=conventional(), low=rate, high=rate)
@settings(max_examples=200, deadline=None)
def test_the_npv_of_a_conventional_project_falls_as_the_rate_rises(flows, low, high):
    assume(low < high)
    assert npv(low, flows) >= npv(high, flows) - 1e-9 * max(abs(f) for f in flows)


@given(flows=st.lists(amount, max_size=30), sign=st.sampled_from([1, -1]))
def test_no_rate_where_the_flows_never_change_sign(flows, sign):
    assert irr([sign * f for f in flows]) is None


@given(flows=st.lists(st.integers(-(10**6), 10**6).map(float), min_size=1, max_size=30))
@settings(max_examples=300, deadline=None)
def test_payback_exists_exactly_when_the_flows_add_up_to_zero_or_more(flows):
    years = payback_years(flows)
    assert (years is None) == (sum(flows) < 0)
    if years is not None:
        assert 0 <= years <= len(flows) - 1
        # From the payback on, the cumulative flow (interpolated within a year) is not negative.
        whole = int(years)
        for t in range(whole + 1, len(flows)):
            assert sum(flows[: t + 1]) >= 0


@given(
    flows=st.lists(st.integers(-(10**6), 10**6).map(float), max_size=20),
    r=rate,
    k=st.integers(1, 1000),
)
def test_the_npv_scales_with_the_flows(flows, r, k):
    assert abs(npv(r, [k * f for f in flows]) - k * npv(r, flows)) <= 1e-6 * k * (
        1 + sum(abs(f) for f in flows)
    )
