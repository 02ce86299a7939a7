"""Benchmark: reading every observation of one strategy through the open API, on PostgreSQL.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/apiformats_bench_db \
        .venv/bin/python bench/api_read.py [--repeat 5] [--rounds 20]

The data of bench/web_latency.py (not timed): Heinola's demo, 300 municipalities × 30
indicators × 20 years of synthetic values. The demo's published round is then published again
with a snapshot built over those data (as publishing does), so its record holds Heinola's
values of all 30 indicators. Timed, through the app in this process (Django's test client: the
whole request, middleware included, without the network):

- every observation of the strategy's latest round, all pages at `page_size=1000`, as JSON,
  as CSV and as one JSON-stat dataset, and at the default 100 a page as JSON;
- the same with `round=all` over `--rounds` published rounds (copies of that round: the history
  of a strategy reviewed twice a year for ten years), which makes a large answer;
- a conditional GET that is answered 304 Not Modified.

The API serves each published record's values for the city's own area (what the public site
shows), not the 300 municipalities' rows: those stay in the record's peers. The database named
in BENCH_DATABASE_URL is dropped and created anew; its name must contain "bench".
"""

import argparse
import json
import os
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
from evaluation_db import timed  # noqa: E402
from import_observations import bench_database  # noqa: E402


def pull(client, url: str) -> tuple[int, int, int]:
    """Every page of `url`: (pages, rows, bytes)."""
    pages = rows = size = 0
    page = 1
    while True:
        response = client.get(f"{url}&page={page}" if "jsonstat" not in url else url)
        assert response.status_code == 200, (url, response.content[:300])
        pages, size = pages + 1, size + len(response.content)
        rows = int(response.get("X-Total-Count", 0)) or _cells(response)
        if "jsonstat" in url or page * 1000 >= rows and "page_size=1000" in url:
            return pages, rows, size
        if "page_size=1000" not in url and page * 100 >= rows:
            return pages, rows, size
        page += 1


def _cells(response) -> int:
    value = json.loads(response.content)["value"]
    return sum(1 for v in (value.values() if isinstance(value, dict) else value) if v is not None)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    bench_database()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from web_latency import prepare_data

    from mittaristo.reviews.models import ReviewRound
    from mittaristo.reviews.snapshot import build_snapshot

    start = time.perf_counter()
    indicators, values = prepare_data()
    review = ReviewRound.objects.get()
    review.snapshot = build_snapshot(review)
    review.save(update_fields=["snapshot"])
    print(
        f"stored {values:,} values of {indicators} indicators and built the round's snapshot in "
        f"{time.perf_counter() - start:.0f} s (setup, not timed below)"
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    code = review.strategy.code
    latest = f"/api/v1/observations/?strategy={code}"
    cases = [
        ("latest round, JSON, 1000 a page", f"{latest}&page_size=1000"),
        ("latest round, CSV, 1000 a page", f"{latest}&page_size=1000&format=csv"),
        ("latest round, JSON, 100 a page", f"{latest}&page_size=100"),
        ("latest round, JSON-stat", f"{latest}&format=jsonstat"),
    ]
    every = f"{latest}&round=all"
    history = [
        (f"{args.rounds} rounds, JSON, 1000 a page", f"{every}&page_size=1000"),
        (f"{args.rounds} rounds, CSV, 1000 a page", f"{every}&page_size=1000&format=csv"),
        (f"{args.rounds} rounds, JSON-stat", f"{every}&format=jsonstat"),
    ]

    def measure(label, url):
        best, median, (pages, rows, size) = timed(lambda: pull(client, url), args.repeat)
        with CaptureQueriesContext(connection) as queries:
            pull(client, url)
        print(
            f"| {label} | {rows:,} | {pages} | {size / 1024:,.0f} KiB | {best * 1000:,.0f} ms "
            f"| {median * 1000:,.0f} ms | {len(queries)} |"
        )

    print("| What | Rows | Requests | Bytes | Best | Median | Queries |")
    print("|---|---|---|---|---|---|---|")
    for label, url in cases:
        measure(label, url)
    now = timezone.now()
    ReviewRound.objects.bulk_create(
        ReviewRound(
            strategy=review.strategy,
            name=f"Katsaus {n}",
            as_of=review.as_of,
            state=ReviewRound.State.PUBLISHED,
            published_at=now - timezone.timedelta(days=180 * n),
            snapshot=review.snapshot,
        )
        for n in range(1, args.rounds)
    )
    for label, url in history:
        measure(label, url)

    url = f"{latest}&page_size=1000"
    etag = client.get(url)["ETag"]

    def conditional():
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 304
        return response

    best, median, _ = timed(conditional, args.repeat * 20)
    with CaptureQueriesContext(connection) as queries:
        conditional()
    print(
        f"| conditional GET (If-None-Match), 304 | – | 1 | 0 | {best * 1000:.1f} ms "
        f"| {median * 1000:.1f} ms | {len(queries)} |"
    )


if __name__ == "__main__":
    main()
