"""Benchmark: the pure evaluation core at national scale, the database excluded.

    .venv/bin/python bench/evaluation.py [--areas 300] [--indicators 300] [--repeat 5]

300 areas × 300 indicators × 20 years (1.8 million values, 90,000 series) of synthetic, seeded
series (a trend, noise, 5 % of the values missing, every indicator with its own target and
direction) go through `assess_progress_many` and `forecast_many`. Prints the best and the median
of the repeats in seconds (wall clock, and the CPU time of all threads, which another process
on the machine disturbs less), and the same for one area's 300 series, batch and one by one.
"""

import argparse
import os
import resource
import statistics
import time

import numpy as np

from mittaristo.evaluation import (
    assess_progress,
    assess_progress_many,
    forecast,
    forecast_many,
)

YEARS = np.arange(2005, 2025)


def synthetic(areas: int, indicators: int, seed: int = 5):
    """Rows are (area, indicator) pairs, indicator fastest; per-row targets and directions."""
    rng = np.random.default_rng(seed)
    rows = areas * indicators
    level = rng.uniform(10, 1000, (rows, 1))
    growth = rng.normal(0.01, 0.02, (rows, 1))
    noise = rng.normal(0, 0.03, (rows, YEARS.size))
    matrix = level * (1 + growth) ** (YEARS - YEARS[0]) * (1 + noise)
    matrix[rng.random(matrix.shape) < 0.05] = np.nan
    per_indicator_target = rng.uniform(0.8, 1.5, indicators)
    targets = level[:, 0] * np.tile(per_indicator_target, areas)
    directions = np.tile(np.where(rng.random(indicators) < 0.7, "higher", "lower"), areas)
    return matrix, targets, directions


def progress_only(matrix, targets, directions):
    return assess_progress_many(
        YEARS, matrix, directions=directions, targets=targets, target_years=2030, base_years=2015
    )


def forecast_only(matrix, targets, directions):
    return forecast_many(YEARS, matrix, target_year=2030, targets=targets, directions=directions)


def evaluate(matrix, targets, directions):
    return progress_only(matrix, targets, directions), forecast_only(matrix, targets, directions)


def one_by_one(matrix, targets, directions):
    for row, target, direction in zip(matrix, targets, directions, strict=True):
        values = [None if np.isnan(v) else v for v in row]
        assess_progress(YEARS, values, direction=direction, target=target, target_year=2030,
                        base_year=2015)  # fmt: skip
        forecast(YEARS, values, target_year=2030, target=target, direction=direction)


def timed(function, *args, repeat: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds (of every thread) of each repeat."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        function(*args)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu


def report(label: str, seconds: tuple[list[float], list[float]]) -> None:
    wall, cpu = seconds
    print(
        f"{label}: best {min(wall):.3f} s, median {statistics.median(wall):.3f} s"
        f" (CPU: best {min(cpu):.3f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=300)
    parser.add_argument("--indicators", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    matrix, targets, directions = synthetic(args.areas, args.indicators)
    print(f"{matrix.shape[0]:,} series × {YEARS.size} years, {os.cpu_count()} cores")
    national = (matrix, targets, directions)
    report("assess_progress_many", timed(progress_only, *national, repeat=args.repeat))
    report("forecast_many", timed(forecast_only, *national, repeat=args.repeat))
    report("both (national scale)", timed(evaluate, *national, repeat=args.repeat))
    area = slice(0, args.indicators)
    one_area = (matrix[area], targets[area], directions[area])
    report("one area, batch", timed(evaluate, *one_area, repeat=args.repeat * 4))
    report("one area, one by one", timed(one_by_one, *one_area, repeat=args.repeat))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
