"""The statistical overview's key figures: what each is, which binding gives it, and how a
group's value is made from its members' (evaluation/overview.py AGGREGATIONS).

A figure is read from the strategy's own indicators: an indicator whose open-data binding is
one of the figure's `bindings` (a context series like the population, or a goal's indicator
like the jobs). A figure no indicator gives is listed as not available, with `source` naming
what would give it. Derived figures (`ratio`) divide one figure by another (usually the
population) of the same municipality and year.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

POPULATION = "population"


@dataclass(frozen=True)
class Figure:
    code: str
    topic: str
    name: object  # a lazy translation
    source: object  # the open data that give it (shown when it is missing)
    aggregation: str  # sum | weighted | ratio | published
    kind: str = "level"  # "count": compared by its change; "level": by its value
    bindings: tuple = ()  # binding matchers: dicts every key of which the binding must hold
    numerator: str = ""  # `ratio`: the figure divided …
    denominator: str = ""  # … by this one
    scale: float = 1.0  # `ratio`: 100 for a share in %, 1,000 for ‰ …
    unit: object = ""  # the derived figure's unit (otherwise the indicator's own)
    # `ratio` over a binding with a `scale` of its own: multiply back to the source's unit
    # first (thousand € scaled 0.001 to M€ → × 1,000 / 0.001 €): the source unit's factor.
    source_factor: float = 0.0
    notes: tuple = field(default=())


TOPICS = {
    "population": _("Population"),
    "age": _("Age structure"),
    "migration": _("Migration"),
    "work": _("Jobs and unemployment"),
    "economy": _("Municipal economy"),
    "emissions": _("Emissions"),
    "wellbeing": _("Wellbeing and health"),
}


def _ages(first: int, last: int, *, open_end: bool = False) -> frozenset:
    codes = {f"{age:03d}" for age in range(first, last + 1)}
    return frozenset(codes | ({"100-"} if open_end else set()))


# A matcher key "select.Ikä" compares the set of that variable's selected codes.
FIGURES = [
    Figure(
        POPULATION,
        "population",
        _("Population 31 December"),
        _("THL Sotkanet 127 or Statistics Finland table 11re"),
        "sum",
        kind="count",
        bindings=(
            {"source": "sotkanet", "indicator": 127},
            {"source": "statfin", "table": "11re.px", "select.Ikä": None},
        ),
    ),
    Figure(
        "age-0-14",
        "age",
        _("Share of residents aged 0–14"),
        _("Statistics Finland table 11re, ages 0–14"),
        "ratio",
        numerator="count-0-14",
        denominator=POPULATION,
        scale=100,
        unit="%",
    ),
    Figure(
        "age-15-64",
        "age",
        _("Share of residents aged 15–64"),
        _("Statistics Finland table 11re, ages 15–64"),
        "ratio",
        numerator="count-15-64",
        denominator=POPULATION,
        scale=100,
        unit="%",
    ),
    Figure(
        "age-65",
        "age",
        _("Share of residents aged 65 or over"),
        _("Statistics Finland table 11re, ages 65 and over"),
        "ratio",
        numerator="count-65",
        denominator=POPULATION,
        scale=100,
        unit="%",
    ),
    Figure(
        "net-migration",
        "migration",
        _("Net migration between municipalities per 1,000 residents"),
        _("THL Sotkanet 178"),
        "published",
        bindings=({"source": "sotkanet", "indicator": 178},),
    ),
    Figure(
        "net-migration-working-age",
        "migration",
        _("Net migration of 15–64-year-olds per 1,000 residents"),
        _("Statistics Finland's migration statistics (table 11a1), ages 15–64"),
        "ratio",
        numerator="count-net-migration-15-64",
        denominator=POPULATION,
        scale=1000,
        unit=_("per 1,000 residents"),
    ),
    Figure(
        "jobs",
        "work",
        _("Jobs in the area"),
        _("Statistics Finland table 115k (employment statistics)"),
        "sum",
        kind="count",
        bindings=(
            {"source": "statfin", "table": "115k.px"},
            {"source": "kuntien_avainluvut", "contents": ["M152"]},
        ),
    ),
    Figure(
        "unemployment",
        "work",
        _("Unemployment rate: the unemployed as a share of the labour force"),
        _("THL Sotkanet 181 or the municipal key figures M162"),
        # The rate is of the labour force, which is not recorded: only the published figure.
        "published",
        bindings=(
            {"source": "sotkanet", "indicator": 181},
            {"source": "kuntien_avainluvut", "contents": ["M162"]},
        ),
    ),
    Figure(
        "operating-margin",
        "economy",
        _("Operating margin, € per resident"),
        _("Statistics Finland's municipal finances (table 12ml)"),
        "ratio",
        numerator="amount-operating-margin",
        denominator=POPULATION,
        unit=_("€ per resident"),
        source_factor=1000,  # the table's unit is thousand €
    ),
    Figure(
        "annual-margin",
        "economy",
        _("Annual margin, € per resident"),
        _("THL Sotkanet 3178 or the municipal key figures M499"),
        "weighted",
        bindings=(
            {"source": "sotkanet", "indicator": 3178},
            {"source": "kuntien_avainluvut", "contents": ["M499"]},
        ),
    ),
    Figure(
        "loans",
        "economy",
        _("Loans of the municipality, € per resident"),
        _("THL Sotkanet 3180 or the municipal key figures M496"),
        "weighted",
        bindings=(
            {"source": "sotkanet", "indicator": 3180},
            {"source": "kuntien_avainluvut", "contents": ["M496"]},
        ),
    ),
    Figure(
        "group-loans",
        "economy",
        _("Loans of the municipal group, € per resident"),
        _("The municipal key figures M495"),
        "weighted",
        bindings=({"source": "kuntien_avainluvut", "contents": ["M495"]},),
    ),
    Figure(
        "emissions",
        "emissions",
        _("Greenhouse gas emissions, t CO2e per resident"),
        _("SYKE's municipal greenhouse gas emissions"),
        "ratio",
        numerator="amount-emissions",
        denominator=POPULATION,
        unit=_("t CO2e per resident"),
        source_factor=1000,  # the file's unit is kt
    ),
    Figure(
        "morbidity",
        "wellbeing",
        _("THL's morbidity index (whole country = 100)"),
        _("THL Sotkanet 5641 (243 up to 2019)"),
        "published",  # age-standardised by THL: no sum of members gives it
        bindings=(
            {"source": "sotkanet", "indicator": 5641},
            {"source": "sotkanet", "indicator": 243},
        ),
    ),
    Figure(
        "outside-education",
        "wellbeing",
        _("17–24-year-olds outside education, %"),
        _("THL Sotkanet 3219"),
        "published",
        bindings=({"source": "sotkanet", "indicator": 3219},),
    ),
]

# Counts that derived figures divide: read from the strategy's indicators, not shown alone.
PARTS = {
    "count-0-14": ({"source": "statfin", "table": "11re.px", "select.Ikä": _ages(0, 14)},),
    "count-15-64": ({"source": "statfin", "table": "11re.px", "select.Ikä": _ages(15, 64)},),
    "count-65": (
        {"source": "statfin", "table": "11re.px", "select.Ikä": _ages(65, 99, open_end=True)},
    ),
    "count-net-migration-15-64": (
        {
            "source": "statfin",
            "table": "11a1.px",
            "select.Ikä": frozenset(f"{a}-{a + 4}" for a in range(15, 65, 5)),
        },
    ),
    "amount-operating-margin": (
        {"source": "kuntien_talous", "contents": ["Toimintakate"], "formula": None},
    ),
    "amount-emissions": ({"source": "syke"},),
}

BY_CODE = {f.code: f for f in FIGURES}


def matches(binding: dict, matcher: dict) -> bool:
    """Whether `binding` is what `matcher` describes. A value None means "absent"; a frozenset
    for "select.VAR" is the set of that variable's selected codes; the rest must be equal
    (numbers and their text alike: Sotkanet 127 or "127")."""
    binding = binding or {}
    for key, wanted in matcher.items():
        if key.startswith("select."):
            chosen = (binding.get("select") or {}).get(key.split(".", 1)[1])
            if wanted is None:
                if chosen is not None:
                    return False
            elif chosen is None or frozenset(str(c) for c in chosen) != wanted:
                return False
            continue
        have = binding.get(key)
        if wanted is None:
            if have is not None:
                return False
        elif isinstance(wanted, list):
            if [str(v) for v in have or []] != [str(v) for v in wanted]:
                return False
        elif str(have) != str(wanted):
            return False
    return True


def find_indicators(indicators) -> dict:
    """Figure or part code → the first of `indicators` (yearly, bound) whose binding matches."""
    found = {}
    wanted = {f.code: f.bindings for f in FIGURES if f.bindings} | PARTS
    for indicator in indicators:
        if indicator.frequency != "yearly" or not indicator.binding:
            continue
        for code, matchers in wanted.items():
            if code not in found and any(matches(indicator.binding, m) for m in matchers):
                found[code] = indicator
    return found
