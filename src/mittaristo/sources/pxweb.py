"""Statistics Finland's PxWeb service: StatFin, Kuntien avainluvut, Kuntien talous ja toiminta.

Variable codes are table-specific and, since June 2026, versioned (`alue_23_20260101`), so
nothing here names a code: the table's metadata (GET) is read first and the query (POST) is
built from it, choosing the area, time and content variables by their role or text and any
other variable by its text (or code) as the binding writes it. Queries over 120,000 cells are
split; calls are throttled to 30 per 10 s and retried on HTTP 429.
`build_queries` and `parse` are pure; `fetch` does the HTTP.
"""

import math
import re
import time
from dataclasses import dataclass, field

from .areas import area_key
from .http import Client, SourceError, Throttle
from .jsonstat import JsonStatError, decode_dataset

BASE_URL = "https://pxdata.stat.fi/PxWeb/api/v1/fi"
MAX_CELLS = 120_000
LICENCE = "CC BY 4.0"
ATTRIBUTION = "Tilastokeskus / Statistics Finland"

_ROLE_TEXTS = {
    # A word anywhere: "Alue 2017", "Työpaikan alue", "Area of workplace".
    "geo": re.compile(r"(^|\s)(alue|kunta|area|region|municipality|område|kommun)\b", re.I),
    "time": re.compile(r"^(vuosi|year|år|kuukausi|month|månad|vuosineljännes|quarter)\b", re.I),
    "metric": re.compile(r"^(tiedot|information|uppgifter|contents)\b", re.I),
}
_ROLE_CODES = {
    "geo": ("alue", "kunta"),
    "time": ("timeperiod", "vuosi"),
    "metric": ("contentscode", "tiedot"),
}


@dataclass
class PxQuery:
    """What a binding asks of one table."""

    database: str  # "StatFin", "Kuntien_avainluvut", ...
    table: str  # "11re.px", or a path such as "2017/kuntien_avainluvut_2017_aikasarja.px"
    contents: list[str]  # content codes or texts
    select: dict = field(default_factory=dict)  # variable text or code → category codes
    areas: list | None = None  # area codes ("KU111", "111") or (kind, code); None: all
    since: int | None = None
    area_variable: str = ""  # the area variable's text or code, where a table has two

    @property
    def url(self) -> str:
        return f"{{base}}/{self.database}/{self.table}"


@dataclass
class Row:
    """One parsed value of a PxWeb table: area code as in the table, period, breakdown."""

    area: str
    area_label: str
    period: str
    breakdown: dict
    value: float | None
    status: str = ""
    period_label: str = ""
    preliminary: bool = False  # the source marks the figure preliminary (see is_preliminary)


# How a PxWeb table marks a preliminary figure: the year's label with an asterisk ("2024*",
# Statistics Finland's footnote convention) or the word; or the cell's status "p" (Eurostat's
# and SDMX's flag for provisional). Not seen in a recorded answer: docs/data-sources.md.
_PRELIMINARY_LABEL = re.compile(r"\*\s*$|ennakko|preliminary|prelimin[äa]r", re.I)
_PRELIMINARY_STATUS = {"p", "*"}


def is_preliminary(period_label: str, status: str = "") -> bool:
    """Whether a cell is marked preliminary (ennakkotieto) by its year's label or its status."""
    return bool(_PRELIMINARY_LABEL.search(period_label)) or status.strip() in _PRELIMINARY_STATUS


def find_variable(metadata: dict, role: str) -> dict | None:
    variables = metadata.get("variables", [])
    if role == "time":
        timed = [v for v in variables if v.get("time")]
        if timed:
            return timed[0]
    for variable in variables:
        code = variable["code"].lower()
        if code.startswith(_ROLE_CODES[role]) or _ROLE_TEXTS[role].search(variable["text"]):
            return variable
    return None


def _named(metadata: dict, name: str) -> dict | None:
    name = name.lower()
    for variable in metadata.get("variables", []):
        code = variable["code"].lower()
        if variable["text"].lower() == name or code == name or code.startswith(name + "_"):
            return variable
    return None


def _match_values(variable, wanted, table) -> list[str]:
    """Category codes for wanted codes or texts, in the table's order; unknown ones refused."""
    by_text = {
        t.lower(): c for c, t in zip(variable["values"], variable["valueTexts"], strict=False)
    }
    codes = set(variable["values"])
    chosen = []
    for item in wanted:
        code = item if item in codes else by_text.get(str(item).lower())
        if code is None:
            raise SourceError(
                f"table {table}: variable {variable['code']} ({variable['text']}) has no "
                f"category {item!r}"
            )
        chosen.append(code)
    return chosen


def build_selection(metadata: dict, query: PxQuery) -> list[tuple[str, list[str]]]:
    """(variable code, category codes) for every variable the query must name. Pure."""
    table = query.table
    selection = {}
    geo = _named(metadata, query.area_variable) if query.area_variable else None
    geo = geo or find_variable(metadata, "geo")
    time = find_variable(metadata, "time")
    metric = find_variable(metadata, "metric")
    for role, variable in (("area", geo), ("time", time), ("content", metric)):
        if variable is None:
            raise SourceError(f"table {table}: no {role} variable in the metadata")
    if query.areas is None:
        selection[geo["code"]] = [c for c in geo["values"] if area_key(c)]
    else:
        wanted = {area_key(a) if isinstance(a, str) else tuple(a) for a in query.areas}
        chosen = [c for c in geo["values"] if area_key(c) in wanted]
        found = {area_key(c) for c in chosen}
        absent = sorted(f"{kind} {code}" for kind, code in wanted - found if kind)
        if absent:
            raise SourceError(f"table {table}: no area {', '.join(absent)} in {geo['code']}")
        selection[geo["code"]] = chosen
    years = time["values"]
    if query.since is not None:
        years = [y for y in years if int(str(y)[:4]) >= query.since]
    selection[time["code"]] = years
    selection[metric["code"]] = _match_values(metric, query.contents, table)
    for name, wanted in query.select.items():
        variable = _named(metadata, name)
        if variable is None:
            raise SourceError(
                f"table {table}: no variable {name!r}; it has "
                + ", ".join(f"{v['code']} ({v['text']})" for v in metadata.get("variables", []))
            )
        selection[variable["code"]] = _match_values(variable, wanted, table)
    for variable in metadata.get("variables", []):
        if variable["code"] in selection or variable.get("elimination"):
            continue
        total = [c for c in variable["values"] if c.upper() in ("SSS", "S", "YHTEENSÄ")]
        if not total:
            raise SourceError(
                f"table {table}: variable {variable['code']} ({variable['text']}) needs a "
                f"selection in the binding ('select')"
            )
        selection[variable["code"]] = total[:1]
    return list(selection.items())


def split(selection, max_cells=MAX_CELLS) -> list[list[tuple[str, list[str]]]]:
    """Split a selection into parts of at most max_cells cells, along the longest variables."""
    cells = math.prod(len(values) for _code, values in selection)
    if cells <= max_cells:
        return [selection]
    index = max(range(len(selection)), key=lambda i: len(selection[i][1]))
    code, values = selection[index]
    per_value = cells // len(values)
    chunk = max(1, max_cells // per_value)
    parts = []
    for start in range(0, len(values), chunk):
        part = list(selection)
        part[index] = (code, values[start : start + chunk])
        parts.extend(split(part, max_cells) if per_value > max_cells else [part])
    return parts


def query_body(selection) -> dict:
    return {
        "query": [
            {"code": code, "selection": {"filter": "item", "values": values}}
            for code, values in selection
        ],
        "response": {"format": "json-stat2"},
    }


def parse(payload, *, table: str, selection=None) -> tuple[list[Row], str]:
    """Rows of one JSON-stat2 answer and the table's last-updated time. Pure.

    With the selection that was sent, a dimension the answer lacks (a variable code changed
    under us) or an area asked for but missing is an error, not a silent gap.
    """
    try:
        dataset = decode_dataset(payload)
    except JsonStatError as error:
        raise SourceError(f"table {table}: malformed JSON-stat ({error})") from error
    geo = (dataset.roles.get("geo") or [None])[0] or _guess(dataset, "geo")
    time = (dataset.roles.get("time") or [None])[0] or _guess(dataset, "time")
    if geo is None or time is None:
        raise SourceError(f"table {table}: the answer has no area or no time dimension")
    if selection is not None:
        missing = [code for code, _v in selection if code not in dataset.ids]
        if missing:
            raise SourceError(f"table {table}: the answer lacks the variables {missing}")
        asked = dict(selection).get(geo, [])
        got = {c.categories[geo] for c in dataset.cells}
        absent = [a for a in asked if a not in got]
        if absent:
            raise SourceError(f"table {table}: the answer lacks the areas {absent[:10]}")
    rows = []
    for cell in dataset.cells:
        if cell.text:
            # Statistics Finland writes a missing figure as null with a status symbol; text in
            # place of a number means the table is not what this reader knows: store nothing.
            raise SourceError(
                f"table {table}: {cell.categories[geo]} {cell.categories[time]}: the value "
                f"{cell.text!r} is not a number"
            )
        breakdown = {d: c for d, c in cell.categories.items() if d not in (geo, time)}
        period, label = cell.categories[time], cell.labels[time]
        rows.append(
            Row(
                area=cell.categories[geo],
                area_label=cell.labels[geo],
                period=period.rstrip("*").strip(),  # "2024*": the year, marked preliminary
                breakdown=breakdown,
                value=cell.value,
                status=cell.status,
                period_label=label,
                preliminary=is_preliminary(label, cell.status) or period.endswith("*"),
            )
        )
    return rows, dataset.updated


def _guess(dataset, role):
    for dim_id in dataset.ids:
        label = dataset.dimension_labels.get(dim_id, "")
        if dim_id.lower().startswith(_ROLE_CODES[role]) or _ROLE_TEXTS[role].search(label):
            return dim_id
    return None


@dataclass
class Fetched:
    rows: list
    updated: str
    requests: list  # (url, body) of every request, for provenance
    metadata: dict


def fetch(query: PxQuery, *, client: Client, base_url: str = BASE_URL, max_cells=MAX_CELLS):
    """GET the metadata, POST the query in parts, parse every answer."""
    url = query.url.format(base=base_url)
    metadata = client.json("GET", url)
    if not isinstance(metadata, dict) or "variables" not in metadata:
        raise SourceError(f"GET {url}: not a table's metadata")
    selection = build_selection(metadata, query)
    rows, requests, updated = [], [("GET", url, None)], ""
    for part in split(selection, max_cells):
        body = query_body(part)
        payload = client.json("POST", url, body=body)
        part_rows, part_updated = parse(payload, table=query.table, selection=part)
        rows.extend(part_rows)
        updated = max(updated, part_updated)
        requests.append(("POST", url, body))
    return Fetched(rows=rows, updated=updated, requests=requests, metadata=metadata)


def pxweb_client(*, transport=None, clock=time.monotonic, sleep=time.sleep) -> Client:
    """A client within the service's limits: 30 queries in 10 s, backing off on 429."""
    return Client(transport=transport, throttle=Throttle(30, 10.0, clock, sleep), sleep=sleep)
