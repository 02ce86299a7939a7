"""Benchmark: explaining a composite index for one area at national scale, on PostgreSQL.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/mittaristo_index_bench \
        .venv/bin/python bench/index_explain.py [--components 12] [--repeat 3]

The data of bench/web_latency.py (not timed): Heinola's demo and 300 municipalities × 30
indicators × 20 years of **synthetic** values, and `--components` indicators more with 20 years
of synthetic values in every municipality. Heinola's wellbeing index is then defined over
those (three sub-indices of equal size, min–max, arithmetic mean,
a third of them lower-is-better) and explained for Heinola (monitoring/records/index.py:
`index_record`: reading the components' values of every municipality, computing the latest
two years, the Monte Carlo analysis of 1,000 runs, the words in three languages). Timed whole,
as of a date too (as a published round's snapshot makes it), reading the inputs alone, the
Monte Carlo part alone, and the live page's cached read (web/cache.py: `cached_index`).

The database named in BENCH_DATABASE_URL is dropped and created anew; its name must contain
"bench".
"""

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluation_db import timed  # noqa: E402
from import_observations import bench_database, store_synthetic  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--components", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    bench_database()
    from django.core.cache import cache
    from web_latency import prepare_data

    from mittaristo.core.models import Area
    from mittaristo.indices import carry_forward, sensitivity
    from mittaristo.monitoring.indices import definition_of, index_inputs
    from mittaristo.monitoring.records.index import RUNS, SEED, index_record
    from mittaristo.strategy.models import Indicator, Strategy
    from mittaristo.web.cache import cached_index, data_version

    start = time.perf_counter()
    indicators, values = prepare_data()
    print(
        f"stored {values:,} values of {indicators} indicators in "
        f"{time.perf_counter() - start:.0f} s (setup, not timed below)"
    )
    strategy = Strategy.objects.current()
    area = strategy.organisation.area
    # The index's components: indicators of their own, with 20 years of values in every
    # municipality (Heinola too), so that every area has an index (setup, not timed).
    components = [
        Indicator.objects.get_or_create(
            strategy=strategy,
            code=f"osatekija-{j:02d}",
            defaults={
                "name": {"fi": f"Osatekijä {j}"},
                "direction": "higher",
                "frequency": "yearly",
                "source_kind": "official_statistics",
            },
        )[0]
        for j in range(args.components)
    ]
    everyone = list(Area.objects.municipalities().values_list("pk", flat=True))
    store_synthetic(
        [(c.pk, everyone) for c in components], rng=np.random.default_rng(18), high=1000
    )
    groups = [[] for _ in range(3)]
    for j, component in enumerate(components):
        groups[j % 3].append(
            {"indicator": component.code, "direction": "lower" if j % 3 == 0 else "higher"}
        )
    index = Indicator.objects.get(strategy=strategy, code="hyvinvointi-indeksi")
    index.index = {
        "normalisation": {"method": "minmax", "low": 0, "high": 100},
        "aggregation": "arithmetic",
        "missing": {"method": "reweight", "min_coverage": 0.5},
        "components": [
            {"code": f"osa-{k + 1}", "weight": k + 1, "components": leaves}
            for k, leaves in enumerate(groups)
        ],
    }
    index.save()
    by_year = index_inputs(index)
    latest = max(by_year)
    year_values = carry_forward(by_year, 0)[latest]
    definition = definition_of(index)
    best_all, median_all, record = timed(lambda: index_record(index, area), args.repeat)
    best_dated, median_dated, _ = timed(
        lambda: index_record(index, area, as_of=dt.date.today()), args.repeat
    )
    best_read, median_read, _ = timed(lambda: index_inputs(index), args.repeat)
    best_mc, median_mc, _ = timed(
        lambda: sensitivity(definition, year_values, runs=RUNS, seed=SEED), args.repeat
    )
    version = data_version(strategy, today=dt.date.today())
    cache.clear()
    cached_index(index, area, version=version)
    best_hit, median_hit, _ = timed(lambda: cached_index(index, area, version=version), 20)
    print(
        f"{len(year_values)} areas, {args.components} components, {len(by_year)} years; "
        f"Heinola {latest}: rank {record.rank} of {record.count}, "
        f"interval {record.sensitivity.low}–{record.sensitivity.high}"
    )
    for label, best, median in [
        ("index_record, whole", best_all, median_all),
        ("index_record as of a date", best_dated, median_dated),
        ("reading the inputs", best_read, median_read),
        (f"Monte Carlo, {RUNS:,} runs", best_mc, median_mc),
        ("cached_index, a hit", best_hit, median_hit),
    ]:
        print(f"  {label + ':':<28} best {best * 1000:.0f} ms, median {median * 1000:.0f} ms")


if __name__ == "__main__":
    main()
