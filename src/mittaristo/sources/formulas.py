"""Series arithmetic for bindings: sums over categories, per resident, ratios. Pure.

A series maps (area key, period) → Decimal. A result exists only where every input has a
value: a sum with a missing age group, or a ratio with a missing or zero denominator, is
left out rather than guessed.
"""

from decimal import ROUND_HALF_EVEN, Decimal

PLACES = Decimal("0.000001")  # the precision observations store


def _round(value: Decimal) -> Decimal:
    return value.quantize(PLACES, rounding=ROUND_HALF_EVEN)


def sum_over(items, *, expected: int) -> dict:
    """Sum (key, value) items by key; a key with a missing value or fewer than `expected`
    items is left out (Σ ages 15–64 needs every age group)."""
    totals, counts, broken = {}, {}, set()
    for key, value in items:
        counts[key] = counts.get(key, 0) + 1
        if value is None:
            broken.add(key)
        else:
            totals[key] = totals.get(key, Decimal(0)) + value
    return {k: v for k, v in totals.items() if k not in broken and counts[k] == expected}


def per_resident(values: dict, population: dict) -> dict:
    """value ÷ population 31.12. of the same area and year."""
    return {
        key: _round(value / population[key]) for key, value in values.items() if population.get(key)
    }


def ratio(numerator: dict, denominator: dict, *, percent: bool = False) -> dict:
    """numerator ÷ denominator (× 100 as a percentage), where both exist and the latter ≠ 0."""
    factor = Decimal(100) if percent else Decimal(1)
    return {
        key: _round(value * factor / denominator[key])
        for key, value in numerator.items()
        if denominator.get(key)
    }


def scaled(series: dict, scale: Decimal) -> dict:
    if scale == 1:
        return series
    return {key: _round(value * scale) for key, value in series.items()}
