"""Benchmark: load the 1990–2012 Sotkanet panel (216,183 values, 51 indicators, 320
municipalities by name) into PostgreSQL; parsing and storing timed separately.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/mittaristo_bench \
        .venv/bin/python bench/sotkanet_panel.py [data/recorded]

The database named in BENCH_DATABASE_URL is dropped and created anew (its name must contain
"bench"). Stores twice: the first run creates every value, the second finds them unchanged.
"""

import gzip
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_observations import setup_django  # noqa: E402


def main() -> None:
    recorded = Path(sys.argv[1] if len(sys.argv) > 1 else "data/recorded")
    url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mittaristo_bench"
    )
    if not url.startswith("postgres"):
        sys.exit("This benchmark measures PostgreSQL: set BENCH_DATABASE_URL=postgres://...")
    if "bench" not in url.rsplit("/", 1)[1]:
        sys.exit("The benchmark drops its database: give it one whose name contains 'bench'.")
    setup_django(url)
    from mittaristo.sources import sotkanet
    from mittaristo.sources.panel import parse_panel

    started = time.perf_counter()
    with gzip.open(
        recorded / "sotkanet" / "ouzor_sotkanet_2013_kunta_long.csv.gz", "rt", encoding="utf-8"
    ) as handle:
        rows = parse_panel(handle)
    regions = sotkanet.parse_regions(
        json.loads((recorded / "sotkanet" / "oskari" / "SotkaRegions.json").read_text("utf-8"))
    )
    parse_seconds = time.perf_counter() - started
    print(f"parse: {len(rows):,} values in {parse_seconds:.2f} s")

    for label in ("store (all new)", "store again (all unchanged)"):
        started = time.perf_counter()
        report = store(rows, regions)
        seconds = time.perf_counter() - started
        print(
            f"{label}: {seconds:.2f} s ({len(rows) / seconds:,.0f} values/s): "
            f"{report.created:,} created, {report.changed:,} changed, "
            f"{report.unchanged:,} unchanged"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:,.0f} MiB")


def store(rows, regions):
    """Resolve names to indicators and areas (creating them), then one upsert."""
    from mittaristo.core.models import Area
    from mittaristo.core.periods import parse_period
    from mittaristo.observations.models import Observation
    from mittaristo.observations.services import ObservationRow, observations_upsert
    from mittaristo.strategy.models import Indicator, Organisation, Strategy

    org, _ = Organisation.objects.get_or_create(code="900", defaults={"name": {"fi": "Bench"}})
    strategy, _ = Strategy.objects.get_or_create(
        organisation=org,
        code="sotkanet-panel",
        defaults={
            "name": {"fi": "Sotkanet 1990–2012"},
            "horizon_start": 1990,
            "horizon_end": 2012,
            "council_term_start": 2009,
            "council_term_end": 2012,
        },
    )
    indicators = {}
    for number, title in enumerate(sorted({r.title for r in rows}), start=1):
        indicator, _ = Indicator.objects.get_or_create(
            strategy=strategy,
            code=f"sotkanet-{number:02d}",
            defaults={
                "name": {"fi": title},
                "direction": "higher",
                "frequency": "yearly",
                "source_kind": "official_statistics",
                "order": number,
            },
        )
        indicators[title] = indicator.pk
    wanted = [r for r in regions.values() if r.kind == "municipality"]
    Area.objects.bulk_create(
        [Area(kind=r.kind, code=r.code, name=r.name) for r in wanted], ignore_conflicts=True
    )
    ids = dict(Area.objects.municipalities().values_list("code", "pk"))
    areas = {r.name["fi"]: ids[r.code] for r in wanted}
    periods = {}
    batch = [
        ObservationRow(
            indicator_id=indicators[r.title],
            area_id=areas[r.area],
            period=periods.get(r.year) or periods.setdefault(r.year, parse_period(r.year)),
            value=r.value,
        )
        for r in rows
    ]
    return observations_upsert(
        rows=batch, source_kind=Observation.SourceKind.FETCH, source_ref="sotkanet panel 2013"
    )


if __name__ == "__main__":
    main()
