"""Benchmark: import a 1,000,000-row CSV and a 100,000-row XLSX into PostgreSQL.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/mittaristo_bench \
        .venv/bin/python bench/import_observations.py [--csv-rows 1000000] [--xlsx-rows 100000]

National scale: 300 municipalities × N indicators × 20 years. The database named in
BENCH_DATABASE_URL (not DATABASE_URL, which may be one you keep) is dropped and created anew;
its name must contain "bench". Prints rows per
second for the first import (all new) and the second (all unchanged), and the peak memory.
"""

import argparse
import csv
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

AREAS, YEARS = 300, list(range(2005, 2025))


def bench_database() -> str:
    """BENCH_DATABASE_URL, checked, with Django set up on a new, migrated database of that name.

    It must be PostgreSQL and its name must contain "bench": the database is dropped first."""
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url.startswith("postgres") or "bench" not in url.rsplit("/", 1)[-1]:
        sys.exit("Set BENCH_DATABASE_URL to a PostgreSQL database whose name contains 'bench'.")
    setup_django(url)
    return url


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret-0123456789-abcdefghij")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mittaristo.settings")
    import psycopg

    name = url.rsplit("/", 1)[1]
    # A new database each run: dead rows left by an earlier run slow the inserts by 10-20 %.
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def store_synthetic(series, *, rng, high: float) -> int:
    """Store 20 years of synthetic yearly values for each (indicator id, [area ids]) in `series`,
    each area growing at its own pace (about +1 % a year) from a level between 10 and `high`,
    with 3 % noise; then ANALYZE, as autovacuum would after such a load. Returns the count."""
    from decimal import Decimal

    from django.db import connection

    from mittaristo.core.periods import parse_period
    from mittaristo.observations.services import ObservationRow, observations_upsert

    periods = [parse_period(str(y)) for y in YEARS]
    count = 0
    for indicator, areas in series:
        level = rng.uniform(10, high, len(areas))
        growth = rng.normal(0.01, 0.02, len(areas))
        rows = [
            ObservationRow(
                indicator,
                area,
                period,
                Decimal(f"{level[a] * (1 + growth[a]) ** y * rng.normal(1, 0.03):.2f}"),
            )
            for a, area in enumerate(areas)
            for y, period in enumerate(periods)
        ]
        observations_upsert(rows=rows, source_kind="import")
        count += len(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return count


def prepare(indicator_count: int):
    """A strategy with `indicator_count` yearly indicators and 300 municipalities."""
    from mittaristo.core.models import Area
    from mittaristo.strategy.models import Indicator, Organisation, Strategy

    org, _ = Organisation.objects.get_or_create(code="900", defaults={"name": {"fi": "Bench"}})
    strategy, _ = Strategy.objects.get_or_create(
        organisation=org,
        code="bench",
        defaults={
            "name": {"fi": "Bench"},
            "horizon_start": 2022,
            "horizon_end": 2030,
            "council_term_start": 2021,
            "council_term_end": 2025,
        },
    )
    for i in range(indicator_count):
        Indicator.objects.get_or_create(
            strategy=strategy,
            code=f"m{i:03d}",
            defaults={
                "name": {"fi": f"Mittari {i}"},
                "direction": "higher",
                "frequency": "yearly",
                "source_kind": "official_statistics",
            },
        )
    for a in range(AREAS):
        Area.objects.get_or_create(
            kind="municipality", code=f"{a + 1:03d}", defaults={"name": {"fi": f"Kunta {a + 1}"}}
        )
    return strategy


def truncate_observations() -> None:
    from django.db import connection

    from mittaristo.observations.models import ImportRun, Observation

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Observation._meta.db_table}, {ImportRun._meta.db_table}")


def rows(count: int, indicators: int, *, shift: float = 0.0, outlier_every: int = 0):
    """The file's rows; `shift` added to every value (a correction within the series' range),
    and every `outlier_every`-th value 1,000 times too large (a slipped decimal comma)."""
    n = 0
    for i in range(indicators):
        for a in range(AREAS):
            for year in YEARS:
                if n == count:
                    return
                number = (i * 7 + a * 13 + year) % 100000 / 10 + shift
                if outlier_every and n % outlier_every == 0:
                    number *= 1000
                value = f"{number:.2f}".replace(".", ",")
                yield [f"m{i:03d}", f"{a + 1:03d}", str(year), value, "lopullinen", ""]
                n += 1


HEADER = ["indikaattori", "alue", "kausi", "arvo", "tila", "huomautus"]


def write_csv(path: Path, count: int, indicators: int, **changes) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(rows(count, indicators, **changes))


def write_xlsx(path: Path, count: int, indicators: int) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("arvot")
    sheet.append(HEADER)
    for row in rows(count, indicators):
        row[3] = float(row[3].replace(",", "."))
        row[2] = int(row[2])
        sheet.append(row)
    workbook.save(path)


def run(path: Path, strategy, label: str) -> None:
    from mittaristo.observations.imports.service import import_observations

    count = sum(1 for _ in path.open(encoding="utf-8")) - 1 if path.suffix == ".csv" else None
    for attempt in ("first (all new)", "second (all unchanged)"):
        started = time.perf_counter()
        report = import_observations(path=path, strategy=strategy)
        elapsed = time.perf_counter() - started
        if not report.ok:
            sys.exit("\n".join(report.lines()[:20]))
        total = report.created + report.changed + report.unchanged
        assert count is None or total == count, (total, count)
        print(
            f"{label}, {attempt}: {total:,} rows in {elapsed:.1f} s"
            f" = {total / elapsed:,.0f} rows/s "
            f"(new {report.created:,}, unchanged {report.unchanged:,})"
        )


def run_corrections(changed: Path, outliers: Path, strategy, label: str) -> None:
    """Every stored value changed: the plausibility check reads each series' known values.

    First a file whose changes all lie within their series' range; then one where every
    100th value is 1,000 times too large: refused (nothing stored), then stored when the
    outliers are accepted."""
    from mittaristo.observations.imports.service import import_observations

    for path, attempt, accept in (
        (changed, "every value changed, all plausible", False),
        (outliers, "every value changed, 1 % outliers, refused", False),
        (outliers, "every value changed, 1 % outliers, accepted", True),
    ):
        started = time.perf_counter()
        report = import_observations(path=path, strategy=strategy, accept_outliers=accept)
        elapsed = time.perf_counter() - started
        if not report.ok:
            sys.exit("\n".join(report.lines()[:20]))
        outcome = "nothing stored" if report.needs_confirmation else "stored"
        print(
            f"{label}, {attempt}: {elapsed:.1f} s (changed {report.changed:,}, "
            f"outliers {report.outlier_count:,}, {outcome})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv-rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    args = parser.parse_args()
    url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mittaristo_bench"
    )
    if not url.startswith("postgres"):
        sys.exit("This benchmark measures PostgreSQL: set BENCH_DATABASE_URL=postgres://...")
    if "bench" not in url.rsplit("/", 1)[1]:
        sys.exit("The benchmark drops its database: give it one whose name contains 'bench'.")
    setup_django(url)
    indicators = -(-args.csv_rows // (AREAS * len(YEARS)))
    strategy = prepare(indicators)
    with tempfile.TemporaryDirectory() as tmp:
        xlsx, big = Path(tmp) / "arvot.xlsx", Path(tmp) / "arvot.csv"
        started = time.perf_counter()
        write_xlsx(xlsx, args.xlsx_rows, indicators)
        write_csv(big, args.csv_rows, indicators)
        print(f"generated the files in {time.perf_counter() - started:.1f} s")
        run(xlsx, strategy, f"XLSX {args.xlsx_rows:,} rows")
        truncate_observations()
        run(big, strategy, f"CSV {args.csv_rows:,} rows")
        changed, outliers = Path(tmp) / "korjattu.csv", Path(tmp) / "poikkeamat.csv"
        write_csv(changed, args.csv_rows, indicators, shift=0.05)
        write_csv(outliers, args.csv_rows, indicators, shift=0.1, outlier_every=100)
        run_corrections(changed, outliers, strategy, f"CSV {args.csv_rows:,} rows")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
