"""Benchmark: evaluation with the database included, against PostgreSQL.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/mittaristo_bench \
        .venv/bin/python bench/evaluation_db.py [--indicators 300] [--repeat 5]

1. National scale: 300 municipalities × 300 indicators × 20 years (1.8 million values) are
   stored (not timed), then read back as one matrix (`yearly_matrix`) and evaluated with
   `assess_progress_many` and `forecast_many`: the read and the evaluation timed apart. The read
   is timed with the indicators' packs current (the usual case), with one pack rebuilt (as after
   a fetch that changed one indicator), with every pack rebuilt (the first read after a
   national import), and as known on a date (read from the observation rows). Then
   `national_trends`, what `mittaristo evaluate --all-areas` does: read, evaluate and one row
   per indicator and area.
2. One municipality's whole strategy: Heinola's (19 indicators, the demo data) through
   `evaluate_strategy`, timed with the database (`load_inputs` + `compute`) and without it
   (`compute` on inputs read once).

The database named in BENCH_DATABASE_URL is dropped and created anew; its name must contain
"bench". bench/evaluation.py times the pure core alone on synthetic series.
"""

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_observations import AREAS, YEARS, bench_database, prepare, store_synthetic  # noqa: E402


def timed(function, repeat):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), result


def store_national(strategy):
    from mittaristo.core.models import Area

    areas = list(Area.objects.municipalities().values_list("pk", flat=True))
    indicators = list(strategy.indicators.values_list("pk", flat=True))
    store_synthetic([(i, areas) for i in indicators], rng=np.random.default_rng(5), high=1000)
    return indicators


def national(strategy, indicator_ids, repeat):
    import datetime as dt

    from mittaristo.evaluation import assess_progress_many, forecast_many
    from mittaristo.monitoring.national import national_trends, yearly_matrix
    from mittaristo.observations.models import YearlyPack

    def first_read():  # every pack behind: all rebuilt from the observation rows
        YearlyPack.objects.update(built_version=-1)
        return yearly_matrix(indicator_ids)

    best_cold, median_cold, _ = timed(first_read, repeat)
    best_read, median_read, matrix = timed(lambda: yearly_matrix(indicator_ids), repeat)

    def one_changed():  # as after a nightly fetch that changed one indicator
        YearlyPack.objects.filter(indicator_id=indicator_ids[0]).update(built_version=-1)
        return yearly_matrix(indicator_ids)

    best_one, median_one, _ = timed(one_changed, repeat)
    as_of = dt.date.today() + dt.timedelta(days=1)
    best_asof, median_asof, _ = timed(lambda: yearly_matrix(indicator_ids, as_of=as_of), repeat)

    def evaluate():
        assess_progress_many(
            matrix.years, matrix.values, directions="higher", target_years=2030, base_years=2021
        )
        forecast_many(matrix.years, matrix.values, target_year=2030)

    best_eval, median_eval, _ = timed(evaluate, repeat)
    best_cmd, median_cmd, rows = timed(lambda: national_trends(strategy), repeat)
    print(f"national: {matrix.values.shape[0]:,} series × {matrix.values.shape[1]} years")
    for label, best, median in [
        ("read, packs current", best_read, median_read),
        ("read, one pack rebuilt", best_one, median_one),
        ("read, every pack rebuilt", best_cold, median_cold),
        ("read as of a date (rows)", best_asof, median_asof),
        ("evaluate (batch)", best_eval, median_eval),
        (f"national_trends ({len(rows):,} rows)", best_cmd, median_cmd),
    ]:
        print(f"  {label + ':':<27} best {best:.3f} s, median {median:.3f} s")
    print(f"  together, packs current:    best {best_read + best_eval:.3f} s")
    print(f"  together, one pack rebuilt: best {best_one + best_eval:.3f} s")


def heinola(repeat):
    from django.utils import timezone

    from mittaristo.demo.load import demo_load
    from mittaristo.monitoring.evaluator import compute, evaluate_strategy, load_inputs

    strategy = demo_load().strategy.strategy
    today = timezone.localdate()
    evaluate_strategy(strategy)  # warm up
    best_db, median_db, result = timed(lambda: evaluate_strategy(strategy), repeat * 10)
    inputs = load_inputs(strategy)
    best_pure, median_pure, _ = timed(lambda: compute(inputs, today=today), repeat * 10)
    print(f"one municipality: Heinola, {len(result.indicators)} indicators")
    for label, best, median in [
        ("with the database", best_db, median_db),
        ("without (compute)", best_pure, median_pure),
    ]:
        print(f"  {label + ':':<21} best {best * 1000:.1f} ms, median {median * 1000:.1f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--indicators", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    bench_database()
    strategy = prepare(args.indicators)
    start = time.perf_counter()
    indicator_ids = store_national(strategy)
    print(
        f"stored {len(indicator_ids) * AREAS * len(YEARS):,} values in "
        f"{time.perf_counter() - start:.0f} s (setup, not timed below)"
    )
    national(strategy, indicator_ids, args.repeat)
    heinola(args.repeat)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
