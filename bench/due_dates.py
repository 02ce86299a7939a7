"""Benchmark: what reading the publication calendar adds to evaluating Heinola's strategy.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/mittaristo_due_bench \
        .venv/bin/python bench/due_dates.py [--repeat 200]

Heinola's demo (19 indicators, two of them with a `release:` in their binding) is evaluated
with `compute` (no queries) as shipped, then with `Indicator.release` forced to None (due dates
from frequency + lag only), the same number of runs each; and `Indicator.release` alone for all
19 indicators. The database named in BENCH_DATABASE_URL is dropped and created anew; its name
must contain "bench".
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluation_db import timed  # noqa: E402
from import_observations import bench_database  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    bench_database()
    from django.utils import timezone

    from mittaristo.demo.load import demo_load
    from mittaristo.monitoring.evaluator import compute, load_inputs
    from mittaristo.strategy.models import Indicator

    inputs = load_inputs(demo_load().strategy.strategy)
    today = timezone.localdate()
    calendar = [i.code for i in inputs.indicators if i.release]
    timed(lambda: compute(inputs, today=today), 20)  # warm up
    with_calendar = timed(lambda: compute(inputs, today=today), args.repeat)[:2]
    shipped = Indicator.release
    Indicator.release = property(lambda self: None)
    without = timed(lambda: compute(inputs, today=today), args.repeat)[:2]
    Indicator.release = shipped
    reading = timed(lambda: [i.release for i in inputs.indicators], args.repeat)[:2]
    print(f"Heinola: {len(inputs.indicators)} indicators, calendar entries: {', '.join(calendar)}")
    for label, (best, median) in [
        ("compute, with calendar", with_calendar),
        ("compute, release=None", without),
        ("Indicator.release × all", reading),
    ]:
        print(f"  {label + ':':<25} best {best * 1000:.2f} ms, median {median * 1000:.2f} ms")


if __name__ == "__main__":
    main()
