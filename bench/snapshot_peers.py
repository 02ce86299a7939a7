"""Benchmark: what freezing the peers costs when a review round is published, on PostgreSQL.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/mittaristo_snapshot_bench \
        .venv/bin/python bench/snapshot_peers.py [--repeat 5]

The data of bench/web_latency.py (not timed): Heinola's demo with its published round, and
300 municipalities × 30 indicators × 20 years of synthetic values, each municipality in a
size class. Then `build_snapshot` of the demo round (as of its date, as publishing does) is
timed whole, and the peer comparisons alone (`compare_with_peers(..., as_of=...)` and
`peers_record` for each indicator); prints the SQL queries, the snapshot's size in JSON with
and without the peers, and what reading it costs a public page that reads the snapshot
(`read_record`: validating the stored JSON into the evaluation record) with and without them.

The database named in BENCH_DATABASE_URL is dropped and created anew; its name must contain
"bench".
"""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluation_db import timed  # noqa: E402
from import_observations import bench_database  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    bench_database()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from web_latency import prepare_data

    from mittaristo.monitoring.evaluator import evaluate_strategy
    from mittaristo.monitoring.peers import compare_with_peers
    from mittaristo.monitoring.records import peers_record, read_record
    from mittaristo.reviews.models import ReviewRound
    from mittaristo.reviews.snapshot import build_snapshot

    start = time.perf_counter()
    indicators, values = prepare_data()
    print(
        f"stored {values:,} values of {indicators} indicators in "
        f"{time.perf_counter() - start:.0f} s (setup, not timed below)"
    )
    review = ReviewRound.objects.get()
    evaluation = evaluate_strategy(review.strategy, as_of=review.as_of)
    area = evaluation.area

    def peers_only():
        return [
            peers_record(compare_with_peers(ev.indicator, area, as_of=review.as_of))
            for ev in evaluation.indicators.values()
        ]

    best_all, median_all, snapshot = timed(lambda: build_snapshot(review), args.repeat)
    best_peers, median_peers, frozen = timed(peers_only, args.repeat)
    with CaptureQueriesContext(connection) as whole:
        build_snapshot(review)
    with CaptureQueriesContext(connection) as peers:
        peers_only()
    text = json.dumps(snapshot, ensure_ascii=False)
    best_read, median_read, _ = timed(lambda: read_record(json.loads(text)), args.repeat * 20)
    for indicator in snapshot["indicators"].values():
        indicator["peers"] = None
    bare_text = json.dumps(snapshot, ensure_ascii=False)
    best_bare, median_bare, _ = timed(lambda: read_record(json.loads(bare_text)), args.repeat * 20)
    size, bare = len(text.encode()), len(bare_text.encode())
    compared = sum(1 for p in frozen if p)
    print(f"Heinola's round as of {review.as_of}: {len(frozen)} indicators, {compared} with peers")
    for label, best, median, queries in [
        ("build_snapshot, whole", best_all, median_all, whole),
        ("the peers alone", best_peers, median_peers, peers),
    ]:
        print(
            f"  {label + ':':<23} best {best * 1000:.0f} ms, median {median * 1000:.0f} ms, "
            f"{len(queries.captured_queries)} queries"
        )
    print(f"  snapshot JSON: {size / 1024:.0f} KiB with the peers, {bare / 1024:.0f} KiB without")
    print(
        f"  read (json.loads + read_record): best {best_read * 1000:.1f} ms, median "
        f"{median_read * 1000:.1f} ms with the peers; best {best_bare * 1000:.1f} ms, median "
        f"{median_bare * 1000:.1f} ms without"
    )


if __name__ == "__main__":
    main()
