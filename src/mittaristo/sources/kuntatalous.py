"""The municipal finance key figures (kuntatalouden tunnusluvut) of every municipality from
Statistics Finland's "Kuntien avainluvut" (key figures of municipalities) in PxWeb.

The table has one edition a year (`2017/kuntien_avainluvut_2017_aikasarja.px`, …) and names
its figures by codes (M499, M496, M495) that are not promised to stay; so a figure is found by
its label in the table's own metadata ("Vuosikate, euroa/asukas"), with the code of the
recorded 2017 edition as a fallback, and a figure the table lacks is named, not guessed.
`find_figures`, `query`, `parse` and `revisions` are pure; `fetch` does the HTTP (through
`pxweb`, which throttles and retries).

Financial statements are revised: the spring's figures come from statements not yet audited
(ennakkotiedot), the autumn's from the audited ones. Every value carries the table's
last-updated date as its vintage (as every PxWeb value does) and whether the table marks it
preliminary (`pxweb.is_preliminary`); stored through the one storing path, an audited figure
that differs, or the same figure no longer marked preliminary, becomes a new version and the
preliminary one is kept in the history (tests/sources/test_kuntatalous.py).
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from mittaristo.finance import CountryFigures, Figures

from .areas import COUNTRY, area_key
from .http import Client, SourceError
from .pxweb import BASE_URL, PxQuery, build_selection, find_variable, query_body, split
from .pxweb import parse as parse_px

DATABASE = "Kuntien_avainluvut"
TABLE = "2017/kuntien_avainluvut_2017_aikasarja.px"  # the recorded edition: update yearly
LICENCE = "CC BY 4.0"
ATTRIBUTION = "Tilastokeskus / Statistics Finland"


@dataclass(frozen=True)
class Figure:
    key: str  # our name
    label: str  # the label in the table's "Tiedot", Finnish, as in the 2017 edition
    code: str  # the code in the 2017 edition (a fallback: codes may change)
    unit: str
    group: bool  # a figure of the municipal group (konserni), not the municipality alone


FIGURES = (
    Figure("annual_margin_per_resident", "Vuosikate, euroa/asukas", "M499", "€/resident", False),
    Figure("loans_per_resident", "Lainakanta, euroa/asukas", "M496", "€/resident", False),
    Figure(
        "group_loans_per_resident",
        "Konsernin lainakanta euroa/asukas",
        "M495",
        "€/resident",
        True,
    ),
    Figure("population", "Väkiluku", "M411", "residents", False),
)
BY_KEY = {f.key: f for f in FIGURES}

# Figures the issue and the warning signs of kuntalaki 118 § need that "Kuntien avainluvut"
# does not hold (2017 edition): they are in Statistics Finland's municipal finance statistics
# (Kuntien talous ja toiminta / kuntatalous), whose table ids were not established offline.
NOT_IN_KEY_FIGURES = (
    "operating_margin",  # toimintakate
    "depreciation",  # poistot ja arvonalentumiset
    "investments",  # investointien omahankintameno
    "accumulated_surplus",  # kertynyt ylijäämä (alijäämä)
    "group_accumulated_surplus_per_resident",
    "group_loans_and_leases_per_resident",  # lainat ja vuokravastuut
    "group_relative_indebtedness",  # suhteellinen velkaantuneisuus
    "group_loan_service_cover",  # laskennallinen lainanhoitokate
    "income_tax_rate",  # tuloveroprosentti (published apart, yearly)
)


def _norm(text: str) -> str:
    """A label compared without case, punctuation or spacing: "Konsernin lainakanta, euroa /
    asukas" is "Konsernin lainakanta euroa/asukas"."""
    return re.sub(r"[\s,.;:()/-]+", "", text.lower())


def find_figures(metadata: dict, keys=None) -> tuple[dict[str, str], list[str]]:
    """The table's content code of each wanted figure, and the figures it lacks. Pure.

    A figure is found by its label first, then by the 2017 edition's code where that code's
    label still matches the figure's (a code reused for another figure is not taken).
    """
    variable = find_variable(metadata, "metric")
    if variable is None:
        raise SourceError("the table has no content variable (Tiedot)")
    labels = dict(zip(variable["values"], variable["valueTexts"], strict=False))
    by_label = {_norm(text): code for code, text in labels.items()}
    found, missing = {}, []
    for key in keys or BY_KEY:
        figure = BY_KEY.get(key)
        if figure is None:
            raise SourceError(f"no finance figure {key!r}; known: {', '.join(BY_KEY)}")
        code = by_label.get(_norm(figure.label))
        if code is None and figure.code in labels:
            code = figure.code if _norm(labels[figure.code]) == _norm(figure.label) else None
        if code is None:
            missing.append(key)
        else:
            found[key] = code
    return found, missing


def query(
    metadata: dict, *, keys=None, areas=None, since=None, table: str = TABLE, database=DATABASE
):
    """The PxWeb query for these figures, areas (None: all) and years; refused if the table
    lacks a figure asked for. Pure."""
    found, missing = find_figures(metadata, keys)
    if missing and keys is not None:
        raise SourceError(f"table {table}: no figure {', '.join(missing)} in its contents")
    return PxQuery(
        database=database,
        table=table,
        contents=list(found.values()),
        areas=areas,
        since=since,
    ), found


@dataclass(frozen=True)
class Value:
    """One figure of one area and year as the table gave it."""

    area: tuple[str, str]  # ("municipality", "111"), ("region", "07"), ("country", "SSS")
    area_label: str
    year: int
    figure: str  # a key of FIGURES
    value: Decimal | None  # None: the table marks it missing
    vintage: dt.date | None  # the table's last-updated date
    preliminary: bool


def _vintage(updated: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(updated.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def parse(payload, *, found: dict[str, str], table: str = TABLE, selection=None) -> list[Value]:
    """The values of one JSON-stat2 answer, by figure key (`found`: key → content code). Pure.

    Areas we do not keep (sub-regions) are left out; a value that is text is refused (pxweb).
    """
    rows, updated = parse_px(payload, table=table, selection=selection)
    figure_of = {code: key for key, code in found.items()}
    vintage = _vintage(updated)
    values = []
    for row in rows:
        area = area_key(row.area)
        if area is None:
            continue
        codes = [c for c in row.breakdown.values() if c in figure_of]
        if len(codes) != 1:
            raise SourceError(f"table {table}: a cell of {row.area} {row.period} has no figure")
        try:
            year = int(row.period)
        except ValueError:
            raise SourceError(f"table {table}: {row.period!r} is not a year") from None
        values.append(
            Value(
                area=area,
                area_label=row.area_label,
                year=year,
                figure=figure_of[codes[0]],
                value=None if row.value is None else Decimal(repr(row.value)),
                vintage=vintage,
                preliminary=row.preliminary,
            )
        )
    return values


@dataclass(frozen=True)
class Revision:
    area: tuple[str, str]
    year: int
    figure: str
    before: Decimal | None
    after: Decimal | None
    was_preliminary: bool
    is_preliminary: bool


def revisions(before: list[Value], after: list[Value]) -> list[Revision]:
    """What a later release changed: the values whose figure or preliminary mark differ
    (an audited figure replacing a preliminary one), in area, year and figure order. Pure."""
    old = {(v.area, v.year, v.figure): v for v in before}
    changed = []
    for new in after:
        key = (new.area, new.year, new.figure)
        was = old.get(key)
        if was is None or (was.value, was.preliminary) == (new.value, new.preliminary):
            continue
        changed.append(
            Revision(
                area=new.area,
                year=new.year,
                figure=new.figure,
                before=was.value,
                after=new.value,
                was_preliminary=was.preliminary,
                is_preliminary=new.preliminary,
            )
        )
    return sorted(changed, key=lambda r: (r.area, r.year, r.figure))


def fetch(
    *,
    client: Client,
    keys=None,
    areas=None,
    since=None,
    table: str = TABLE,
    base_url: str = BASE_URL,
    database: str = DATABASE,
) -> tuple[list[Value], list]:
    """GET the table's metadata, POST the query in parts, parse every answer: the values and
    the requests made (for provenance)."""
    url = f"{base_url}/{database}/{table}"
    metadata = client.json("GET", url)
    if not isinstance(metadata, dict) or "variables" not in metadata:
        raise SourceError(f"GET {url}: not a table's metadata")
    px, found = query(metadata, keys=keys, areas=areas, since=since, table=table, database=database)
    selection = build_selection(metadata, px)
    values, requests = [], [("GET", url, None)]
    for part in split(selection):
        body = query_body(part)
        payload = client.json("POST", url, body=body)
        values.extend(parse(payload, found=found, table=table, selection=part))
        requests.append(("POST", url, body))
    return values, requests


@dataclass(frozen=True)
class SignSource:
    """Where one figure of the warning signs (kuntalaki 118 §, mittaristo.finance.statutory)
    is fetched from: the one place that names the tables."""

    field: str  # the field of finance.Figures (and of finance.CountryFigures, if `country`)
    country: bool  # the whole country's figure is needed too (the average compared with)
    figure: str | None  # a key of FIGURES when its table is confirmed; None: not fetched
    table: str | None  # the PxWeb table (database/table) it is fetched from; None: unknown
    where: str  # where it is published, and why it is not fetched (docs/data-sources.md)

    @property
    def confirmed(self) -> bool:
        return self.figure is not None and self.table is not None


_UNKNOWN = "Kuntien talous ja toiminta (municipal finance statistics); table id not established"
# Every figure the criteria read, in the order of finance.Figures. Only a figure whose table and
# content are confirmed from recorded metadata is fetched; the rest are named here, stay out of
# the fetch, and their criteria are "cannot tell" (docs/data-sources.md, docs/finance.md).
SIGN_SOURCES = (
    SignSource(
        "group_annual_margin",
        False,
        None,
        None,
        f"{_UNKNOWN} (the groups' statements). Sotkanet 465 'Vuosikate, % poistoista' is the "
        "municipality's own, not its group's",
    ),
    SignSource("group_depreciation", False, None, None, f"{_UNKNOWN} (the groups' statements)"),
    SignSource(
        "income_tax_rate",
        True,
        None,
        None,
        "Statistics Finland's and the Tax Administration's yearly tax-rate tables (the "
        "weighted average too); table id not established",
    ),
    SignSource(
        "group_loans_per_resident",
        True,
        "group_loans_per_resident",
        f"{DATABASE}/{TABLE}",
        "Kuntien avainluvut M495 'Konsernin lainakanta euroa/asukas' (recorded metadata), "
        "every municipality and the whole country",
    ),
    SignSource(
        "group_loans_and_leases_per_resident",
        True,
        None,
        None,
        f"{_UNKNOWN}; not in Kuntien avainluvut",
    ),
    SignSource(
        "group_relative_indebtedness",
        False,
        None,
        None,
        f"{_UNKNOWN} (the groups' statements). Sotkanet 3181 'Suhteellinen velkaantuneisuus, "
        "%' is the municipality's own, not its group's",
    ),
    SignSource(
        "group_loan_service_cover",
        False,
        None,
        None,
        "the Ministry of Finance's published tables of the criteria; no open-data table known",
    ),
    SignSource(
        "group_accumulated_surplus_per_resident",
        False,
        None,
        None,
        f"{_UNKNOWN} (the groups' balance sheets)",
    ),
    SignSource("accumulated_surplus", False, None, None, f"{_UNKNOWN} (the balance sheets)"),
)
SIGN_SOURCE = {s.field: s for s in SIGN_SOURCES}
# The figures of this table the warning signs read: key of FIGURES → field of finance.Figures
# (and of finance.CountryFigures). The country's figure per resident is Statistics Finland's
# for the whole country (all loans over all residents).
FOR_WARNING_SIGNS = {s.figure: s.field for s in SIGN_SOURCES if s.confirmed}
# The fields no confirmed table gives yet: their criteria are "cannot tell".
UNCONFIRMED_FOR_WARNING_SIGNS = tuple(s.field for s in SIGN_SOURCES if not s.confirmed)


def warning_sign_figures(values: list[Value]):
    """The warning signs' inputs from parsed values: {area: {year: Figures}} for the
    municipalities and {year: CountryFigures} from the country's figures. Pure.

    Only the confirmed figures of `SIGN_SOURCES` are read (today the group's loans per
    resident, the criterion of law 410/2015); the other criteria stay "cannot tell" until their
    tables are confirmed (docs/finance.md).
    """
    municipal: dict = {}
    country: dict = {}
    for v in values:
        field = FOR_WARNING_SIGNS.get(v.figure)
        if field is None or v.value is None:
            continue
        if v.area == COUNTRY:
            country.setdefault(v.year, {})[field] = v.value
        elif v.area[0] == "municipality":
            municipal.setdefault(v.area, {}).setdefault(v.year, {})[field] = v.value
    return (
        {a: {y: Figures(**f) for y, f in years.items()} for a, years in municipal.items()},
        {y: CountryFigures(**f) for y, f in country.items()},
    )


@dataclass(frozen=True)
class SignFigures:
    """The warning signs' inputs of every municipality, as `fetch_warning_sign_figures` read
    them, with what was asked and what could not be."""

    municipal: dict  # {("municipality", code): {year: finance.Figures}}
    country: dict  # {year: finance.CountryFigures}
    unconfirmed: tuple[str, ...]  # fields no confirmed table gives: "cannot tell"
    values: list[Value]  # as parsed, with their vintage and preliminary mark
    requests: list  # for provenance


def fetch_warning_sign_figures(*, client: Client, since=None, base_url: str = BASE_URL):
    """Every confirmed figure of the warning signs (SIGN_SOURCES) for every municipality and
    the whole country, through `fetch`: per table named there, one GET of its metadata and
    the POSTs in parts (all areas, the confirmed contents)."""
    by_table: dict[str, list[str]] = {}
    for source in SIGN_SOURCES:
        if source.confirmed:
            by_table.setdefault(source.table, []).append(source.figure)
    values, requests = [], []
    for path, keys in by_table.items():
        database, table = path.split("/", 1)
        got, made = fetch(
            client=client,
            keys=keys,
            since=since,
            table=table,
            base_url=base_url,
            database=database,
        )
        values += got
        requests += made
    municipal, country = warning_sign_figures(values)
    return SignFigures(
        municipal=municipal,
        country=country,
        unconfirmed=UNCONFIRMED_FOR_WARNING_SIGNS,
        values=values,
        requests=requests,
    )
