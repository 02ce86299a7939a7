"""The statutory warning signs as a page shows them: the pure code's criteria (English rules)
put in words by `Criterion.code` with gettext, with the values, limits and missing figures."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from mittaristo.core.formatting import number
from mittaristo.monitoring.finance_signs import finance_indicators, finance_signs
from mittaristo.sources.kuntatalous import UNCONFIRMED_FOR_WARNING_SIGNS
from mittaristo.strategy.models import Goal

FIELD_NAMES = {
    "group_annual_margin": lambda: _("the group's annual margin"),
    "group_depreciation": lambda: _("the group's depreciation"),
    "income_tax_rate": lambda: _("the income tax rate"),
    "group_loans_per_resident": lambda: _("the group's loans per resident"),
    "group_loans_and_leases_per_resident": lambda: _(
        "the group's loans and lease liabilities per resident"
    ),
    "group_relative_indebtedness": lambda: _("the group's relative indebtedness"),
    "group_loan_service_cover": lambda: _("the group's calculated loan-servicing cover"),
    "group_accumulated_surplus_per_resident": lambda: _(
        "the accumulated surplus (deficit) per resident in the group's balance sheet"
    ),
    "accumulated_surplus": lambda: _(
        "the accumulated surplus (deficit) in the municipality's balance sheet"
    ),
}
COUNTRY_NAMES = {
    "income_tax_rate": lambda: _("the weighted average income tax rate of all municipalities"),
    "group_loans_per_resident": lambda: _("all municipalities' groups' loans per resident"),
    "group_loans_and_leases_per_resident": lambda: _(
        "all municipalities' groups' loans and lease liabilities per resident"
    ),
}


def rule_text(criterion, rules) -> str:
    """The rule of one criterion in the reader's language, with its limit."""
    code = criterion.code
    if code == "annual_margin":
        if rules.margin == "negative":
            return _("The group's annual margin is negative")
        return _("The group's annual margin is under %(limit)s %% of its depreciation") % {
            "limit": number(rules.margin_ratio)
        }
    if code == "tax_rate":
        if rules.tax_points == 1:
            return _(
                "The income tax rate is at least one percentage point above the weighted "
                "average of all municipalities"
            )
        return _(
            "The income tax rate is at least %(points)s percentage points above the weighted "
            "average of all municipalities"
        ) % {"points": number(rules.tax_points)}
    if code == "loans":
        what = {"excess": number(100 * rules.loans_excess)}
        if rules.loans == "loans":
            return (
                _(
                    "The group's loans per resident exceed the average of all municipalities' "
                    "groups by at least %(excess)s %%"
                )
                % what
            )
        return (
            _(
                "The group's loans and lease liabilities per resident exceed the average of all "
                "municipalities' groups by at least %(excess)s %%"
            )
            % what
        )
    if code == "debt":
        if rules.debt == "relative_indebtedness":
            return _("The group's relative indebtedness is at least %(limit)s %%") % {
                "limit": number(rules.debt_limit)
            }
        return _("The group's calculated loan-servicing cover is under %(limit)s") % {
            "limit": number(rules.debt_limit)
        }
    if code == "deficit":
        return _(
            "The deficit per resident in the group's balance sheet is at least %(limit)s € this "
            "year"
        ) % {"limit": number(rules.deficit_latest)}
    if code == "deficit_previous":
        return _(
            "The deficit per resident in the group's balance sheet is at least %(limit)s € the "
            "year before"
        ) % {"limit": number(rules.deficit_previous)}
    return _(
        "The deficit in the municipality's balance sheet was not covered by the deadline of "
        "110 § 3 mom. (four years from the beginning of the year after the statements were "
        "approved)"
    )


def met_text(met) -> str:
    if met is None:
        return _("cannot tell")
    return _("met") if met else _("not met")


def missing_text(missing) -> str:
    names = []
    for whose, name, offset in missing:
        label = (COUNTRY_NAMES if whose == "country" else FIELD_NAMES)[name]()
        if offset:
            label = _("%(figure)s of the year before") % {"figure": label}
        names.append(label)
    return _("Missing: %(figures)s.") % {"figures": "; ".join(names)} if names else ""


def unconfirmed_text() -> str:
    """The figures not fetched because no open-data table of them is confirmed
    (sources/kuntatalous.SIGN_SOURCES), in words: their criteria are "cannot tell"."""
    names = [FIELD_NAMES[name]() for name in UNCONFIRMED_FOR_WARNING_SIGNS]
    if not names:
        return ""
    return _(
        "Not fetched, because no open-data table of them has been confirmed yet: %(figures)s. "
        "A criterion that needs one of them is “cannot tell”."
    ) % {"figures": "; ".join(names)}


@dataclass(frozen=True)
class Row:
    rule: str
    section: str
    value: str
    limit: str
    met: str
    met_flag: bool | None
    missing: str


def _shown(value) -> str:
    """A value with at most two decimals (a ratio such as 100 × 2 / 3 % would have many);
    the comparison itself was exact."""
    if value.as_tuple().exponent < -2:
        value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return number(value)


def _row(criterion, rules, missing) -> Row:
    limit = number(criterion.limit) if criterion.limit is not None else _("no figure")
    if criterion.code == "deficit_not_covered" and criterion.limit is None:
        limit = "" if criterion.met is False else limit  # no deficit: no deadline
    elif criterion.code == "deficit_not_covered":
        # The 110 a § extension is two years more (finance.warning_signs' defaults, 4 and 6).
        limit = _("by the statements of %(year)s (%(extended)s if extended under 110 a §)") % {
            "year": int(criterion.limit),
            "extended": int(criterion.limit) + 2,
        }
    return Row(
        rule=rule_text(criterion, rules),
        section=criterion.section,
        value=_shown(criterion.value) if criterion.value is not None else _("no figure"),
        limit=limit,
        met=met_text(criterion.met),
        met_flag=criterion.met,
        missing=missing_text(missing.get(criterion.code, [])),
    )


def finance_sign_years(strategy, *, known_on=None) -> list[dict]:
    """One dict per year, newest first, for web/_finance_signs.html."""
    found = finance_signs(strategy, known_on=known_on)
    years = []
    for year_row in reversed(found.years):
        signs, missing = year_row.signs, year_row.missing
        years.append(
            {
                "year": signs.year,
                "law": signs.rules.law,
                "confirmed": signs.rules.confirmed,
                "rows": [_row(c, signs.rules, missing) for c in signs.key_figures],
                "two_years_running": met_text(signs.two_years_running),
                "deficit_rows": [_row(c, signs.rules, missing) for c in signs.deficit],
                "deficit_met": met_text(signs.deficit_met),
                "not_covered": _row(signs.deficit_not_covered, signs.rules, missing),
                "possible": met_text(signs.procedure_possible),
            }
        )
    return years


def shows_finance_signs(strategy, goal_code: str) -> bool:
    """Whether the goal's aim has an indicator that gives a figure of the warning signs."""
    ids = {i.pk for i in finance_indicators(strategy).values()}
    return (
        bool(ids)
        and Goal.objects.filter(
            aim__goals__code=goal_code,
            aim__strategy=strategy,
            indicators__pk__in=ids,
        ).exists()
    )
