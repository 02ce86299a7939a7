"""Numbers as people write them in Finnish ("1 234,5", "−3", "12,5 %"), and the plausible range
of a series.

`parse_number(text, strict=...)` is the one reader of numbers that people wrote: the data-entry
form reads strictly; the file import (and SYKE's emissions file through it) and Sotkanet's values
given as text read leniently.
`plausible_range` says where a new value of a series may fall before it is worth asking "are you
sure?", and `is_plausible` asks it (the form and the import alike).

How a text is read (docs/observations.md has the same table):

=============================  ===========================  ==================================
written                        strict (the form)            lenient (files)
=============================  ===========================  ==================================
``1 234,5``                    1234.5: thousands in groups  1234.5
                               of three separated by a
                               space, no-break, narrow
                               no-break or thin space
``6,241``                      6.241: the comma is decimal  6.241
``1234.5``, ``0.241``          the point is decimal when    1234.5, 0.241
                               it cannot group thousands
``6.241``, ``-12.500``         refused: 6,241 or 6 241?     6.241 (a lone point is decimal)
``−3``, ``–3``, ``- 3``,       -3 (minus sign, en dash,     the same
``+7``                         hyphen-minus), 7
``12,5 %``, ``12%``            12.5: the per cent sign is   12.5
                               dropped, the value is in
                               the indicator's unit
``1.234,5``, ``1,234.5``,      refused                      1234.5, 1234.5, 1234567: of both
``1.234.567``                                               marks the last is decimal, the
                                                            other groups thousands in threes
``6 199 hlöä``, ``3,2 €``      refused                      6199, 3.2: a unit after the number
``1.5E-3``                     refused                      0.0015
a spreadsheet float            refused (a form sends text)  rounded to the 6 decimals stored:
(1/3, 0.1 + 0.2)                                            0.333333, 0.3
an int or a Decimal            itself                       itself
a date (Excel turns "1.5"      refused                      refused, saying it is a date
into 1 May)
``12 3``, ``1,2,3``, ``,5``,   refused                      refused
``12,``, ``NaN``, ``1e5`` in
strict, ``True``, ``None``
=============================  ===========================  ==================================

A refusal is a NumberError (a ValueError) whose message says why, for the person who wrote the
text; `code` is "ambiguous" for a text with two readings, "date" for a date, else "invalid". How
many digits may be stored is not the reader's business: the form's field and the import check it.
"""

import datetime as dt
import math
import re
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

# What a stored value holds (strategy.models.DECIMAL: 20 digits, 6 after the point). A float
# from a spreadsheet is rounded to these places.
DECIMAL_PLACES = 6


class NumberError(ValueError):
    """A text that is not one number; the message says why, for the person who wrote it."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.code = code


# --- Strict: the form ---------------------------------------------------------------------------

# No-break, narrow no-break and thin spaces group thousands as well as a plain space does.
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
# The minus sign and the en dash that word processors put in place of a hyphen-minus.
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})
_STRICT = re.compile(r"([+-]?) ?([0-9]{1,3}(?: [0-9]{3})+|[0-9]+)(?:([,.])([0-9]+))?")
# A point that could group thousands as well: "6.241", "12.500" (not "0.241", "1234.5").
_TWO_WAYS = re.compile(r"[1-9][0-9]{0,2}")


def _strict(text) -> Decimal:
    if isinstance(text, str):
        cleaned = _SPACES.sub(" ", text.translate(_MINUS)).strip()
        match = _STRICT.fullmatch(cleaned.removesuffix("%").rstrip())
        if not match:
            raise NumberError(_("not a number"))
        sign, whole, point, fraction = match.groups()
        if point == "." and len(fraction) == 3 and _TWO_WAYS.fullmatch(whole):
            message = _(
                '"%(written)s" can be read in two ways: write %(decimal)s if the point marks '
                "decimals, or %(thousands)s if it separates thousands."
            )
            written = f"{sign}{whole}"
            raise NumberError(
                message
                % {
                    "written": text.strip(),
                    "decimal": f"{written},{fraction}",
                    "thousands": f"{written} {fraction}",
                },
                "ambiguous",
            )
        return Decimal(sign + whole.replace(" ", "") + (f".{fraction}" if fraction else ""))
    return _exact(text)


def _exact(value) -> Decimal:
    """An int or a finite Decimal as it is; anything else refused."""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        value = Decimal(value)
        if value.is_finite():
            return value
    raise NumberError(_("not a number"))


# --- Lenient: files -----------------------------------------------------------------------------

# Most cells are plain: "1234", "-12,5", "6100.5". They skip the general reading below.
SIMPLE_NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")
_SCIENTIFIC = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?[eE][+-]?[0-9]+")
# A sign, digits with separators, and an optional unit word: "−1 234,5 hlöä", "12,5 %".
_NUMBER = re.compile(r"([-−–+]?)\s*([0-9][0-9.,\s]*?)\s*(?:(?:[%‰€$£]|[^\W\d_])\S*)?")


def _lenient(value) -> Decimal:
    if type(value) is str and SIMPLE_NUMBER.fullmatch(value):  # the common case first
        return Decimal(value.replace(",", "."))
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        # Excel turns "1.5" typed in a Finnish sheet into the date 1 May.
        message = _("a date, not a number (did the spreadsheet turn it into a date?)")
        raise NumberError(message, "date")
    if isinstance(value, float) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise NumberError(_("not a number"))
        # A spreadsheet keeps binary floats (0.1 + 0.2 = 0.30000000000000004): rounding to the
        # places stored gives the number the sheet shows, and keeps re-imports unchanged.
        value = round(value, DECIMAL_PLACES)
        return Decimal(int(value)) if value.is_integer() else Decimal(repr(value))
    if not isinstance(value, str):
        return _exact(value)
    text = value.strip()
    if SIMPLE_NUMBER.fullmatch(text):
        return Decimal(text.replace(",", "."))
    if _SCIENTIFIC.fullmatch(text):  # before the unit word, which would take "E-7" as a unit
        return Decimal(text)
    match = _NUMBER.fullmatch(text)
    digits = match and _plain_digits(re.sub(r"\s", " ", match.group(2)))
    if not digits:
        raise NumberError(_("not a number"))
    number = Decimal(digits)
    return -number if match.group(1) not in ("", "+") else number


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


def parse_number(text, *, strict: bool) -> Decimal:
    """The number in `text` as a Decimal; NumberError (a ValueError) if it is not one number.

    `strict` (the form) takes only the Finnish way of writing and refuses a text that could be
    read two ways; lenient (files) also takes what spreadsheets and exports hold. The table in
    the module's docstring lists both.
    """
    return _strict(text) if strict else _lenient(text)


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
