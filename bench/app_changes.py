"""Benchmark: how long a change of the strategy made in the app takes, preview and save.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/mittaristo_edit_bench \
        .venv/bin/python bench/app_changes.py [--repeat 20]

On Heinola's demo: an indicator's name changed (strategy/edits.py `part_change`), first as the
preview (run and rolled back, `preview_of`), then saved; each save names the indicator anew so
that it changes something. Both include the check that the strategy still makes a valid
strategy file, which is most of the time. The database named in BENCH_DATABASE_URL is dropped
and created anew; its name must contain "bench".
"""

import argparse
import datetime as dt
import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluation_db import timed  # noqa: E402
from import_observations import bench_database  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    bench_database()
    from mittaristo.core.translation import TranslatedText
    from mittaristo.demo.load import demo_load
    from mittaristo.strategy import edits
    from mittaristo.strategy.services import Decision

    strategy = demo_load().strategy.strategy
    indicator = strategy.indicators.order_by("pk").first()
    decision = Decision(dt.date.today() + dt.timedelta(days=1), "Benchmark", "Kv 1")
    names = (TranslatedText({"fi": f"Mittari {n}"}) for n in itertools.count())

    def change():
        return edits.part_change(
            part=indicator, fields={"name": next(names)}, decision=decision, user=None
        )

    preview = timed(lambda: edits.preview_of(change), args.repeat)[:2]
    save = timed(change, args.repeat)[:2]
    counts = f"{strategy.indicators.count()} indicators, {strategy.plans.count()} plans"
    print(f"Heinola's demo ({counts}), {args.repeat} runs each:")
    for label, (best, median) in [("preview", preview), ("save", save)]:
        print(f"  {label + ':':<9} best {best * 1000:.0f} ms, median {median * 1000:.0f} ms")


if __name__ == "__main__":
    main()
