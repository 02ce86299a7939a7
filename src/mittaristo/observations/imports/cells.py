"""Reading one cell as people write it: text, an empty mark, a number ("1 234,5 €", "−3").

Numbers are read by core.numbers.parse_number (leniently, as files are); the limits of what the
database stores are checked here. Pure. The readers raise CellError with a message for the
person who wrote the file.
"""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from mittaristo.core.numbers import DECIMAL_PLACES, NumberError, parse_number


class CellError(ValueError):
    """A cell that cannot be read; the message says why, for RowProblem.message."""


# How a missing value is written; Statistics Finland uses ".." and ".", people "-" or "–".
EMPTY = {"", "-", "–", "−", ".", ".."}

# What Observation.value holds (strategy.models.DECIMAL: 20 digits, DECIMAL_PLACES after the
# point); a value beyond it would be rounded or refused by the database, so it is refused here.
INTEGER_DIGITS = 14
_PLACES = Decimal(1).scaleb(-DECIMAL_PLACES)


def cell_text(cell) -> str:
    """A cell as a person reads it: 2024.0 from a spreadsheet is "2024"."""
    if type(cell) is str:  # every cell of a CSV: the common case first
        return cell.strip()
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime) and cell.time() == dt.time():
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell).strip()


def is_empty(cell) -> bool:
    """Whether the cell holds no value: nothing, or a mark for a missing one."""
    return cell is None or (isinstance(cell, str) and cell.strip() in EMPTY)


def read_number(cell) -> Decimal:
    """A value from a spreadsheet number or from text as Finns write it (the lenient reading of
    core.numbers); CellError if none, or if the database could not store it."""
    try:
        value = parse_number(cell, strict=False)
    except NumberError as error:
        raise CellError(str(error)) from None
    if abs(value) >= 10**INTEGER_DIGITS:
        raise CellError(_("too large a number"))
    if -value.as_tuple().exponent > DECIMAL_PLACES and value != value.quantize(_PLACES):
        message = _("more than %(places)s decimals") % {"places": DECIMAL_PLACES}
        raise CellError(message)
    return value
