"""Benchmark: an installation at national scale, against PostgreSQL, Redis and gunicorn.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/mittaristo_national_bench \
    REDIS_URL=redis://127.0.0.1:6379/12 \
        .venv/bin/python bench/national_scale.py [--organisations 308] [--seconds 30] \
            [--clients 50] [--workers 2] [--only overview,front,first-read,nightly]
            [--nightly-series 300] [--threads 1] [--reuse]

Issue 21, item 7. The data (`create_data`, setup, not timed):
- 308 organisations, each with an address (slug) and its own municipality: Heinola's demo
  (with its published round) and 307 more, each a strategy of 3 aims, 6 goals and 30
  indicators with a 2030 target, built in bulk. Every indicator is bound to one of 300
  national statistics (`{source: sotkanet, indicator: N}`), organisation k's indicator j to
  statistic (7k + 10j) mod 300, so the organisations share the same national statistics.
- The national data, stored once: 300 national series (strategy/shared.py: an indicator no
  strategy owns, named by its binding's `series_key`, made by `series_of` as the loader does),
  each with the 308 municipalities × 20 years (1.85 million values), stored through
  `observations_upsert` (the fetch's and the import's store). Each organisation's bound
  indicators point to their series (`Indicator.series`) and hold no values of their own:
  they read their own municipality's from the series.
- a reader (viewer role) in each organisation.

Then, measured:
1. **overview**: `/<slug>/app/` under --clients concurrent clients (wrk, one connection per
   client thread; thread k cycles over organisations k, k + 50, …, each with the session of
   that organisation's reader), served by
   gunicorn with --workers sync worker processes, Redis as the cache (REDIS_URL, default
   database 12), DEBUG off, CONN_MAX_AGE=60: p50/p95/p99 and requests/s, clients included on
   the same 2 cores. Every organisation's page is opened once first (the cold cost printed).
2. **front**: the public front page of Heinola (`/heinola/`, its published round) against a
   minimal Django view returning a page of the same size (`bench/national_site.py`), under
   the same gunicorn, side by side, wrk with 20 keep-alive connections, anonymous.
3. **first-read**: the first national read (`yearly_matrix` of the 300 statistics) right
   after a national import (every statistic's values stored anew), and again with every pack
   behind (what a reader paid before the import built the packs).
4. **nightly**: the nightly fetch-and-recompute (`sources.due.fetch_due`, what the job
   `schedule.fetch-due-data` runs, then `schedule.recompute-indices`) with Sotkanet's answers
   made once, recorded and replayed (never the network): a night with nothing new (the 20
   years as stored), then a night when a new year (2025) came for every statistic. Each
   national series is fetched once however many organisations bind it. With
   --nightly-series N < 300 only N series are due (the others fetched recently) and the
   whole night is extrapolated from them.

wrk must be installed (`apt-get install -y wrk`). The database named in BENCH_DATABASE_URL is
dropped and created anew; its name must contain "bench". The Redis database is flushed. With
--reuse (the overview and the front page only) the database an earlier run left is migrated
and measured again, and the cache kept: for comparing server settings or a change to the
request path without the setup's minutes.
"""

import argparse
import os
import re
import resource
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_observations import bench_database  # noqa: E402
from serving import wait_for_server  # noqa: E402
from web_latency import cpu_by_command, free_port  # noqa: E402

YEARS = list(range(2005, 2025))
STATISTICS = 300
PASSWORD = "national-bench-password"


# ---------------------------------------------------------------------------------------------
# The data


def statistic_of(organisation: int, indicator: int) -> int:
    """Which national statistic (0-based) organisation k's indicator j binds."""
    return (7 * organisation + 10 * indicator) % STATISTICS


def synthetic_values(areas: int, rng) -> np.ndarray:
    """[statistic, area, year] values: each area's own level and pace, 3 % noise."""
    level = rng.uniform(10, 1000, (STATISTICS, areas, 1))
    growth = rng.normal(0.01, 0.02, (STATISTICS, areas, 1))
    years = np.arange(len(YEARS))[None, None, :]
    noise = rng.normal(1, 0.03, (STATISTICS, areas, len(YEARS)))
    return np.round(level * (1 + growth) ** years * noise, 2)


def create_data(*, organisations: int, clients: int, rng) -> dict:
    """Every row of the benchmark (see the module's docstring); what the measurements need."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from mittaristo.core.models import Area
    from mittaristo.demo.load import demo_load
    from mittaristo.strategy.models import Membership, Organisation

    heinola_strategy = demo_load().strategy.strategy
    heinola = heinola_strategy.organisation
    if not heinola.slug:
        heinola.slug = "heinola"
        heinola.save(update_fields=["slug"])
    codes = [heinola.code] + [f"{n:03d}" for n in range(1, 1000) if f"{n:03d}" != heinola.code][
        : organisations - 1
    ]
    existing = set(Area.objects.municipalities().values_list("code", flat=True))
    Area.objects.bulk_create(
        Area(kind=Area.Kind.MUNICIPALITY, code=c, name={"fi": f"Kunta {c}"}, size_class=5)
        for c in codes
        if c not in existing
    )
    area_of = dict(Area.objects.municipalities().values_list("code", "pk"))
    orgs = [heinola] + Organisation.objects.bulk_create(
        Organisation(code=c, name={"fi": f"Kunta {c}"}, slug=f"kunta-{c}") for c in codes[1:]
    )
    values = synthetic_values(len(codes), rng)
    national = national_series_store(codes, area_of, values)
    bound = organisation_strategies_create(orgs[1:], national)
    password = make_password(PASSWORD)
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"lukija-{k:03d}", password=password) for k in range(len(orgs))
    )
    Membership.objects.bulk_create(
        Membership(user=users[k], organisation=o, role="viewer") for k, o in enumerate(orgs)
    )
    # As autovacuum leaves a database long in use: statistics, and the visibility map that lets
    # an index-only scan skip the table (without it, the first minutes after a bulk load
    # measure autovacuum's timing, not the application).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "organisations": orgs,
        "national": national,
        "bound": bound,
        "values": values,
        "codes": codes,
        "area_of": area_of,
        "users": users,
    }


def data_reused(url: str) -> dict:
    """What the overview and the front page need of the database an earlier run left:
    the organisations by id (Heinola first, as `create_data` made them) and their readers."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mittaristo.settings")
    os.environ["DEBUG"] = "false"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from mittaristo.strategy.models import Membership

    members = Membership.objects.filter(user__username__startswith="lukija-", role="viewer")
    pairs = sorted(
        ((m.organisation, m.user) for m in members.select_related("organisation", "user")),
        key=lambda pair: pair[1].username,
    )
    if not pairs:
        sys.exit("--reuse: no earlier run's data in BENCH_DATABASE_URL; run without it first.")
    return {"organisations": [o for o, _u in pairs], "users": [u for _o, u in pairs]}


def national_series_store(codes, area_of, values) -> list[int]:
    """The 300 national series (made by `series_of`, as loading a strategy file makes them),
    with the values of every municipality of `codes` × 20 years; their ids, in order."""
    from mittaristo.strategy.shared import series_of

    series = [series_of(bound_indicator(None, f"s{s:03d}", s, s)) for s in range(STATISTICS)]
    ids = [x.pk for x in series]
    for s, pk in enumerate(ids):
        national_import([pk], codes, area_of, values[s : s + 1])
    return ids


def national_import(indicator_ids, codes, area_of, values) -> float:
    """Store values[i, area, year] for each indicator of `indicator_ids` through the import's
    store (`observations_upsert`); the seconds it took."""
    from mittaristo.core.periods import parse_period
    from mittaristo.observations.services import ObservationRow, observations_upsert

    periods = [parse_period(str(y)) for y in YEARS]
    areas = [area_of[c] for c in codes]
    started = time.perf_counter()
    for n, indicator in enumerate(indicator_ids):
        rows = [
            ObservationRow(indicator, area, period, Decimal(f"{values[n, a, y]:.2f}"))
            for a, area in enumerate(areas)
            for y, period in enumerate(periods)
        ]
        observations_upsert(rows=rows, source_kind="fetch")
    return time.perf_counter() - started


def new_strategy(organisation):
    from mittaristo.strategy.models import Strategy

    return Strategy.objects.create(
        organisation=organisation,
        code="strategia",
        name={"fi": f"Strategia {organisation.code}"},
        horizon_start=2022,
        horizon_end=2030,
        council_term_start=2021,
        council_term_end=2025,
    )


def bound_indicator(strategy, code, order, statistic):
    from mittaristo.strategy.models import Indicator

    return Indicator(
        strategy=strategy,
        code=code,
        order=order,
        name={"fi": f"Tilasto {statistic + 1}"},
        direction="higher",
        frequency="yearly",
        source_kind="official_statistics",
        binding={"source": "sotkanet", "indicator": statistic + 1},
    )


def organisation_strategies_create(orgs, series: list[int]) -> int:
    """Each organisation's strategy (3 aims, 6 goals, 30 indicators bound to national
    statistics, each pointing to its series, a 2030 target each); the indicators' count."""
    from mittaristo.strategy.models import Aim, Goal, GoalIndicator, Indicator, Strategy, Target

    strategies = Strategy.objects.bulk_create(
        Strategy(
            organisation=o,
            code="strategia",
            name={"fi": f"Strategia {o.code}"},
            horizon_start=2022,
            horizon_end=2030,
            council_term_start=2021,
            council_term_end=2025,
        )
        for o in orgs
    )
    aims = Aim.objects.bulk_create(
        Aim(strategy=s, code=f"P{a + 1}", order=a, name={"fi": f"Päämäärä {a + 1}"})
        for s in strategies
        for a in range(3)
    )
    goals = Goal.objects.bulk_create(
        Goal(aim=aim, code=f"{aim.code}.{g + 1}", order=g, name={"fi": f"Tavoite {g + 1}"})
        for aim in aims
        for g in range(2)
    )
    k_of = {s.pk: k + 1 for k, s in enumerate(strategies)}  # Heinola is organisation 0
    made = []
    for s in strategies:
        for j in range(30):
            statistic = statistic_of(k_of[s.pk], j)
            indicator = bound_indicator(s, f"m{j:02d}", j, statistic)
            indicator.series_id = series[statistic]  # as strategy.shared.indicators_link
            made.append(indicator)
    indicators = Indicator.objects.bulk_create(made)
    goals_of = {}
    for goal in goals:
        goals_of.setdefault(goal.aim.strategy_id, []).append(goal)
    GoalIndicator.objects.bulk_create(
        GoalIndicator(goal=goals_of[i.strategy_id][i.order // 5], indicator=i, order=i.order % 5)
        for i in indicators
    )
    Target.objects.bulk_create(
        Target(indicator=i, year=2030, value=Decimal(500 + 10 * i.order)) for i in indicators
    )
    return len(indicators)


# ---------------------------------------------------------------------------------------------
# The server and the clients


def server_env(url: str, static_root: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=static_root,
        CONN_MAX_AGE="60",
        DJANGO_SETTINGS_MODULE="national_settings",
        PYTHONPATH=str(Path(__file__).resolve().parent),
    )
    return env


def start_server(env: dict, port: int, workers: int, threads: int = 1) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            Path(sys.executable).parent / "gunicorn",
            "mittaristo.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            # 1: sync workers; more: gthread, each process serving that many requests at once
            f"--threads={threads}",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return wait_for_server(server, f"http://127.0.0.1:{port}/health/", seconds=30)


def sessions_of(users) -> list[str]:
    """A session cookie for each user, made in the shared session store (as a login would)."""
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    cookies = []
    for user in users:
        client = Client()
        client.force_login(user)
        cookies.append(f"sessionid={client.cookies[settings.SESSION_COOKIE_NAME].value}")
    return cookies


WRK_SCRIPT = """
local pairs = {%(pairs)s}
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  n = 0
  mine = pairs[(id %% #pairs) + 1]
end
function request()
  n = n + 1
  local pair = mine[(n %% #mine) + 1]
  local headers = {}
  if pair[2] ~= "" then headers["Cookie"] = pair[2] end
  return wrk.format("GET", pair[1], headers)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d %%d %%d\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def wrk(base: str, pairs: list[list[tuple[str, str]]], *, connections, threads, seconds):
    """wrk, thread k cycling over the (address, cookie) pairs of pairs[k]: requests,
    p50/p95/p99/max (ms), HTTP errors, socket errors, requests/s, and the CPU seconds spent
    by command name (wrk's own from this process's finished children)."""
    lua = WRK_SCRIPT % {
        "pairs": ", ".join(
            "{" + ", ".join(f'{{"{p}", "{c}"}}' for p, c in thread) + "}" for thread in pairs
        )
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(lua)
        script.flush()
        before = cpu_by_command()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "60s",
                "-s",
                script.name,
                base,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        )
        after = cpu_by_command()
        ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    found = re.search(r"^RESULT (.*)$", done.stdout, re.M)
    if not found:
        sys.exit(f"wrk printed no result:\n{done.stdout}\n{done.stderr}")
    requests, micros, p50, p95, p99, top, status, socket = map(int, found.group(1).split())
    spent = {k: v - before.get(k, 0) for k, v in after.items()}
    spent["wrk"] = ended.ru_utime + ended.ru_stime - children.ru_utime - children.ru_stime
    return {
        "requests": requests,
        "per_second": requests / (micros / 1e6),
        "ms": (p50 / 1000, p95 / 1000, p99 / 1000, top / 1000),
        "errors": (status, socket),
        "cpu": spent,
    }


def wrk_line(label: str, result: dict) -> str:
    p50, p95, p99, top = result["ms"]
    n = max(1, result["requests"])
    cpu = result["cpu"]
    return (
        f"| {label} | {result['requests']:,} | {result['per_second']:,.0f} | {p50:.0f} | "
        f"{p95:.0f} | {p99:.0f} | {top:.0f} | {result['errors'][0]}/{result['errors'][1]} | "
        f"{cpu.get('gunicorn', 0) / n * 1000:.2f} | {cpu.get('postgres', 0) / n * 1000:.2f} | "
        f"{cpu.get('wrk', 0) / n * 1000:.2f} |"
    )


WRK_HEADER = (
    "| What | Requests | Requests/s | p50 ms | p95 ms | p99 ms | max ms | errors HTTP/socket |"
    " CPU ms/request: gunicorn | PostgreSQL | wrk |\n|---|---|---|---|---|---|---|---|---|---|---|"
)


# ---------------------------------------------------------------------------------------------
# The measurements


def measure_overview(base, data, args):
    import httpx

    orgs, users = data["organisations"], data["users"]
    cookies = sessions_of(users)
    pairs = [[] for _ in range(args.clients)]
    for k, organisation in enumerate(orgs):
        pairs[k % args.clients].append((f"/{organisation.address}/app/", cookies[k]))
    # Each organisation's overview once, cold (its evaluation computed and cached).
    cold = []
    for k, organisation in enumerate(orgs):
        started = time.perf_counter()
        answer = httpx.get(
            f"{base}/{organisation.address}/app/",
            headers={"Cookie": cookies[k]},
            timeout=60,
        )
        cold.append(time.perf_counter() - started)
        if answer.status_code != 200:
            sys.exit(f"/{organisation.address}/app/ answered {answer.status_code}")
    cold_ms = np.array(cold) * 1000
    print(
        f"overview, first request of each of {len(orgs)} organisations, one at a time: "
        f"median {np.median(cold_ms):.0f} ms, p95 {np.percentile(cold_ms, 95):.0f} ms, "
        f"total {sum(cold):.1f} s"
    )
    load = os.getloadavg()
    result = wrk(
        base,
        pairs,
        connections=args.clients,
        threads=args.clients,
        seconds=args.seconds,
    )
    print(f"\noverview under {args.clients} clients (load average before {load[0]:.2f}):")
    print(WRK_HEADER)
    print(wrk_line(f"`/<slug>/app/`, {len(orgs)} organisations", result))
    return result


def measure_front(base, args):
    import httpx

    size = len(httpx.get(f"{base}/heinola/", timeout=30).content)
    minimal = len(httpx.get(f"{base}/bench-minimal/", timeout=30).content)
    print(f"\npublic front page /heinola/ {size:,} bytes; minimal view {minimal:,} bytes")
    print(WRK_HEADER)
    results = {}
    for label, path in [("minimal view", "/bench-minimal/"), ("front `/heinola/`", "/heinola/")]:
        wrk(base, [[(path, "")]], connections=args.front_connections, threads=2, seconds=3)
        result = wrk(
            base,
            [[(path, "")]],
            connections=args.front_connections,
            threads=2,
            seconds=args.seconds,
        )
        results[label] = result
        print(wrk_line(label, result))
    ratio = results["front `/heinola/`"]["per_second"] / results["minimal view"]["per_second"]
    print(f"front page at {ratio:.0%} of the minimal view's rate (target at least 50 %)")
    return results


def measure_first_read(data, args):
    """A national import (every statistic's values changed), then the first read."""
    from mittaristo.monitoring.national import yearly_matrix
    from mittaristo.observations.models import YearlyPack

    ids = data["national"]
    values = np.round(data["values"] * 1.01, 2)
    took = national_import(ids, data["codes"], data["area_of"], values)
    data["values"] = values  # as stored now: what the nightly fetch's answers start from
    print(f"\nnational import, {values.size:,} values changed ({len(ids)} series): {took:.1f} s")
    timings = []
    started = time.perf_counter()
    matrix = yearly_matrix(ids)
    timings.append(("first read after the import", time.perf_counter() - started))
    started = time.perf_counter()
    yearly_matrix(ids)
    timings.append(("second read", time.perf_counter() - started))
    YearlyPack.objects.filter(indicator_id__in=ids).update(built_version=-1)
    started = time.perf_counter()
    yearly_matrix(ids)
    timings.append(
        ("read with every pack behind (rebuilt by the reader)", time.perf_counter() - started)
    )
    print(f"| Read of {matrix.values.shape[0]:,} series × {matrix.values.shape[1]} years | s |")
    print("|---|---|")
    for label, seconds in timings:
        print(f"| {label} | {seconds:.2f} |")
    return took, timings


def front_page_bytes() -> int:
    """The size of Heinola's public front page, for the minimal view to match."""
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    return len(Client().get("/heinola/").content)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--organisations", type=int, default=308)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--front-connections", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="threads per process (1: sync workers; more: gthread)",
    )
    parser.add_argument(
        "--nightly-series", type=int, default=STATISTICS, help="series due in the nightly fetch"
    )
    parser.add_argument("--only", default="overview,front,first-read,nightly")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure on the database an earlier run left (migrated, not rebuilt, the cache "
        "kept): for the overview and the front page, when comparing server settings",
    )
    args = parser.parse_args()
    only = set(args.only.split(","))
    redis = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/12")
    os.environ["CACHE_URL"] = redis
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["LOGIN_CACHE_URL"] = redis + "?key_prefix=logins"
    if args.reuse:
        if only - {"overview", "front"}:
            sys.exit("--reuse measures only the overview and the front page (--only).")
        url = os.environ.get("BENCH_DATABASE_URL", "")
        data = data_reused(url)
        print(f"reused the database of an earlier run: {len(data['organisations'])} organisations")
    else:
        url = bench_database()
        from django.core.cache import cache

        cache.clear()
        started = time.perf_counter()
        data = create_data(
            organisations=args.organisations, clients=args.clients, rng=np.random.default_rng(21)
        )
        print(
            f"setup (not timed below): {len(data['organisations'])} organisations, "
            f"{STATISTICS} national series × {len(data['codes'])} municipalities × "
            f"{len(YEARS)} years, {data['bound']:,} bound indicators of the organisations, in "
            f"{time.perf_counter() - started:.0f} s; load average {os.getloadavg()}"
        )
    if "first-read" in only:
        measure_first_read(data, args)
    os.environ["MINIMAL_PAGE_BYTES"] = str(front_page_bytes())
    with tempfile.TemporaryDirectory() as static_root:
        env = server_env(url, static_root)
        subprocess.run(
            [Path(sys.executable).parent / "mittaristo", "collectstatic", "--noinput", "-v0"],
            env=env,
            check=True,
            timeout=120,
        )
        port = free_port()
        server = start_server(env, port, args.workers, args.threads)
        base = f"http://127.0.0.1:{port}"
        try:
            kind = "sync" if args.threads == 1 else f"gthread × {args.threads} threads"
            print(f"gunicorn, {args.workers} workers ({kind}), Redis cache {redis}")
            if "front" in only:
                measure_front(base, args)
            if "overview" in only:
                measure_overview(base, data, args)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
    if "nightly" in only:
        measure_nightly(data, args)
    print(f"load average at the end: {os.getloadavg()}")


def sotkanet_answers(codes, values, *, new_year: bool):
    """A handler answering as Sotkanet would: /regions (the municipalities), and /json with
    a statistic's 20 years of every municipality, and 2025 too when `new_year`."""
    import httpx

    regions = {code: 5000 + n for n, code in enumerate(codes)}
    latest = np.round(values[:, :, -1] * 1.01, 2)

    def answer(request):
        if request.url.path.endswith("/regions"):
            return httpx.Response(
                200,
                json=[
                    {"id": r, "code": c, "category": "KUNTA", "title": {"fi": f"Kunta {c}"}}
                    for c, r in regions.items()
                ],
            )
        s = int(request.url.params["indicator"]) - 1
        rows = [
            {
                "indicator": s + 1,
                "region": regions[c],
                "year": year,
                "gender": "total",
                "value": float(values[s, a, y]),
            }
            for a, c in enumerate(codes)
            for y, year in enumerate(YEARS)
        ]
        if new_year:
            rows += [
                {
                    "indicator": s + 1,
                    "region": regions[c],
                    "year": 2025,
                    "gender": "total",
                    "value": float(latest[s, a]),
                }
                for a, c in enumerate(codes)
            ]
        return httpx.Response(200, json=rows)

    return answer


def read_binding(binding):
    from mittaristo.strategy.bindings import read_binding as read

    return read(binding)


def measure_nightly(data, args):
    """The nightly fetch and recompute with Sotkanet's answers recorded and replayed: what
    the job `schedule.fetch-due-data` runs (`fetch_due`: the due national series, each
    fetched once, however many organisations bind it), a night with nothing new and then a
    night when a new year (2025) came; then `recompute-indices`."""
    import datetime as dt

    import httpx
    from django.utils import timezone

    from mittaristo.jobs.queue import FUNCTIONS
    from mittaristo.schedule import tasks  # noqa: F401 (declares the jobs)
    from mittaristo.sources.due import indicators_due
    from mittaristo.sources.fetching import Clients, fetch_binding, make_clients
    from mittaristo.sources.http import Client, RecordingTransport
    from mittaristo.sources.services import indicator_fetch
    from mittaristo.strategy.models import Indicator

    series = list(Indicator.objects.filter(pk__in=data["national"]).order_by("pk"))
    due = series[: args.nightly_series]
    now = timezone.now()
    timings = {}
    with tempfile.TemporaryDirectory() as folder:
        for n, (night, new_year) in enumerate([("nothing new", False), ("a new year", True)]):
            recorded = Path(folder) / f"night-{n}"
            inner = httpx.MockTransport(
                sotkanet_answers(data["codes"], data["values"], new_year=new_year)
            )
            transport = RecordingTransport(recorded, inner=inner)
            recording = Clients(
                pxweb=Client(transport=transport), sotkanet=Client(transport=transport)
            )
            for indicator in due:  # recorded, not timed
                fetch_binding(read_binding(indicator.binding), clients=recording)
            # What fetch_due does: the due work, one per national series (indicators_due),
            # then each fetched and stored (indicator_fetch); the bench's series of it only
            # (Heinola's demo binds other statistics, not recorded here).
            clients = make_clients(replay=recorded)
            started = time.perf_counter()
            work = indicators_due(now=now + dt.timedelta(days=n))
            listing = time.perf_counter() - started
            chosen = {i.pk for i in due}
            mine = [(i, b, label) for i, b, label in work if i.series_id in chosen]
            every = [w for w in work if w[0].series_id in set(data["national"])]
            started = time.perf_counter()
            outcomes = [
                indicator_fetch(indicator=i, binding=b, clients=clients, label=label)
                for i, b, label in mine
            ]
            took = time.perf_counter() - started
            failed = [o for o in outcomes if o.error]
            created = sum(o.created for o in outcomes)
            unchanged = sum(o.unchanged for o in outcomes)
            scale = len(every) / max(1, len(mine))
            timings[night] = (listing, took, len(outcomes), created, unchanged, failed, scale)
    print(
        f"\nnightly fetch (as fetch_due), {len(due)} of {len(series)} national series timed,"
        f" read by {Indicator.objects.exclude(series=None).count():,} bound indicators;"
        " Sotkanet's answers replayed:"
    )
    print(
        "| Night | What is due (s) | Series fetched | Values created | Unchanged | Failed |"
        " Fetch and store | All series (est.) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for night, (listing, took, fetched, created, unchanged, failed, scale) in timings.items():
        row = [
            night,
            f"{listing:.1f}",
            fetched,
            f"{created:,}",
            f"{unchanged:,}",
            len(failed),
            f"{took:.1f} s",
            f"{listing + took * scale:.0f} s",
        ]
        print("| " + " | ".join(map(str, row)) + " |")
        for outcome in failed[:3]:
            print(f"  failed: {outcome.indicator}: {outcome.error[:120]}")
    started = time.perf_counter()
    summary = FUNCTIONS["schedule.recompute-indices"]()  # the job's function itself
    recompute = time.perf_counter() - started
    print(f"recompute-indices (every strategy's composite indices): {recompute:.2f} s ({summary})")


if __name__ == "__main__":
    main()
