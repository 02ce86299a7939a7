"""A sparkline as an inline SVG polyline: the shape of a series at a glance.

Decorative (aria-hidden): the values it draws are in the row beside it as text.
"""

WIDTH, HEIGHT, PAD = 100, 24, 2


def sparkline_points(values) -> str:
    """SVG polyline points for the numbers in `values` (None skipped); "" with fewer than two."""
    numbers = [float(v) for v in values if v is not None]
    if len(numbers) < 2:
        return ""
    low, high = min(numbers), max(numbers)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / (len(numbers) - 1)
    return " ".join(
        f"{PAD + i * step:.1f},{HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD):.1f}"
        for i, v in enumerate(numbers)
    )
