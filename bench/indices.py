"""Benchmark: the composite index engine at national scale (pure, no database).

    .venv/bin/python bench/indices.py [--units 300] [--indicators 30] [--years 20] [--runs 1000]

The data are **synthetic**: `--units` areas (300 municipalities by default) with `--indicators`
raw values each, drawn from a skewed distribution (lognormal, as many municipal figures are)
with 5 % of the values missing, under a tree of four sub-indices of equal size. Timed:
`compute` for one year (min–max, arithmetic, COINr's skew-and-kurtosis treatment, reweighting
of missing values), `compute_years` for `--years` years (issue 18: 300 areas × 20 years × 30
components under 0.5 s), and `sensitivity` with `--runs` Monte Carlo
runs; peak memory of each by tracemalloc. Prints the figures for docs/performance.md.
"""

import argparse
import statistics
import time
import tracemalloc

import numpy as np

from mittaristo.indices import compute, compute_years, sensitivity


def _data(units, indicators, seed=2022):
    rng = np.random.default_rng(seed)
    values = rng.lognormal(mean=3.0, sigma=0.8, size=(units, indicators))
    values[rng.random(values.shape) < 0.05] = np.nan
    return {
        f"KU{u:03d}": {
            f"i{j}": (None if np.isnan(values[u, j]) else float(values[u, j]))
            for j in range(indicators)
        }
        for u in range(units)
    }


def _definition(indicators):
    groups = [[] for _ in range(4)]
    for j in range(indicators):
        groups[j % 4].append(
            {"indicator": f"i{j}", "direction": "lower" if j % 3 == 0 else "higher"}
        )
    return {
        "code": "index",
        "normalisation": "minmax",
        "aggregation": "arithmetic",
        "treatment": "skew_kurtosis",
        "missing": {"method": "reweight", "min_coverage": 0.5, "carry_forward": 2},
        "components": [
            {"code": f"g{k}", "weight": k + 1, "components": leaves}
            for k, leaves in enumerate(groups)
        ],
    }


def _timed(label, function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"{label}: median {statistics.median(times):.3f} s of {repeat}, peak {peak / 2**20:.1f} MiB"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--indicators", type=int, default=30)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    definition = _definition(args.indicators)
    values = _data(args.units, args.indicators)
    years = {2000 + k: _data(args.units, args.indicators, seed=k) for k in range(args.years)}
    print(f"{args.units} units, {args.indicators} indicators, synthetic values")
    _timed("compute, one year", lambda: compute(definition, values), args.repeat)
    _timed(
        f"compute_years, {args.years} years",
        lambda: compute_years(definition, years),
        args.repeat,
    )
    _timed(
        f"sensitivity, {args.runs} runs",
        lambda: sensitivity(definition, values, runs=args.runs),
        args.repeat,
    )


if __name__ == "__main__":
    main()
