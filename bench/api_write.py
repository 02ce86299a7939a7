"""Benchmark: a batch of 10,000 observations written through POST /api/v1/observations/.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/mittaristo_bench \
        .venv/bin/python bench/api_write.py [--rows 10000]

The request goes through Django's test client: the whole stack (middleware, the token, the
rate limit, the JSON, the import's reading and checks, the store by COPY) but no network or
server process. 300 municipalities × 20 years × as many yearly indicators as the rows need
(bench/import_observations.py's strategy). The database named in BENCH_DATABASE_URL is dropped
and created anew; its name must contain "bench". Prints the time of each request and the
peak memory (max RSS) of the process.
"""

import argparse
import json
import os
import resource
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.import_observations import AREAS, YEARS, prepare, setup_django  # noqa: E402


def body(count: int, indicators: int, *, shift: float = 0.0) -> bytes:
    """A year-by-year batch as a finance system sends it: numbers as JSON numbers."""
    observations = []
    for i in range(indicators):
        for a in range(AREAS):
            for year in YEARS:
                if len(observations) == count:
                    break
                number = round((i * 7 + a * 13 + year) % 100000 / 10 + shift, 2)
                observations.append(
                    {
                        "indicator": f"m{i:03d}",
                        "area": f"{a + 1:03d}",
                        "period": year,
                        "value": number,
                        "status": "final",
                    }
                )
    return json.dumps({"observations": observations}).encode()


def post(client, secret: str, data: bytes, key: str):
    started = time.perf_counter()
    response = client.post(
        "/api/v1/observations/",
        data,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
        HTTP_IDEMPOTENCY_KEY=key,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    return response, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mittaristo_bench"
    )
    if not url.startswith("postgres") or "bench" not in url.rsplit("/", 1)[1]:
        sys.exit("Set BENCH_DATABASE_URL to a PostgreSQL database whose name contains 'bench'.")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["API_WRITE_MAX_ROWS"] = str(max(args.rows, 10_000))
    setup_django(url)
    from django.test import Client

    from mittaristo.api.tokens import api_token_create

    indicators = -(-args.rows // (AREAS * len(YEARS)))
    strategy = prepare(indicators)
    _token, secret = api_token_create(name="bench", indicators=strategy.indicators.all())
    client = Client()
    client.post("/api/v1/observations/", b"{", content_type="application/json")  # warm up
    first = body(args.rows, indicators)
    changed = body(args.rows, indicators, shift=0.05)
    print(f"batch of {args.rows:,} observations: {len(first) / 2**20:.2f} MiB of JSON")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max RSS before the requests (Django, the bodies built): {before:,.0f} MiB")
    key = str(uuid.uuid4())
    for label, data, request_key in (
        ("first (all new)", first, key),
        ("retried with the same key (the first answer)", first, key),
        ("again with a new key (all unchanged)", first, str(uuid.uuid4())),
        ("every value changed, all plausible", changed, str(uuid.uuid4())),
    ):
        response, elapsed = post(client, secret, data, request_key)
        answer = response.json()
        if response.status_code != 200:
            sys.exit(f"{label}: {response.status_code} {answer.get('message')}")
        print(
            f"{label}: {elapsed:.2f} s = {args.rows / elapsed:,.0f} rows/s "
            f"(new {answer['created']:,}, changed {answer['changed']:,}, "
            f"unchanged {answer['unchanged']:,})"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
