"""The statutory warning signs (kuntalaki 110 § and 118 §) of a municipality, from the values
stored for its strategy's finance indicators, for the economy aim's page.

Which indicator holds which figure is read from its open-data binding: an indicator bound to a
key figure of "Kuntien avainluvut" that the warning signs use (`kuntatalous.FOR_WARNING_SIGNS`,
today the group's loans per resident, M495) gives that figure, in the municipality and, from
the values stored for the whole country, the country's figure it is compared with. The rest of
the criteria's figures have no confirmed table yet (`kuntatalous.SIGN_SOURCES`, docs/finance.md)
and are not fetched: their criteria stay "cannot tell", and `FinanceSigns.missing` names them.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from mittaristo.core.models import Area
from mittaristo.core.periods import PeriodKind
from mittaristo.finance import CountryFigures, Figures, YearSigns, warning_signs
from mittaristo.observations.models import Observation
from mittaristo.sources import kuntatalous
from mittaristo.strategy.models import Indicator

# Every figure the criteria read: (field of Figures or CountryFigures, whose, what).
MUNICIPAL_FIELDS = tuple(Figures.__dataclass_fields__)
COUNTRY_FIELDS = tuple(CountryFigures.__dataclass_fields__)


# The figures each criterion reads, by its code and the rules' choice: (whose, field, year
# offset), whose "municipality" or "country", offset -1 for the year before.
def needed(code: str, rules) -> list[tuple[str, str, int]]:
    if code == "annual_margin":
        if rules.margin == "negative":
            return [("municipality", "group_annual_margin", 0)]
        return [
            ("municipality", "group_annual_margin", 0),
            ("municipality", "group_depreciation", 0),
        ]
    if code == "tax_rate":
        return [("municipality", "income_tax_rate", 0), ("country", "income_tax_rate", 0)]
    if code == "loans":
        name = (
            "group_loans_per_resident"
            if rules.loans == "loans"
            else ("group_loans_and_leases_per_resident")
        )
        return [("municipality", name, 0), ("country", name, 0)]
    if code == "debt":
        name = (
            "group_relative_indebtedness"
            if rules.debt == "relative_indebtedness"
            else "group_loan_service_cover"
        )
        return [("municipality", name, 0)]
    if code == "deficit":
        return [("municipality", "group_accumulated_surplus_per_resident", 0)]
    if code == "deficit_previous":
        return [("municipality", "group_accumulated_surplus_per_resident", -1)]
    return [("municipality", "accumulated_surplus", 0)]


@dataclass(frozen=True)
class YearRow:
    signs: YearSigns
    missing: dict[str, list[tuple[str, str, int]]]  # criterion code → the figures it lacks


@dataclass(frozen=True)
class FinanceSigns:
    years: list[YearRow]  # oldest first; only the years the municipality has a figure
    sources: dict[str, Indicator]  # field → the indicator that gave it
    missing: list[str] = field(default_factory=list)  # fields of Figures with no indicator
    missing_country: list[str] = field(default_factory=list)  # fields of CountryFigures


def finance_indicators(strategy) -> dict[str, Indicator]:
    """The strategy's indicators that hold a figure of the warning signs, by field of Figures.

    An indicator is taken when its binding is a query of "Kuntien avainluvut" for exactly one
    key figure the warning signs use (found by the figure's code in the recorded edition)."""
    by_code = {
        kuntatalous.BY_KEY[key].code: name for key, name in kuntatalous.FOR_WARNING_SIGNS.items()
    }
    found = {}
    for indicator in Indicator.objects.filter(strategy=strategy).order_by("code"):
        binding = indicator.binding or {}
        contents = binding.get("contents") or []
        if binding.get("source") != "kuntien_avainluvut" or len(contents) != 1:
            continue
        name = by_code.get(str(contents[0]))
        if name is not None and name not in found:
            found[name] = indicator
    return found


def _yearly(indicator, area, known_on=None) -> dict[int, Decimal]:
    values = Observation.objects
    rows = (
        (values.current() if known_on is None else values.known_on(known_on))
        # Example values are left out: a statutory criterion is not judged on invented figures.
        .filter(
            indicator_id=indicator.data_id,  # a bound indicator's: its national series'
            area=area,
            breakdown="",
            period_kind=PeriodKind.YEAR,
            is_example=False,
        )
        .exclude(value__isnull=True)
        .values_list("period", "value")
    )
    return {int(period): value for period, value in rows}


def finance_signs(strategy, *, known_on=None) -> FinanceSigns:
    """The warning signs of the strategy's own municipality, every year it has a figure: from
    the current values, or from those known at `known_on` (a published round's moment)."""
    indicators = finance_indicators(strategy)
    area = strategy.organisation.area
    country = Area.objects.filter(kind=Area.Kind.COUNTRY).first()
    municipal: dict[int, dict] = {}
    national: dict[int, dict] = {}
    for name, indicator in indicators.items():
        if area.pk is not None:
            for year, value in _yearly(indicator, area, known_on).items():
                municipal.setdefault(year, {})[name] = value
        if country is not None and name in COUNTRY_FIELDS:
            for year, value in _yearly(indicator, country, known_on).items():
                national.setdefault(year, {})[name] = value
    years = warning_signs(
        {y: Figures(**f) for y, f in municipal.items()},
        {y: CountryFigures(**f) for y, f in national.items()},
    )
    rows = []
    for signs in years:
        have = {"municipality": municipal, "country": national}
        missing = {}
        for criterion in (*signs.key_figures, *signs.deficit, signs.deficit_not_covered):
            if criterion.met is not None:
                continue
            missing[criterion.code] = [
                (whose, name, offset)
                for whose, name, offset in needed(criterion.code, signs.rules)
                if name not in have[whose].get(signs.year + offset, {})
            ]
        rows.append(YearRow(signs, missing))
    return FinanceSigns(
        years=rows,
        sources=indicators,
        missing=[f for f in MUNICIPAL_FIELDS if f not in indicators],
        missing_country=[f for f in COUNTRY_FIELDS if f not in indicators],
    )
