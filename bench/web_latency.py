"""Benchmark: page latency under 20 concurrent clients, against PostgreSQL on loopback.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/mittaristo_bench \
        .venv/bin/python bench/web_latency.py [--clients 20] [--seconds 30] \
            [--workers 3] [--worker-class sync|gthread] [--threads 2] [--only /app/] \
            [--profile]

National scale: Heinola's demo (strategy, values, users, a published review round) plus
300 municipalities × 30 indicators × 20 years of synthetic values (Heinola's 19 indicators get
values for the other 299 municipalities, so peer comparisons have data; 11 more indicators in the
same strategy get values for all 300). The app is served as in production (docs/operations.md):
gunicorn with --workers sync worker processes (or gthread ones of --threads threads), DEBUG off,
CONN_MAX_AGE=60, the default in-process cache, in a subprocess on 127.0.0.1. Each client is a
thread with its own httpx client and the session cookie of the demo viewer `lukija`; it
requests the five pages in turn (or, with --only, one page), one request at a time (a closed
loop), for the given seconds. Prints per page: requests, p50, p95, p99 (ms), errors and
requests/s; and the SQL queries and CPU time of each page alone.
With --profile, one overview request is profiled in this process (cProfile, top functions).

The database named in BENCH_DATABASE_URL is dropped and created anew; its name must contain
"bench".
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_observations import AREAS, YEARS, bench_database, store_synthetic  # noqa: E402
from serving import wait_for_server  # noqa: E402

EXTRA_INDICATORS = 11  # Heinola's 19 + 11 = 30
PAGES = {
    "public front /": "/",
    "overview /app/": "/app/",
    "goal /app/tavoitteet/T2.2/": "/app/tavoitteet/T2.2/",
    "indicator /app/mittarit/tyopaikat/": "/app/mittarit/tyopaikat/",
    "public indicator /mittarit/tyopaikat/": "/mittarit/tyopaikat/",
}
INTERNAL = {"/app/", "/app/tavoitteet/T2.2/", "/app/mittarit/tyopaikat/"}
USER, PASSWORD = "lukija", "mittaristo-demo"


def prepare_data():
    """Heinola's demo, 300 municipalities and 30 indicators × 20 years of values for each."""
    from mittaristo.core.models import Area
    from mittaristo.demo.load import demo_load
    from mittaristo.strategy.models import Indicator

    strategy = demo_load().strategy.strategy
    heinola = strategy.organisation.get_or_create_area()
    rng = np.random.default_rng(6)
    if heinola.size_class is None:
        heinola.size_class = 5
        heinola.save(update_fields=["size_class"])
    codes = [f"{n:03d}" for n in range(1, 1000) if f"{n:03d}" != heinola.code][: AREAS - 1]
    for code in codes:
        Area.objects.get_or_create(
            kind=Area.Kind.MUNICIPALITY,
            code=code,
            defaults={"name": {"fi": f"Kunta {code}"}, "size_class": int(rng.integers(1, 10))},
        )
    own = list(strategy.indicators.values_list("pk", flat=True))
    extra = [
        Indicator.objects.get_or_create(
            strategy=strategy,
            code=f"bench-{i:02d}",
            defaults={
                "name": {"fi": f"Vertailumittari {i}"},
                "direction": "higher",
                "frequency": "yearly",
                "source_kind": "official_statistics",
            },
        )[0].pk
        for i in range(max(0, 30 - len(own)))
    ]
    others = list(Area.objects.municipalities().exclude(pk=heinola.pk).values_list("pk", flat=True))
    series = [(i, others if i in own else [heinola.pk, *others]) for i in own + extra]
    count = store_synthetic(series, rng=rng, high=10000)
    return len(own) + len(extra), count


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    url: str, port: int, static_root: str, workers: int, threads: int, worker_class: str
) -> subprocess.Popen:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=static_root,
        SECRET_KEY=os.environ["SECRET_KEY"],
        CONN_MAX_AGE="60",
    )
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [bin_dir / "mittaristo", "collectstatic", "--noinput", "-v0"],
        env=env,
        check=True,
        timeout=120,
    )
    server = subprocess.Popen(
        [
            bin_dir / "gunicorn",
            "mittaristo.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--worker-class={worker_class}",
            f"--workers={workers}",
            *([f"--threads={threads}"] if worker_class == "gthread" else []),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return wait_for_server(server, f"http://127.0.0.1:{port}/", seconds=20)


def log_in(base: str) -> dict:
    """The cookies of a logged-in session (copied as a header: they are marked Secure)."""
    import httpx

    with httpx.Client(base_url=base, timeout=10) as client:
        page = client.get("/app/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        csrf = page.cookies["csrftoken"]
        answer = client.post(
            "/app/login/",
            data={"username": USER, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Cookie": f"csrftoken={csrf}", "Referer": f"{base}/app/login/"},
        )
        if answer.status_code != 302 or "sessionid" not in answer.cookies:
            sys.exit(f"logging in as {USER} failed: HTTP {answer.status_code}")
        return {"Cookie": f"sessionid={answer.cookies['sessionid']}"}


def hammer(base: str, headers: dict, clients: int, seconds: float, paths: list):
    """`clients` threads request the `paths` in turn for `seconds`; latencies per page."""
    import httpx

    times = {p: [] for p in paths}
    errors = dict.fromkeys(paths, 0)
    lock = threading.Lock()
    start_gate = threading.Barrier(clients)

    def client_loop(offset: int):
        with httpx.Client(base_url=base, timeout=30, headers=headers) as client:
            start_gate.wait()
            end = time.perf_counter() + seconds
            i = offset
            while time.perf_counter() < end:
                path = paths[i % len(paths)]
                i += 1
                begun = time.perf_counter()
                try:
                    ok = client.get(path).status_code == 200
                except httpx.HTTPError:
                    ok = False
                took = time.perf_counter() - begun
                with lock:
                    times[path].append(took)
                    errors[path] += not ok

    threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(clients)]
    began, cpu_began = time.perf_counter(), cpu_by_command()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    cpu = cpu_by_command()
    spent = {k: v - cpu_began.get(k, 0) for k, v in cpu.items()}
    return times, errors, elapsed, spent


def cpu_by_command() -> dict:
    """CPU seconds (user + system) of the live processes, summed by command name ("gunicorn",
    "postgres", "python": the clients, this process), each with its children that have exited
    (a PostgreSQL backend closed during a run is counted under the server that reaped it, not
    lost: before, a connection recycled mid-run took its CPU out of the difference)."""
    totals = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        ticks = sum(int(fields[k]) for k in (11, 12, 13, 14))  # utime stime cutime cstime
        totals[name] = totals.get(name, 0) + ticks / os.sysconf("SC_CLK_TCK")
    return totals


def report(times, errors, elapsed, paths, spent):
    print(
        f"{'page':<40} {'requests':>8} {'p50':>7} {'p95':>7} {'p99':>7} {'errors':>6} {'req/s':>6}"
    )
    total = 0
    for label, path in PAGES.items():
        if path not in paths:
            continue
        ms = np.array(times[path]) * 1000
        p50, p95, p99 = np.percentile(ms, [50, 95, 99]) if len(ms) else (0, 0, 0)
        total += len(ms)
        print(
            f"{label:<40} {len(ms):>8} {p50:>7.0f} {p95:>7.0f} {p99:>7.0f}"
            f" {errors[path]:>6} {len(ms) / elapsed:>6.1f}"
        )
    print(f"all pages: {total} requests in {elapsed:.1f} s = {total / elapsed:.1f} requests/s")
    parts = {"server (gunicorn)": "gunicorn", "PostgreSQL": "postgres", "clients": "python"}
    print(
        "CPU per request:",
        ", ".join(f"{k} {spent.get(v, 0) / total * 1000:.1f} ms" for k, v in parts.items()),
        f"(the {os.cpu_count()} cores give {os.cpu_count() * elapsed / total * 1000:.1f} ms)",
    )


def queries_and_profile(profile: bool):
    """SQL queries per page (in this process, Django's test client) and, optionally, a profile."""
    import cProfile
    import pstats

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(get_user_model().objects.get(username=USER))
    for label, path in PAGES.items():
        client.get(path)  # warm up
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            status = client.get(path).status_code
        took, cpu = [], []
        for _ in range(5):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            took.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        print(
            f"{label:<40} HTTP {status}, {len(queries)} queries, median of 5 alone"
            f" {np.median(took):.0f} ms ({np.median(cpu):.0f} ms CPU in this process)"
        )
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        client.get("/app/")
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(35)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=2, help="threads in each gthread worker")
    parser.add_argument(
        "--only", choices=sorted(PAGES.values()), help="request only this page (default: all five)"
    )
    parser.add_argument("--profile", action="store_true", help="profile one overview request")
    args = parser.parse_args()
    url = bench_database()
    started = time.perf_counter()
    indicators, values = prepare_data()
    print(
        f"stored {values:,} synthetic values ({AREAS} municipalities, {indicators} indicators,"
        f" {len(YEARS)} years) beside the demo in {time.perf_counter() - started:.0f} s"
    )
    with tempfile.TemporaryDirectory() as static_root:
        port = free_port()
        server = start_server(url, port, static_root, args.workers, args.threads, args.worker_class)
        try:
            base = f"http://127.0.0.1:{port}"
            headers = log_in(base)
            paths = [args.only] if args.only else list(PAGES.values())
            hammer(base, headers, len(PAGES), 3, list(PAGES.values()))  # warm up
            times, errors, elapsed, spent = hammer(base, headers, args.clients, args.seconds, paths)
        finally:
            server.terminate()
            server.wait(timeout=10)
    prepare = os.environ.get("DATABASE_PREPARE", "true")
    print(
        f"{args.clients} clients for {args.seconds:.0f} s, gunicorn {args.workers} workers"
        f" {args.worker_class}"
        + (f" × {args.threads} threads" if args.worker_class == "gthread" else "")
        + f" (DEBUG off, CONN_MAX_AGE=60, DATABASE_PREPARE={prepare}):"
    )
    report(times, errors, elapsed, paths, spent)
    print("each page alone, in this process:")
    queries_and_profile(args.profile)


if __name__ == "__main__":
    main()
