"""A replay folder for `mittaristo fetch --replay`, built from the recorded data in the
repository's data/recorded/ (its README gives each file's origin and licence), so that a demo
or a test loads real figures offline.

    python scripts/build_replay.py data/recorded var/replay
    mittaristo fetch --replay var/replay

What it holds (docs/data-sources.md says which part is a recording and which follows the
documented format):
- Sotkanet /regions and /json for indicator 127 (population 31.12.2009, every region): the
  recorded answers as they are.
- Sotkanet /json for every Sotkanet indicator bound in the shipped strategy files that the
  1990–2012 panel (sotkanet/ouzor_sotkanet_2013_kunta_long.csv.gz) holds, every municipality:
  *rebuilt* in the current /json shape from the panel's rows, values unchanged, the panel's
  titles mapped to ids by ouzor_Sotkanet_valitut_indikaattorit_20130817.csv (or the recorded
  indicator list) and its municipality names to region ids by /regions. For 127 the recorded
  2009 answer adds the regions and areas the panel lacks.
- StatFin table 115k (jobs in the area, 2019, every municipality): the metadata and the
  JSON-stat2 answer are *built* in the documented format from the recorded values in
  statfin/municipalities/population_2022M12_jobs_2019.csv (a transcription of that table).
"""

import csv
import gzip
import json
from pathlib import Path

import yaml

from mittaristo.strategy.bindings import DEFAULT_POPULATION

from . import pxweb, sotkanet
from .http import SourceError, loose_key, request_key

DEFINITIONS = Path(__file__).resolve().parent.parent / "strategy" / "definitions"
PANEL = "ouzor_sotkanet_2013_kunta_long.csv.gz"
PANEL_TITLES = "ouzor_Sotkanet_valitut_indikaattorit_20130817.csv"


def build(folder: Path, out: Path) -> list[Path]:
    folder, out = Path(folder), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []

    def save(key, url, content, method="GET", body=None):
        path = out / f"{key}.json"
        saved = {"method": method, "url": url, "body": body, "status": 200, "content": content}
        path.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
        written.append(path)

    oskari = folder / "sotkanet" / "oskari"
    url = f"{sotkanet.BASE_URL}/regions"
    save(request_key("GET", url, b""), url, (oskari / "SotkaRegions.json").read_text("utf-8"))
    answers = panel_answers(folder / "sotkanet", bound_sotkanet_ids())
    recorded = json.loads((oskari / "SotkaIndicatorData.json").read_text("utf-8"))
    # The panel's municipalities follow one area division (2013) in every year; the recording
    # (a later division: Kuopio, Lieto and Pori differ in 2009) adds the regions and the country.
    panel = answers.get(127, [])
    seen = {(str(r["region"]), str(r["year"])) for r in panel}
    answers[127] = panel + [r for r in recorded if (r["region"], r["year"]) not in seen]
    for indicator, rows in sorted(answers.items()):
        url = f"{sotkanet.BASE_URL}/json?indicator={indicator}&genders=total"
        save(loose_key("GET", url), url, json.dumps(rows, ensure_ascii=False))

    metadata, answer = jobs_table(
        folder / "statfin" / "municipalities" / "population_2022M12_jobs_2019.csv"
    )
    url = f"{pxweb.BASE_URL}/StatFin/115k.px"
    save(request_key("GET", url, b""), url, json.dumps(metadata, ensure_ascii=False))
    query = pxweb.PxQuery("StatFin", "115k.px", ["tyolliset3"])
    body = pxweb.query_body(pxweb.build_selection(metadata, query))
    # Under the loose key too: the answer for every area serves a query for fewer (fetch
    # keeps only the areas asked for).
    content = json.dumps(answer, ensure_ascii=False)
    save(request_key("POST", url, json.dumps(body).encode()), url, content, "POST", body)
    save(loose_key("POST", url), url, content, "POST", body)
    return written


def bound_sotkanet_ids(folder: Path = DEFINITIONS) -> set[int]:
    """The Sotkanet indicator ids that the strategy files in `folder` bind (and 127, the
    population that per-resident formulas divide by)."""
    ids = {DEFAULT_POPULATION["indicator"]}

    def walk(node):
        if isinstance(node, dict):
            if node.get("source") == "sotkanet" and isinstance(node.get("indicator"), int):
                ids.add(node["indicator"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        walk([i.get("binding") for i in data.get("indicators") or []])
    return ids


def panel_titles(folder: Path) -> dict[str, int]:
    """The panel's variable names ("[TYÖELÄMÄ] Työttömät, % työvoimasta") → Sotkanet ids,
    from the panel's own list; its quoting is partly broken, so rows that do not read as
    id, title, category are left out (the recorded indicator list covers them)."""
    titles = {}
    with (folder / PANEL_TITLES).open(encoding="utf-8") as handle:
        for row in csv.reader(handle):
            if len(row) >= 3 and row[0].strip().isdigit() and row[1].strip():
                titles[f"[{row[2].strip()}] {row[1].strip()}"] = int(row[0])
    return titles


def panel_answers(folder: Path, wanted: set[int]) -> dict[int, list[dict]]:
    """Sotkanet /json answers (current shape) rebuilt from the panel: for each wanted id the
    panel holds, a row per municipality and year, its value as the panel writes it."""
    regions = json.loads((folder / "oskari" / "SotkaRegions.json").read_text("utf-8"))
    region_ids = {r["title"]["fi"]: r["id"] for r in regions if r["category"] == "KUNTA"}
    indicators = json.loads((folder / "oskari" / "SotkaIndicators.json").read_text("utf-8"))
    listed = {i["title"]["fi"].strip(): i["id"] for i in indicators}
    titles = panel_titles(folder)
    answers: dict[int, list[dict]] = {}
    with gzip.open(folder / PANEL, "rt", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            name = row["Muuttuja"]
            indicator = titles.get(name) or listed.get(name.split("] ", 1)[-1])
            if indicator not in wanted:
                continue
            region = region_ids.get(row["Alue"])
            if region is None:
                raise SourceError(
                    f"{PANEL} line {line}: no Sotkanet region is named {row['Alue']!r}"
                )
            value = float(row["Arvo"])
            if repr(value) != row["Arvo"]:
                raise SourceError(f"{PANEL} line {line}: {row['Arvo']!r} would not stay unchanged")
            answers.setdefault(indicator, []).append(
                {
                    "indicator": indicator,
                    "region": region,
                    "year": int(row["Vuosi"]),
                    "gender": "total",
                    "value": value,
                }
            )
    for rows in answers.values():
        rows.sort(key=lambda r: (r["region"], r["year"]))
    return answers


def jobs_table(path: Path) -> tuple[dict, dict]:
    """Table 115k's metadata and a JSON-stat2 answer (documented format) from the CSV."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    codes = [r["area_code"] for r in rows]
    labels = [r["area_label_en"] for r in rows]
    metadata = {
        "title": "Employed labour force in area (workplaces) by area, year and information",
        "variables": [
            {
                "code": "Työpaikan alue",
                "text": "Area of workplace",
                "values": codes,
                "valueTexts": labels,
            },
            {
                "code": "Vuosi",
                "text": "Year",
                "values": ["2019"],
                "valueTexts": ["2019"],
                "time": True,
            },
            {
                "code": "Tiedot",
                "text": "Information",
                "values": ["tyolliset3"],
                "valueTexts": ["Employed labour force in area (workplaces)"],
            },
        ],
    }
    answer = {
        "version": "2.0",
        "class": "dataset",
        "label": metadata["title"],
        "source": "Statistics Finland, employment",
        "updated": "2023-02-16T06:00:00Z",
        "id": ["Työpaikan alue", "Vuosi", "Tiedot"],
        "size": [len(codes), 1, 1],
        "role": {"geo": ["Työpaikan alue"], "time": ["Vuosi"], "metric": ["Tiedot"]},
        "dimension": {
            "Työpaikan alue": {
                "label": "Area of workplace",
                "category": {
                    "index": {c: i for i, c in enumerate(codes)},
                    "label": dict(zip(codes, labels, strict=True)),
                },
            },
            "Vuosi": {
                "label": "Year",
                "category": {"index": {"2019": 0}, "label": {"2019": "2019"}},
            },
            "Tiedot": {
                "label": "Information",
                "category": {
                    "index": {"tyolliset3": 0},
                    "label": {"tyolliset3": "Employed labour force in area (workplaces)"},
                },
            },
        },
        "value": [int(r["jobs_2019"]) for r in rows],
    }
    return metadata, answer
