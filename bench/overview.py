"""Benchmark: the statistical overview at national scale, on PostgreSQL.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/mittaristo_overview_bench \
        .venv/bin/python bench/overview.py [--repeat 3]

The data (setup, not timed): Heinola's demo; the recorded open data replayed as `make demo`
does (real: every municipality's population, unemployment rate and loans per resident
1990–2012 from Sotkanet, jobs 2019 from StatFin; regions and size classes from Sotkanet's
list, 320 municipalities of 2013); and, where the recorded data hold no figure, **synthetic**
values of the recorded shape for the same 320 municipalities, 2003–2012 (the age groups,
net migration, operating margin, group loans, emissions, the morbidity index, and three
Sotkanet indicators the strategy does not bind, added here: 178, 3178, 3219), so that all 15
key figures have ten years for every municipality.

Timed: `content(strategy)` (one municipality, Heinola) and `content_all(strategy)` (every
municipality in one go), each followed by rendering its body template
(`reports/_overview_body.html`) to HTML, the content with its charts' specifications; the
PDF is the reports machinery's. Peak memory of the whole run by tracemalloc.

The database named in BENCH_DATABASE_URL is dropped and created anew; its name must contain
"bench".
"""

import argparse
import subprocess
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

import numpy as np

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from evaluation_db import timed  # noqa: E402
from import_observations import bench_database  # noqa: E402

ROOT = BENCH.parent
REPLAYED = ["tyopaikat", "vakiluku", "tyottomyysaste", "lainat-per-asukas"]
YEARS = range(2003, 2013)
# Key figures the strategy binds but the recorded data do not hold: (code, level, spread).
SYNTHETIC = {
    "vaesto-0-14": ("share", 0.15),
    "vaesto-15-64": ("share", 0.60),
    "vaesto-65": ("share", 0.25),
    "tyoikaisten-nettomuutto": ("per_1000", -3.0),
    "toimintakate": ("per_resident_thousand_eur", -5.5),  # M€: −5,500 € per resident
    "konsernin-velat-per-asukas": ("level", 4_000.0),
    "co2-paastot": ("per_resident_tonnes", 6.0),
    "sairastavuusindeksi": ("level", 100.0),
}
EXTRA = {  # Sotkanet figures the strategy does not bind: added as indicators here
    "bench-nettomuutto": ({"source": "sotkanet", "indicator": 178}, ("level", -2.0)),
    "bench-vuosikate": ({"source": "sotkanet", "indicator": 3178}, ("level", 300.0)),
    "bench-koulutuksen-ulkopuolella": ({"source": "sotkanet", "indicator": 3219}, ("level", 8.0)),
}


def prepare():
    from django.core.management import call_command

    from mittaristo.core.models import Area
    from mittaristo.demo.load import demo_load
    from mittaristo.strategy.models import Indicator

    strategy = demo_load().strategy.strategy
    with tempfile.TemporaryDirectory() as replay:
        subprocess.run(
            [
                sys.executable,
                ROOT / "scripts" / "build_replay.py",
                ROOT / "data" / "recorded",
                replay,
            ],
            check=True,
            capture_output=True,
        )
        for code in REPLAYED:
            call_command("fetch", "--replay", replay, "--indicator", code, verbosity=0)
        call_command(
            "load-areas", "--replay", replay, "--population", "vakiluku", "--jobs", "tyopaikat"
        )
    for code, (binding, _shape) in EXTRA.items():
        Indicator.objects.get_or_create(
            strategy=strategy,
            code=code,
            defaults={
                "name": {"fi": code, "en": code},
                "direction": "higher",
                "frequency": "yearly",
                "source_kind": "official_statistics",
                "binding": binding,
            },
        )
    municipalities = list(Area.objects.municipalities().values_list("pk", flat=True))
    return strategy, municipalities, store_shaped(strategy, municipalities)


def store_shaped(strategy, municipalities) -> int:
    """Synthetic yearly values of each SYNTHETIC and EXTRA figure, in the unit its binding
    stores, made from each municipality's recorded population of the same year."""
    from mittaristo.core.periods import parse_period
    from mittaristo.observations.packs import current_packs
    from mittaristo.observations.services import ObservationRow, observations_upsert
    from mittaristo.strategy.models import Indicator

    rng = np.random.default_rng(16)
    population = Indicator.objects.get(strategy=strategy, code="vakiluku")
    pack = current_packs([population.pk])[population.pk]
    people = {(int(a), int(y)): float(v) for a, y, v in pack[["area", "year", "value"]]}
    shapes = dict(SYNTHETIC) | {code: shape for code, (_b, shape) in EXTRA.items()}
    count = 0
    for code, (shape, level) in shapes.items():
        indicator = Indicator.objects.get(strategy=strategy, code=code)
        rows = []
        for area in municipalities:
            own = level * rng.uniform(0.7, 1.3)
            for year in YEARS:
                residents = people.get((area, year))
                if residents is None:
                    continue
                value = own * rng.normal(1, 0.03)
                stored = {
                    "share": residents * value,
                    "per_1000": residents * value / 1000,
                    "per_resident_thousand_eur": residents * value / 1000,  # M€
                    "per_resident_tonnes": residents * value,  # t (the binding's kt × 1000)
                    "level": value,
                }[shape]
                if shape == "share":
                    stored = round(stored)
                rows.append(
                    ObservationRow(
                        indicator.pk, area, parse_period(str(year)), Decimal(f"{stored:.2f}")
                    )
                )
        observations_upsert(rows=rows, source_kind="import")
        count += len(rows)
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    bench_database()
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from mittaristo.reports.overview import content, content_all

    start = time.perf_counter()
    strategy, municipalities, stored = prepare()
    print(
        f"setup (not timed): {len(municipalities)} municipalities, {stored:,} synthetic values "
        f"besides the replayed recorded ones, in {time.perf_counter() - start:.0f} s"
    )

    def one():
        made = content(strategy, lang="fi")
        with translation.override("fi"):
            return made, render_to_string("reports/_overview_body.html", {"overview": made})

    def render(made):
        with translation.override("fi"):
            return [
                render_to_string("reports/_overview_body.html", {"overview": c})
                for c in made.values()
            ]

    def every():
        made = content_all(strategy, lang="fi")
        return made, render(made)

    content_all(strategy, lang="fi")  # the packs built once, as any reader after a fetch
    best_one, median_one, (heinola, html) = timed(one, args.repeat)
    best_all, median_all, (made, pages) = timed(every, args.repeat)
    best_made, _median, made = timed(lambda: content_all(strategy, lang="fi"), args.repeat)
    best_pages, _median, _pages = timed(lambda: render(made), args.repeat)
    del made, pages
    tracemalloc.start()
    made, pages = every()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    with CaptureQueriesContext(connection) as queries:
        one()
    shown = sum(len(t.figures) for t in heinola.topics)
    missing = sum(len(t.missing) for t in heinola.topics)
    print(
        f"Heinola: {shown} key figures shown, {missing} listed as missing; "
        f"{len(html) / 1024:.0f} KiB of HTML"
    )
    print(
        f"one municipality (content + rendering): best {best_one:.2f} s, median "
        f"{median_one:.2f} s, {len(queries)} SQL queries"
    )
    print(
        f"all {len(made)} municipalities in one go (content + rendering): best {best_all:.2f} s, "
        f"median {median_all:.2f} s; {sum(len(p) for p in pages) / 2**20:.0f} MiB of HTML"
    )
    print(
        f"  of which the content of all (best): {best_made:.2f} s, rendering them (best): "
        f"{best_pages:.2f} s"
    )
    print(f"peak memory (tracemalloc) while making and rendering all: {peak / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
