"""The two indicators of the strategy's growth investments, computed from the register and
stored as observations through `observations_upsert` (the one storing path), source
"investments", in the organisation's own area, one value a year:

leverage effect ("vipuvaikutus")   (external funding + private investment) / the city's own,
                                   summed over the projects whose budget years include the year
investment calculations            the share (%) of those projects costing at least
  ("investointilaskelmat")         INVESTMENT_CALCULATION_THRESHOLD € (the city's own and the
                                   external funding) that have a calculation

A year without projects (or where the city puts in nothing, or no project reaches the
threshold) has no figure, and nothing is stored for it; a value stored before stays. The
values are example data if any project they are computed from is (the demo's register).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from mittaristo import finance
from mittaristo.core.periods import parse_period
from mittaristo.observations.models import Observation
from mittaristo.observations.services import ObservationRow, UpsertReport, observations_upsert
from mittaristo.strategy.models import Indicator, Strategy

from .models import Project

LEVERAGE = "vipuvaikutus"
CALCULATIONS = "investointilaskelmat"
SOURCE_REF = ""  # the source kind says it: "computed from the investment register"


@dataclass(frozen=True)
class YearFigures:
    """One year's figures and what they are computed from."""

    year: int
    projects: int  # whose budget years include the year
    city: Decimal
    external: Decimal
    private: Decimal
    leverage: Decimal | None  # two decimals
    above_threshold: int
    with_calculation: int  # of those above the threshold
    share: Decimal | None  # per cent, one decimal
    is_example: bool


def years_figures(*, organisation, years, threshold=None) -> list[YearFigures]:
    """The figures of each of `years` from the organisation's register (read once)."""
    threshold = Decimal(
        settings.INVESTMENT_CALCULATION_THRESHOLD if threshold is None else threshold
    )
    projects = list(
        Project.objects.filter(organisation=organisation).prefetch_related("cash_flows")
    )
    calculated = {p.pk for p in projects if p.has_calculation(list(p.cash_flows.all()))}
    return [
        _figures(
            [p for p in projects if p.first_year <= year <= p.last_year],
            year,
            threshold,
            calculated,
        )
        for year in years
    ]


def _figures(projects, year, threshold, calculated) -> YearFigures:
    city = sum((p.city_investment for p in projects), Decimal(0))
    external = sum((p.external_funding for p in projects), Decimal(0))
    private = sum((p.private_investment for p in projects), Decimal(0))
    ratio = finance.leverage(city, external, private) if projects else None
    above = [p for p in projects if p.total_investment >= threshold]
    done = [p for p in above if p.pk in calculated]
    share = Decimal(100) * len(done) / len(above) if above else None
    return YearFigures(
        year=year,
        projects=len(projects),
        city=city,
        external=external,
        private=private,
        leverage=None if ratio is None else Decimal(f"{ratio:.2f}"),
        above_threshold=len(above),
        with_calculation=len(done),
        share=None if share is None else share.quantize(Decimal("0.1")),
        is_example=any(p.is_example for p in projects),
    )


def register_years(organisation, *, until: int) -> list[int]:
    """Every year up to `until` that some project of the register is budgeted for: later
    years are plans, not the year's investments."""
    span = Project.objects.filter(organisation=organisation).aggregate(
        first=Min("first_year"), last=Max("last_year")
    )
    if span["first"] is None:
        return []
    return list(range(span["first"], min(span["last"], until) + 1))


class IndicatorMissing(Exception):
    """The strategy lacks an indicator these figures are stored as."""


@dataclass
class IndicatorsReport:
    figures: list[YearFigures]
    upsert: UpsertReport


@transaction.atomic
def investment_indicators_store(
    *, strategy: Strategy, years: list[int] | None = None, user=None
) -> IndicatorsReport:
    """Compute the figures of `years` (default: every year of the register up to this one) and
    store them as the strategy's two indicators' values."""
    indicators = dict(
        Indicator.objects.filter(strategy=strategy, code__in=[LEVERAGE, CALCULATIONS]).values_list(
            "code", "pk"
        )
    )
    missing = [code for code in (LEVERAGE, CALCULATIONS) if code not in indicators]
    if missing:
        raise IndicatorMissing(", ".join(missing))
    organisation = strategy.organisation
    if years is None:
        years = register_years(organisation, until=timezone.localdate().year)
    figures = years_figures(organisation=organisation, years=years)
    area = organisation.get_or_create_area()
    rows = []
    for found in figures:
        for code, value in ((LEVERAGE, found.leverage), (CALCULATIONS, found.share)):
            if value is not None:
                rows.append(
                    ObservationRow(
                        indicator_id=indicators[code],
                        area_id=area.pk,
                        period=parse_period(str(found.year)),
                        value=value,
                        status=Observation.Status.FINAL,
                        is_example=found.is_example,
                    )
                )
    upsert = UpsertReport()
    if rows:
        upsert = observations_upsert(
            rows=rows,
            source_kind=Observation.SourceKind.INVESTMENTS,
            source_ref=SOURCE_REF,
            user=user,
        )
    return IndicatorsReport(figures=figures, upsert=upsert)
