"""Reading one cell as people write it: text, an empty mark, a number ("1 234,5 €", "−3").

Pure. The readers raise CellError with a message for the person who wrote the file.
"""

import datetime as dt
import math
import re
from decimal import Decimal

from django.utils.translation import gettext as _


class CellError(ValueError):
    """A cell that cannot be read; the message says why, for RowProblem.message."""


# How a missing value is written; Statistics Finland uses ".." and ".", people "-" or "–".
EMPTY = {"", "-", "–", "−", ".", ".."}

# What Observation.value holds (strategy.models.DECIMAL: 20 digits, 6 after the point); a
# value beyond it would be rounded or refused by the database, so it is refused here.
DECIMAL_PLACES = 6
INTEGER_DIGITS = 14

# Most cells are plain: "1234", "-12,5", "6100.5". They skip the general reading below.
SIMPLE_NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")
_SCIENTIFIC = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?[eE][+-]?[0-9]+")
# A sign, digits with separators, and an optional unit word: "−1 234,5 hlöä", "12,5 %".
_NUMBER = re.compile(r"([-−–+]?)\s*([0-9][0-9.,\s]*?)\s*(?:(?:[%‰€$£]|[^\W\d_])\S*)?")


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
    """A value from a spreadsheet number or from text as Finns write it; CellError if none."""
    if type(cell) is str and SIMPLE_NUMBER.fullmatch(cell):  # the common case first
        value = Decimal(cell.replace(",", "."))
        if abs(value) < 10**INTEGER_DIGITS and -value.as_tuple().exponent <= DECIMAL_PLACES:
            return value
    if isinstance(cell, dt.date | dt.time | dt.timedelta):
        # Excel turns "1.5" typed in a Finnish sheet into the date 1 May.
        raise CellError(_("a date, not a number (did the spreadsheet turn it into a date?)"))
    if isinstance(cell, bool):
        raise CellError(_("not a number"))
    if isinstance(cell, int | Decimal):
        value = Decimal(cell)
    elif isinstance(cell, float):
        if not math.isfinite(cell):
            raise CellError(_("not a number"))
        # A spreadsheet keeps binary floats (0.1 + 0.2 = 0.30000000000000004): rounding to the
        # places stored gives the number the sheet shows, and keeps re-imports unchanged.
        cell = round(cell, DECIMAL_PLACES)
        value = Decimal(int(cell)) if cell.is_integer() else Decimal(repr(cell))
    elif isinstance(cell, str):
        value = _number_fromcell_text(cell.strip())
        if value is None:
            raise CellError(_("not a number"))
    else:
        raise CellError(_("not a number"))
    if abs(value) >= 10**INTEGER_DIGITS:
        raise CellError(_("too large a number"))
    if value != value.quantize(Decimal(1).scaleb(-DECIMAL_PLACES)):
        message = _("more than %(places)s decimals") % {"places": DECIMAL_PLACES}
        raise CellError(message)
    return value


def _number_fromcell_text(text: str) -> Decimal | None:
    if SIMPLE_NUMBER.fullmatch(text):
        return Decimal(text.replace(",", "."))
    if _SCIENTIFIC.fullmatch(text):  # before the unit word, which would take "E-7" as a unit
        return Decimal(text)
    match = _NUMBER.fullmatch(text)
    digits = match and _plain_digits(re.sub(r"\s", " ", match.group(2)))
    if not digits:
        return None
    value = Decimal(digits)
    return -value if match.group(1) not in ("", "+") else value


def _plain_digits(body: str) -> str | None:
    """ "1 234,5", "1.234,5", "1,234.5", "12.5" → "1234.5"; None if the separators make no sense.

    The last of "." and "," is the decimal point when both occur; a lone one is the point
    ("1,234" is 1.234, as in Finnish); the others separate thousands in groups of three.
    """
    dot, comma = body.rfind("."), body.rfind(",")
    if dot >= 0 and comma >= 0:
        point = "." if dot > comma else ","
    elif body.count(",") == 1 or body.count(".") == 1:
        point = "," if comma >= 0 else "."
    else:
        point = None
    whole, fraction = body.rsplit(point, 1) if point else (body, "")
    separators = set(re.findall(r"[ .,]", whole))
    groups = re.split(r"[ .,]", whole)
    if point and not re.fullmatch(r"[0-9]+", fraction):
        return None
    if len(separators) > 1 or point in separators:
        return None
    if not all(re.fullmatch(r"[0-9]+", group) for group in groups):
        return None
    if len(groups) > 1 and not (
        len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])
    ):
        return None
    return "".join(groups) + ("." + fraction if point else "")
