"""THL's Sotkanet REST API (https://sotkanet.fi/rest/1.1/): indicators, regions, data.

Data rows name regions by Sotkanet's internal id (Heinola is 44), so /regions maps them to
official codes (Heinola 111). The service refuses requests without a User-Agent; our
client always sends one. `parse_*` are pure; `fetch` does the HTTP.
"""

import csv
import io
from dataclasses import dataclass

from mittaristo.core.numbers import NumberError, parse_number

from .http import Client, SourceError

BASE_URL = "https://sotkanet.fi/rest/1.1"
LICENCE = "CC BY 4.0"
ATTRIBUTION = "THL, Sotkanet.fi"

# Sotkanet's region categories → core.Area kinds (others, e.g. hospital districts, are left out).
CATEGORIES = {
    "KUNTA": "municipality",
    "MAAKUNTA": "region",
    "MAA": "country",
    "HYVINVOINTIALUE": "wellbeing_county",
}


@dataclass(frozen=True)
class Region:
    id: int
    kind: str
    code: str  # official code: "111", region "07", country "SSS"
    name: dict  # {"fi", "sv", "en"}
    member_of: tuple = ()  # the internal ids of the regions it belongs to


@dataclass
class Row:
    indicator: int
    region: int
    year: int
    gender: str
    value: float | None


def parse_regions(payload) -> dict[int, Region]:
    """Internal region id → region, for the kinds of area Mittaristo keeps. Pure."""
    if not isinstance(payload, list):
        raise SourceError("/regions: expected a list of regions")
    regions = {}
    for item in payload:
        try:
            kind = CATEGORIES.get(item["category"])
            if kind is None:
                continue
            code = "SSS" if kind == "country" else str(item["code"])
            if kind == "region":
                code = code.zfill(2)
            if kind == "municipality":
                code = code.zfill(3)
            member_of = tuple(int(i) for i in item.get("memberOf") or ())
            regions[int(item["id"])] = Region(
                int(item["id"]), kind, code, dict(item["title"]), member_of
            )
        except (KeyError, TypeError, ValueError) as error:
            raise SourceError(f"/regions: a malformed region {item!r} ({error})") from error
    return regions


def _number(raw, where) -> float | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, int | float):
        return float(raw)
    try:  # text as the CSV export writes it ("12,3"): read as every file is
        return float(parse_number(str(raw), strict=False))
    except NumberError:
        raise SourceError(f"{where}: value {raw!r} is not a number") from None


def parse_json(payload) -> list[Row]:
    """Rows of a /json answer: the current shape (`value`) and the legacy (`primary value`)."""
    if not isinstance(payload, list):
        raise SourceError("/json: expected a list of rows")
    rows = []
    for number, item in enumerate(payload, start=1):
        where = f"/json row {number}"
        try:
            raw = item["value"] if "value" in item else item["primary value"]
            rows.append(
                Row(
                    int(item["indicator"]),
                    int(item["region"]),
                    int(item["year"]),
                    str(item.get("gender", "total")),
                    _number(raw, where),
                )
            )
        except (KeyError, TypeError, ValueError) as error:
            raise SourceError(f"{where}: {item!r} lacks or garbles a field ({error})") from error
    return rows


CSV_COLUMNS = ["indicator", "region", "year", "gender", "primary value"]


def parse_csv(text: str) -> list[Row]:
    """Rows of a /csv answer (`indicator;region;year;gender;primary value;absolute value`)."""
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise SourceError(f"/csv: the header lacks {missing}")
    rows = []
    for line, item in enumerate(reader, start=2):
        where = f"/csv line {line}"
        try:
            rows.append(
                Row(
                    int(item["indicator"]),
                    int(item["region"]),
                    int(item["year"]),
                    item["gender"],
                    _number(item["primary value"], where),
                )
            )
        except (TypeError, ValueError) as error:
            raise SourceError(f"{where}: {error}") from error
    return rows


def data_params(indicator: int, years, gender: str = "total") -> list[tuple[str, str]]:
    return (
        [("indicator", str(indicator))] + [("years", str(y)) for y in years] + [("genders", gender)]
    )


def fetch_regions(client: Client, base_url=BASE_URL) -> dict[int, Region]:
    return parse_regions(client.json("GET", f"{base_url}/regions"))


def fetch(indicator: int, years, *, client: Client, gender="total", base_url=BASE_URL):
    """The indicator's rows for these years, and the request made (for provenance)."""
    params = data_params(indicator, years, gender)
    rows = parse_json(client.json("GET", f"{base_url}/json", params=params))
    return rows, ("GET", f"{base_url}/json", params)
