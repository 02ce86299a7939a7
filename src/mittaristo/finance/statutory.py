"""The statutory warning signs of a municipality's economy: the Local Government Act
(kuntalaki 410/2015) 110 § (a deficit in the balance sheet must be covered in time) and 118 §
(the evaluation procedure for a municipality in a particularly difficult financial position,
"kriisikuntamenettely"), computed year by year from the municipality's and the country's
figures.

What the law says, and how sure we are of it (docs/finance.md has the sources):

110 § 3 mom. A deficit in the municipality's own balance sheet (not the group's) must be
covered within four years from the beginning of the year after the year in which the
financial statements were approved. The statements of year N are approved in N + 1, so a
deficit shown in N must be gone from the statements of N + 5. The temporary 110 a § (law
883/2020, in force to the end of 2025) let the Ministry of Finance extend this to six years on
the municipality's application for difficulties caused by the covid-19 epidemic (N + 7). Read
from the text of law 883/2020 and the Ministry's 2020 consultation, which quotes 110 § 3 mom.
as then in force. Law 419/2021 (in force 26.5.2021) amended 110 § 3 mom. (the plan's balance
may count the surplus expected for the budget year; mergers); the four years were kept.

118 § 2–3 mom. The procedure may start (the Ministry decides; meeting a criterion starts
nothing by itself) if (a) the deficit was not covered within the 110 § deadline, or (b) the
deficit per resident in the group's balance sheet is at least 1,000 € in the latest year and
at least 500 € in the year before, or (c) the group's key figures met *every* one of the
criteria below in each of two years running. The criteria of (c):

- law 410/2015 as enacted (applied to the statements up to 2020): the group's annual margin
  is negative; the income tax rate is at least 1 percentage point above the weighted average
  of all municipalities; the group's loans per resident exceed the average of all
  municipalities' groups by at least 50 %; the group's relative indebtedness is at least 50 %.
- law 175/2019 (in force 1.3.2019, applied first in 2022 to the statements of 2020 and 2021):
  the group's annual margin is under 80 % of its depreciation; the income tax rate is at least
  2.0 points above the weighted average; the group's loans and lease liabilities per resident
  exceed the average of all groups by at least 50 %; the group's calculated loan-servicing
  cover is under 0.8.

The criteria and limits were read from the Association of Finnish Municipalities' and the
Ministry of Finance's summaries of the law (the law's own text was not available offline),
which agree with each other and with the government proposal HE 280/2018. **Not confirmed**:
any change made with the 2023 health and social services reform (the income tax rates fell by
12.64 points in 2023) or transitional provisions for the statements of 2023 and later; for
those years the 175/2019 criteria are applied and marked unconfirmed; what law 1368/2019
changed in 118 § was not established either. The loan-servicing cover and the relative
indebtedness are read as published, not computed here. Every limit is a field
of `Rules`, so a confirmed change is a new `Rules`, not a code change; `rules_for(year)` is
the one place that says which apply.

Figures are given as Decimal, int or float, per resident where the law speaks per resident,
percentages as percentages (21.5 for 21.5 %), and are compared as given (no rounding), in
decimal arithmetic; values and limits come back as Decimals.
A figure that is missing makes its criterion's `met` None ("cannot tell"), never False.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

Number = Decimal | float | int


@dataclass(frozen=True)
class Figures:
    """A municipality's figures of one year (from its and its group's financial statements).

    Per resident: euros per resident at the end of the year. A deficit is negative: the
    statistics' "accumulated surplus (deficit)" as it is published.
    """

    group_annual_margin: Number | None = None  # konsernin vuosikate, € (or €/resident)
    group_depreciation: Number | None = None  # konsernin poistot ja arvonalentumiset, same unit
    income_tax_rate: Number | None = None  # kunnan tuloveroprosentti, %
    group_loans_per_resident: Number | None = None  # konsernin lainakanta, €/resident
    group_loans_and_leases_per_resident: Number | None = None  # lainat ja vuokravastuut, €/res.
    group_relative_indebtedness: Number | None = None  # suhteellinen velkaantuneisuus, %
    group_loan_service_cover: Number | None = None  # laskennallinen lainanhoitokate, as published
    group_accumulated_surplus_per_resident: Number | None = None  # konsernitase, €/resident
    accumulated_surplus: Number | None = None  # the municipality's own balance sheet, €


@dataclass(frozen=True)
class CountryFigures:
    """The whole country's figures of one year, as the criteria compare with them."""

    income_tax_rate: Number | None = None  # the weighted average of all municipalities, %
    group_loans_per_resident: Number | None = None  # all groups' loans ÷ all residents
    group_loans_and_leases_per_resident: Number | None = None


@dataclass(frozen=True)
class Rules:
    """The criteria of 118 § 3 mom. in one version of the law, with their limits."""

    law: str  # "410/2015", "175/2019"
    confirmed: bool  # whether these rules are known to apply to the year they are used for
    margin: str  # "negative": annual margin < 0; "depreciation": margin / depreciation < limit
    margin_ratio: Decimal  # % of depreciation (used with "depreciation")
    tax_points: Decimal  # points above the weighted average (at least)
    loans: str  # "loans" or "loans_and_leases"
    loans_excess: Decimal  # share above the average (at least): 0.5 for 50 %
    debt: str  # "relative_indebtedness" (at least the limit) or "loan_service_cover" (under it)
    debt_limit: Decimal
    deficit_latest: Decimal = Decimal(1000)  # €/resident, at least, in the latest year
    deficit_previous: Decimal = Decimal(500)  # €/resident, at least, in the year before
    note: str = ""


RULES_2015 = Rules(
    law="410/2015",
    confirmed=True,
    margin="negative",
    margin_ratio=Decimal(0),
    tax_points=Decimal(1),
    loans="loans",
    loans_excess=Decimal("0.5"),
    debt="relative_indebtedness",
    debt_limit=Decimal(50),
)
RULES_2019 = Rules(
    law="175/2019",
    confirmed=True,
    margin="depreciation",
    margin_ratio=Decimal(80),
    tax_points=Decimal("2.0"),
    loans="loans_and_leases",
    loans_excess=Decimal("0.5"),
    debt="loan_service_cover",
    debt_limit=Decimal("0.8"),
)
UNCONFIRMED_FROM = 2023
UNCONFIRMED_NOTE = (
    "Changes with the 2023 health and social services reform and any transitional provisions "
    "for these years were not confirmed from the law's text; the criteria of law 175/2019 are "
    "applied."
)


def rules_for(year: int) -> Rules:
    """The criteria that apply when `year` is the latest year of the statements compared.

    175/2019 applies first to the statements of 2020 and 2021 (the procedure of 2022), so from
    2021 on; before that the law as enacted in 2015. From 2023 on: 175/2019, not confirmed.
    """
    if year <= 2020:
        return RULES_2015
    if year >= UNCONFIRMED_FROM:
        return replace(RULES_2019, confirmed=False, note=UNCONFIRMED_NOTE)
    return RULES_2019


@dataclass(frozen=True)
class Criterion:
    """One criterion in one year: the rule in words, the value, the limit, whether it is met."""

    code: str  # "annual_margin", "tax_rate", "loans", "debt", "deficit", "deficit_not_covered"
    section: str  # "kuntalaki 118 § 3 mom. 1 k. (175/2019)"
    rule: str  # the rule in words, in English; pages translate it by `code`
    value: Decimal | None  # a deficit as a positive amount
    limit: Decimal | None  # for "deficit_not_covered": the deadline year
    met: bool | None  # None: a figure is missing


@dataclass(frozen=True)
class YearSigns:
    """The warning signs of one year (the latest year of the statements compared)."""

    year: int
    rules: Rules
    key_figures: tuple[Criterion, ...]  # 118 § 3 mom. 1–4, this year
    previous_key_figures: tuple[Criterion, ...]  # the same rules over the year before
    two_years_running: bool | None  # every key figure met in this year and the year before
    deficit: tuple[Criterion, Criterion]  # 118 § 3 mom.: the group's deficit, this year and last
    deficit_not_covered: Criterion  # 118 § 2 mom. with 110 § 3 mom.

    @property
    def deficit_met(self) -> bool | None:
        """Both deficit limits met (this year and the year before)."""
        return _all_met(self.deficit)

    @property
    def procedure_possible(self) -> bool | None:
        """Whether any ground of 118 § for the procedure is met (None: cannot tell)."""
        grounds = [self.two_years_running, self.deficit_met, self.deficit_not_covered.met]
        if any(g is True for g in grounds):
            return True
        return None if any(g is None for g in grounds) else False


def _n(value: Decimal) -> str:
    """A limit in words: 80, 2, 0.8, 1000 (no trailing zeros, no exponent)."""
    return f"{value.normalize():f}"


def _d(value: Number | None) -> Decimal | None:
    """A figure as a Decimal: a float by its shortest form (21.97 stays 21.97), so that a
    figure exactly at a limit is judged exactly."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float):
        raise ValueError(f"not a number: {value!r}")
    number = value if isinstance(value, Decimal) else Decimal(repr(value))
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return number


def key_figures(figures: Figures | None, country: CountryFigures | None, rules: Rules):
    """The four criteria of 118 § 3 mom. for one year's figures under `rules`."""
    f = figures or Figures()
    c = country or CountryFigures()
    section = f"kuntalaki 118 § 3 mom. ({rules.law})"
    criteria = []

    margin, depreciation = _d(f.group_annual_margin), _d(f.group_depreciation)
    if rules.margin == "negative":
        met = None if margin is None else margin < 0
        criteria.append(
            Criterion(
                "annual_margin",
                section,
                "The group's annual margin is negative",
                margin,
                Decimal(0),
                met,
            )
        )
    else:
        ratio = None
        if margin is not None and depreciation:
            ratio = 100 * margin / depreciation
        criteria.append(
            Criterion(
                "annual_margin",
                section,
                f"The group's annual margin is under {_n(rules.margin_ratio)} % of its "
                "depreciation",
                ratio,
                rules.margin_ratio,
                None if ratio is None else ratio < rules.margin_ratio,
            )
        )

    rate, average = _d(f.income_tax_rate), _d(c.income_tax_rate)
    limit = None if average is None else average + rules.tax_points
    criteria.append(
        Criterion(
            "tax_rate",
            section,
            f"The income tax rate is at least {_n(rules.tax_points)} "
            f"percentage point{'' if rules.tax_points == 1 else 's'} above the weighted average "
            "of all municipalities",
            rate,
            limit,
            None if rate is None or limit is None else rate >= limit,
        )
    )

    if rules.loans == "loans":
        loans, national = _d(f.group_loans_per_resident), _d(c.group_loans_per_resident)
        what = "loans"
    else:
        loans = _d(f.group_loans_and_leases_per_resident)
        national = _d(c.group_loans_and_leases_per_resident)
        what = "loans and lease liabilities"
    limit = None if national is None else national * (1 + rules.loans_excess)
    criteria.append(
        Criterion(
            "loans",
            section,
            f"The group's {what} per resident exceed the average of all municipalities' groups "
            f"by at least {_n(100 * rules.loans_excess)} %",
            loans,
            limit,
            None if loans is None or limit is None else loans >= limit,
        )
    )

    if rules.debt == "relative_indebtedness":
        value = _d(f.group_relative_indebtedness)
        rule = f"The group's relative indebtedness is at least {_n(rules.debt_limit)} %"
        met = None if value is None else value >= rules.debt_limit
    else:
        value = _d(f.group_loan_service_cover)
        rule = f"The group's calculated loan-servicing cover is under {_n(rules.debt_limit)}"
        met = None if value is None else value < rules.debt_limit
    criteria.append(Criterion("debt", section, rule, value, rules.debt_limit, met))
    return tuple(criteria)


def _all_met(criteria) -> bool | None:
    if any(c.met is False for c in criteria):
        return False
    return None if any(c.met is None for c in criteria) else True


def _deficit(latest: Figures | None, previous: Figures | None, rules: Rules):
    """118 § 3 mom.: the group's deficit per resident this year and the year before."""
    section = f"kuntalaki 118 § 3 mom. ({rules.law})"
    now = _d((latest or Figures()).group_accumulated_surplus_per_resident)
    before = _d((previous or Figures()).group_accumulated_surplus_per_resident)
    criteria = []
    for code, surplus, limit, when in (
        ("deficit", now, rules.deficit_latest, "this year"),
        ("deficit_previous", before, rules.deficit_previous, "the year before"),
    ):
        deficit = None if surplus is None else -surplus
        criteria.append(
            Criterion(
                code,
                section,
                f"The deficit per resident in the group's balance sheet is at least {_n(limit)} € "
                f"{when}",
                deficit,
                limit,
                None if deficit is None else deficit >= limit,
            )
        )
    return tuple(criteria)


@dataclass(frozen=True)
class Coverage:
    """110 § 3 mom. in one year: the deficit, since when, and by when it must be covered."""

    year: int
    surplus: Decimal | None  # the municipality's accumulated surplus (negative: a deficit), €
    deficit_since: int | None  # the first year of the unbroken run of deficits up to this year
    deadline: int | None  # the last year whose statements may still show that deficit
    extended_deadline: int | None  # the same with 110 a § (covid-19, on application)
    overdue: bool | None  # a deficit this year, past the (ordinary) deadline


def deficit_coverage(
    surplus: Mapping[int, Number | None],
    *,
    years_to_cover: int = 4,
    extended_years: int = 6,
    extension_granted: bool = False,
) -> dict[int, Coverage]:
    """110 § 3 mom. year by year from the municipality's accumulated surplus (deficit < 0).

    A deficit in the statements of year N is to be covered from the beginning of N + 2 (the
    statements are approved in N + 1) within `years_to_cover` years: by the statements of
    N + 1 + years_to_cover (N + 5). The count starts from the first year of an unbroken run
    of deficit years (a deficit that is covered and comes back starts a new count). A year
    whose figure is missing breaks nothing and tells nothing (`overdue` None). Whether the
    Ministry granted the 110 a § extension is not in the figures: `extension_granted` says so,
    and `overdue` then counts from the extended deadline.
    """
    result = {}
    since = None
    for year in sorted(surplus):
        value = _d(surplus[year])
        if value is None:
            result[year] = Coverage(year, None, since, None, None, None)
            continue
        if value >= 0:
            since = None
            result[year] = Coverage(year, value, None, None, None, False)
            continue
        if since is None:
            since = year
        deadline = since + 1 + years_to_cover
        extended = since + 1 + extended_years
        due = extended if extension_granted else deadline
        result[year] = Coverage(year, value, since, deadline, extended, year > due)
    return result


def _not_covered(coverage: Coverage | None) -> Criterion:
    section = "kuntalaki 118 § 2 mom., 110 § 3 mom."
    if coverage is None:
        return Criterion(
            "deficit_not_covered",
            section,
            "The deficit in the municipality's balance sheet was not covered in time",
            None,
            None,
            None,
        )
    rule = "The deficit in the municipality's balance sheet was not covered in time"
    if coverage.deadline is not None:
        rule = (
            f"The deficit in the municipality's balance sheet since {coverage.deficit_since} "
            f"was to be covered by the statements of {coverage.deadline} "
            f"({coverage.extended_deadline} if extended under 110 a §)"
        )
    deficit = None if coverage.surplus is None else max(-coverage.surplus, Decimal(0))
    return Criterion(
        "deficit_not_covered",
        section,
        rule,
        deficit,
        None if coverage.deadline is None else Decimal(coverage.deadline),
        coverage.overdue,
    )


def warning_signs(
    municipality: Mapping[int, Figures],
    country: Mapping[int, CountryFigures],
    *,
    rules: Callable[[int], Rules] = rules_for,
    years_to_cover: int = 4,
    extended_years: int = 6,
    extension_granted: bool = False,
) -> list[YearSigns]:
    """Every year's warning signs, oldest first, for each year the municipality has figures.

    Each year is judged under the rules that apply when it is the latest year compared
    (`rules(year)`), and the year before is judged under the same rules for "two years
    running", as the procedure compares two statements under one law.
    """
    coverage = deficit_coverage(
        {y: f.accumulated_surplus for y, f in municipality.items()},
        years_to_cover=years_to_cover,
        extended_years=extended_years,
        extension_granted=extension_granted,
    )
    signs = []
    for year in sorted(municipality):
        applied = rules(year)
        now = key_figures(municipality.get(year), country.get(year), applied)
        before = key_figures(municipality.get(year - 1), country.get(year - 1), applied)
        running = _all_met(now + before)
        signs.append(
            YearSigns(
                year=year,
                rules=applied,
                key_figures=now,
                previous_key_figures=before,
                two_years_running=running,
                deficit=_deficit(municipality.get(year), municipality.get(year - 1), applied),
                deficit_not_covered=_not_covered(coverage.get(year)),
            )
        )
    return signs
