"""A replay folder for `mittaristo fetch --replay`, built from the recorded data in
../shared/data (see its README), so that a demo or a test loads real figures offline.

    python scripts/build_replay.py ../shared/data var/replay
    mittaristo fetch --replay var/replay

What it holds (docs/data-sources.md says which part is a recording and which follows the
documented format):
- Sotkanet /regions and /json for indicator 127 (population 31.12.2009, every region): the
  recorded answers as they are.
- StatFin table 115k (jobs in the area, 2019, every municipality): the metadata and the
  JSON-stat2 answer are *built* in the documented format from the recorded values in
  statfin/municipalities/population_2022M12_jobs_2019.csv (a transcription of that table).
"""

import csv
import json
from pathlib import Path

from . import pxweb, sotkanet
from .http import loose_key, request_key


def build(shared: Path, out: Path) -> list[Path]:
    shared, out = Path(shared), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []

    def save(key, url, content, method="GET", body=None):
        path = out / f"{key}.json"
        saved = {"method": method, "url": url, "body": body, "status": 200, "content": content}
        path.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
        written.append(path)

    oskari = shared / "sotkanet" / "oskari"
    url = f"{sotkanet.BASE_URL}/regions"
    save(request_key("GET", url, b""), url, (oskari / "SotkaRegions.json").read_text("utf-8"))
    url = f"{sotkanet.BASE_URL}/json?indicator=127&genders=total"
    save(loose_key("GET", url), url, (oskari / "SotkaIndicatorData.json").read_text("utf-8"))

    metadata, answer = jobs_table(
        shared / "statfin" / "municipalities" / "population_2022M12_jobs_2019.csv"
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
