"""Numbers as people write them in Finnish: "1 234,5", "−3", "12,5 %". Pure: no Django.

`parse_number` reads one; `plausible_range` says where a new value of a series may fall
before it is worth asking "are you sure?", and `is_plausible` asks it (the data-entry form and
the file import alike).
"""

import re
from collections.abc import Iterable
from decimal import Decimal

# No-break, narrow no-break and thin spaces group thousands as well as a plain space does.
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
# The minus sign and the en dash that word processors put in place of a hyphen-minus.
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})
_NUMBER = re.compile(r"([+-]?) ?(\d{1,3}(?: \d{3})+|\d+)(?:[,.](\d+))?")


def parse_number(text) -> Decimal:
    """The number in `text` as a Decimal; ValueError if it is not one number.

    Groups of thousands may be separated by spaces (only in threes), the decimal separator
    may be a comma or a point, and a trailing per cent sign is allowed.
    """
    if isinstance(text, Decimal | int) and not isinstance(text, bool):
        return Decimal(text)
    if not isinstance(text, str):
        raise ValueError(f"not a number: {text!r}")
    cleaned = _SPACES.sub(" ", text.translate(_MINUS)).strip()
    cleaned = cleaned.removesuffix("%").rstrip()
    match = _NUMBER.fullmatch(cleaned)
    if not match:
        raise ValueError(f"not a number: {text!r}")
    sign, whole, fraction = match.groups()
    return Decimal(sign + whole.replace(" ", "") + (f".{fraction}" if fraction else ""))


def plausible_range(known: Iterable[Decimal]) -> tuple[Decimal, Decimal] | None:
    """The known values' span widened by half of it on each side; None if it says nothing.

    A single known value (or several equal ones) is widened by half of its size instead,
    since a zero span would make every other value implausible.
    """
    values = [v for v in known if v is not None]
    if not values:
        return None
    low, high = min(values), max(values)
    margin = (high - low) / 2 or abs(high) / 2
    if not margin:
        return None
    return low - margin, high + margin


def is_plausible(value: Decimal, bounds: tuple[Decimal, Decimal] | None) -> bool:
    """Whether `value` may be stored without asking: inside `bounds` (edges included), or no
    bounds at all (a series that says nothing yet)."""
    return bounds is None or bounds[0] <= value <= bounds[1]


def plain(value: Decimal) -> str:
    """A decimal as written, without trailing zeros or an exponent: 6060.000000 → "6060"."""
    return format(value.normalize(), "f")
