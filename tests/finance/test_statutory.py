"""The warning signs of kuntalaki 110 § and 118 § on hand-made figures, at both sides of
every limit. The country's figures are round so that each limit is plain: tax rate 20.00 %,
group loans 3,000 €/resident, loans and lease liabilities 4,000 €/resident."""

from decimal import Decimal

import pytest

from mittaristo.finance import (
    RULES_2015,
    RULES_2019,
    CountryFigures,
    Figures,
    deficit_coverage,
    key_figures,
    rules_for,
    warning_signs,
)

COUNTRY = CountryFigures(
    income_tax_rate=Decimal("20.00"),
    group_loans_per_resident=Decimal("3000"),
    group_loans_and_leases_per_resident=Decimal("4000"),
)
# Every 175/2019 criterion met: 79/100 = 79 % < 80 %; 22.00 >= 20.00 + 2.0;
# 6000 >= 4000 × 1.5; 0.79 < 0.8.
MET_2019 = Figures(
    group_annual_margin=79,
    group_depreciation=100,
    income_tax_rate=Decimal("22.00"),
    group_loans_and_leases_per_resident=6000,
    group_loan_service_cover=Decimal("0.79"),
)
# Every 410/2015 criterion met: -1 < 0; 21.00 >= 20.00 + 1; 4500 >= 3000 × 1.5; 50 >= 50.
MET_2015 = Figures(
    group_annual_margin=-1,
    income_tax_rate=Decimal("21.00"),
    group_loans_per_resident=4500,
    group_relative_indebtedness=50,
)


def _met(figures, rules, country=COUNTRY):
    return {c.code: c.met for c in key_figures(figures, country, rules)}


def test_rules_by_year():
    assert rules_for(2020).law == "410/2015"  # statements of 2019 and 2020: the 2015 text
    assert rules_for(2021).law == "175/2019"  # first applied to 2020 and 2021
    assert rules_for(2021).confirmed
    assert rules_for(2023).law == "175/2019"
    assert not rules_for(2023).confirmed  # the 2023 reform's changes are not confirmed
    assert "not confirmed" in rules_for(2024).note


def test_every_2019_criterion_met_exactly_at_its_limit():
    assert _met(MET_2019, RULES_2019) == {
        "annual_margin": True,
        "tax_rate": True,
        "loans": True,
        "debt": True,
    }


@pytest.mark.parametrize(
    ("code", "change", "value", "limit"),
    [
        # 80/100 = 80 % is not under 80 %.
        ("annual_margin", {"group_annual_margin": 80}, Decimal(80), Decimal(80)),
        # 21.99 is 1.99 points above 20.00: not at least 2.0.
        ("tax_rate", {"income_tax_rate": Decimal("21.99")}, Decimal("21.99"), Decimal("22.00")),
        # 5999 < 4000 × 1.5 = 6000.
        ("loans", {"group_loans_and_leases_per_resident": 5999}, 5999, 6000),
        # 0.80 is not under 0.8.
        ("debt", {"group_loan_service_cover": Decimal("0.80")}, Decimal("0.80"), Decimal("0.8")),
    ],
)
def test_each_2019_criterion_just_missed(code, change, value, limit):
    figures = Figures(**{**MET_2019.__dict__, **change})
    criteria = {c.code: c for c in key_figures(figures, COUNTRY, RULES_2019)}
    assert criteria[code].met is False
    assert criteria[code].value == value
    assert criteria[code].limit == limit
    assert all(c.met for k, c in criteria.items() if k != code)


def test_every_2015_criterion_met_exactly_at_its_limit():
    assert _met(MET_2015, RULES_2015) == {
        "annual_margin": True,
        "tax_rate": True,
        "loans": True,
        "debt": True,
    }


@pytest.mark.parametrize(
    ("code", "change"),
    [
        ("annual_margin", {"group_annual_margin": 0}),  # zero is not negative
        ("tax_rate", {"income_tax_rate": Decimal("20.99")}),  # 0.99 points above 20.00
        ("loans", {"group_loans_per_resident": Decimal("4499.9")}),  # under 3000 × 1.5
        ("debt", {"group_relative_indebtedness": Decimal("49.9")}),  # under 50 %
    ],
)
def test_each_2015_criterion_just_missed(code, change):
    figures = Figures(**{**MET_2015.__dict__, **change})
    met = _met(figures, RULES_2015)
    assert met[code] is False
    assert all(v for k, v in met.items() if k != code)


def test_a_float_at_the_limit_is_judged_exactly():
    # 19.97 + 2.0 = 21.97 in binary floats is 21.970000000000002 > 21.97: in decimals it is
    # exactly the limit, and the rate 21.97 meets it.
    country = CountryFigures(income_tax_rate=19.97)
    assert _met(Figures(income_tax_rate=21.97), RULES_2019, country)["tax_rate"] is True


def test_a_missing_figure_tells_nothing():
    met = _met(Figures(group_annual_margin=79), RULES_2019)  # no depreciation
    assert met == {"annual_margin": None, "tax_rate": None, "loans": None, "debt": None}
    assert _met(MET_2019, RULES_2019, CountryFigures())["tax_rate"] is None


def test_the_rule_in_words_names_the_limit():
    words = [c.rule for c in key_figures(MET_2019, COUNTRY, RULES_2019)]
    assert words[0] == "The group's annual margin is under 80 % of its depreciation"
    assert "at least 2 percentage points above" in words[1]
    assert "loans and lease liabilities per resident" in words[2] and "50 %" in words[2]
    assert words[3] == "The group's calculated loan-servicing cover is under 0.8"
    assert "at least 1 percentage point above" in key_figures(MET_2015, COUNTRY, RULES_2015)[1].rule


def test_two_years_running_under_the_later_years_rules():
    signs = warning_signs({2021: MET_2019, 2022: MET_2019}, {2021: COUNTRY, 2022: COUNTRY})
    assert [s.year for s in signs] == [2021, 2022]
    assert signs[0].two_years_running is None  # 2020 has no figures: cannot tell
    assert signs[1].two_years_running is True
    assert signs[1].procedure_possible is True
    # 2020 judged under 175/2019 when it is the year before 2021 (the procedure of 2022).
    signs = warning_signs({2020: MET_2015, 2021: MET_2019}, {2020: COUNTRY, 2021: COUNTRY})
    assert signs[0].rules.law == "410/2015"
    assert signs[1].rules.law == "175/2019"
    assert signs[1].previous_key_figures[0].rule.startswith("The group's annual margin is under")
    # 2020's tax rate 21.00 is 1 point above 20.00: enough under 410/2015, not under 175/2019,
    # so the pair is not "two years running" whatever 2020's missing figures would say.
    assert signs[0].key_figures[1].met is True
    assert signs[1].previous_key_figures[1].met is False
    assert signs[1].previous_key_figures[3].met is None  # no loan-servicing cover in 2020
    assert signs[1].two_years_running is False


def test_one_year_missed_is_not_two_years_running():
    missed = Figures(**{**MET_2019.__dict__, "group_loan_service_cover": Decimal("0.8")})
    signs = warning_signs({2021: missed, 2022: MET_2019}, {2021: COUNTRY, 2022: COUNTRY})
    assert signs[1].two_years_running is False


def test_the_deficit_per_resident_at_both_sides():
    def signs(now, before):
        figures = {
            2021: Figures(group_accumulated_surplus_per_resident=before),
            2022: Figures(group_accumulated_surplus_per_resident=now),
        }
        return warning_signs(figures, {})[1]

    # A deficit of 1,000 € this year and 500 € the year before: both limits met exactly.
    year = signs(-1000, -500)
    assert year.deficit_met is True
    assert [c.value for c in year.deficit] == [Decimal(1000), Decimal(500)]
    assert year.procedure_possible is True
    assert signs(Decimal("-999.99"), -500).deficit_met is False
    assert signs(-1000, Decimal("-499.99")).deficit_met is False
    assert signs(-1000, None).deficit_met is None
    assert signs(500, -2000).deficit_met is False  # a surplus this year


def test_deficit_coverage_counts_from_the_first_deficit_year():
    # Deficit from 2015: the statements of 2015 are approved in 2016, the four years run
    # 2017–2020, so the statements of 2020 may still show it and those of 2021 may not.
    surplus = {2014: 10, 2015: -5, 2016: -4, 2017: -3, 2018: -2, 2019: -2, 2020: -1, 2021: -1}
    coverage = deficit_coverage(surplus)
    assert coverage[2014].overdue is False and coverage[2014].deficit_since is None
    assert coverage[2015].deficit_since == 2015
    assert coverage[2015].deadline == 2020
    assert coverage[2015].extended_deadline == 2022  # six years under 110 a §
    assert coverage[2020].overdue is False
    assert coverage[2021].overdue is True
    extended = deficit_coverage(surplus, extension_granted=True)
    assert extended[2021].overdue is False


def test_a_covered_deficit_that_returns_starts_a_new_count():
    coverage = deficit_coverage({2015: -5, 2016: 0, 2017: -1, 2023: -1})
    assert coverage[2016].overdue is False  # zero: covered
    assert coverage[2017].deficit_since == 2017
    assert coverage[2017].deadline == 2022
    assert coverage[2023].overdue is True  # 2018–2022 unknown, the run from 2017 not broken


def test_a_missing_year_tells_nothing():
    coverage = deficit_coverage({2015: -5, 2016: None})
    assert coverage[2016].overdue is None


def test_not_covered_in_time_is_a_ground_for_the_procedure():
    figures = {year: Figures(accumulated_surplus=-1) for year in range(2015, 2022)}
    signs = {s.year: s for s in warning_signs(figures, {})}
    assert signs[2020].deficit_not_covered.met is False
    assert signs[2021].deficit_not_covered.met is True
    assert signs[2021].deficit_not_covered.limit == Decimal(2020)
    assert signs[2021].deficit_not_covered.value == Decimal(1)
    assert "since 2015" in signs[2021].deficit_not_covered.rule
    assert signs[2021].procedure_possible is True
    assert signs[2020].procedure_possible is None  # the key figures are missing


def test_nothing_met_and_nothing_missing_is_no_ground():
    healthy = Figures(
        group_annual_margin=200,
        group_depreciation=100,
        income_tax_rate=20,
        group_loans_and_leases_per_resident=1000,
        group_loan_service_cover=2,
        group_accumulated_surplus_per_resident=100,
        accumulated_surplus=100,
    )
    signs = warning_signs({2021: healthy, 2022: healthy}, {2021: COUNTRY, 2022: COUNTRY})
    assert signs[1].procedure_possible is False


def test_other_limits_are_parameters():
    stricter = RULES_2019.__class__(**{**RULES_2019.__dict__, "debt_limit": Decimal("0.9")})
    figures = Figures(**{**MET_2019.__dict__, "group_loan_service_cover": Decimal("0.85")})
    assert _met(figures, RULES_2019)["debt"] is False
    assert _met(figures, stricter)["debt"] is True
    signs = warning_signs({2021: figures}, {2021: COUNTRY}, rules=lambda year: stricter)
    assert signs[0].key_figures[3].limit == Decimal("0.9")


@pytest.mark.parametrize("bad", ["21.5", True, float("nan")])
def test_a_figure_that_is_not_a_number_is_refused(bad):
    with pytest.raises(ValueError, match="number"):
        key_figures(Figures(income_tax_rate=bad), COUNTRY, RULES_2019)
