"""Numbers as written in Finnish, and the plausible range of a series: pure functions."""

import datetime as dt
from decimal import Decimal

import pytest

from mittaristo.core.numbers import NumberError, is_plausible, parse_number, plausible_range

# Each mode has one table of what it reads and one of what it refuses; the module's docstring
# and docs/observations.md say the same in words.

STRICT = [
    ("1 234,5", "1234.5"),
    ("1\u00a0234\u00a0567,25", "1234567.25"),  # no-break spaces, as spreadsheets copy them
    ("1\u202f234", "1234"),  # narrow no-break space
    ("1\u2009234", "1234"),  # thin space
    ("−3", "-3"),  # the minus sign
    ("–3,5", "-3.5"),  # an en dash in its place
    ("- 3", "-3"),
    ("+7", "7"),
    ("12,5 %", "12.5"),
    ("12%", "12"),
    ("  0,05 ", "0.05"),
    ("6,241", "6.241"),  # the comma is the decimal mark, whatever an English reader thinks
    ("1234.5", "1234.5"),  # a point that cannot separate thousands marks decimals
    ("0.241", "0.241"),  # no thousands group starts with 0
    ("6.2415", "6.2415"),
    ("1 234.567", "1234.567"),  # spaces group the thousands, so the point is decimal
    (1234, "1234"),
    (Decimal("12.50"), "12.50"),
]

STRICT_REFUSED = [
    "",
    " ",
    "%",
    "abc",
    "noin 6000",
    "12 34",
    "1 234 5",
    "1,2,3",
    "1.234,5",  # points grouping thousands: the strict reading takes spaces only
    "1,234.5",
    "1.234.567",
    "6 199 hlöä",  # a unit word: the form has the unit in the label
    ",5",
    "12,",
    "--3",
    "NaN",
    "Infinity",
    "1e5",
    "1.5E-3",
    None,
    True,
    1.5,  # a form sends text; a float has no written form to check
    Decimal("NaN"),
]


@pytest.mark.parametrize(("written", "number"), STRICT)
def test_the_strict_reading_takes_numbers_as_finns_write_them(written, number):
    assert parse_number(written, strict=True) == Decimal(number)


@pytest.mark.parametrize("written", STRICT_REFUSED)
def test_the_strict_reading_refuses_anything_else(written):
    with pytest.raises(NumberError) as error:
        parse_number(written, strict=True)
    assert (error.value.code, str(error.value)) == ("invalid", "not a number")


@pytest.mark.parametrize(
    ("written", "decimal", "thousands"),
    [
        ("6.241", "6,241", "6 241"),
        ("-12.500", "-12,500", "-12 500"),
        ("−999.000", "-999,000", "-999 000"),
    ],
)
def test_the_strict_reading_refuses_a_point_that_could_be_read_two_ways(
    written, decimal, thousands
):
    with pytest.raises(NumberError) as error:
        parse_number(written, strict=True)
    assert error.value.code == "ambiguous"
    assert str(error.value) == (
        f'"{written}" can be read in two ways: write {decimal} if the point marks decimals, '
        f"or {thousands} if it separates thousands."
    )


LENIENT = [
    # Everything the strict reading takes, except what it refuses on purpose:
    *[(written, number) for written, number in STRICT],
    ("6.241", "6.241"),  # a lone point is decimal: files come from English exports too
    ("-12.500", "-12.5"),
    ("12", "12"),
    ("12,5", "12.5"),
    ("12.5", "12.5"),
    ("1\u202f234\u202f567", "1234567"),
    ("−3,25", "-3.25"),
    ("-0,5", "-0.5"),
    ("12,5%", "12.5"),
    ("6 199 hlöä", "6199"),  # a unit after the number
    ("12 €", "12"),
    ("3,2 €/asukas", "3.2"),
    ("1.234,5", "1234.5"),  # of both marks the last is decimal
    ("1,234.5", "1234.5"),
    ("1.234.567", "1234567"),
    ("1,234,567", "1234567"),
    ("1,234", "1.234"),  # a lone comma is the Finnish decimal mark
    ("0,000001", "0.000001"),
    ("1.5E-3", "0.0015"),
    ("  42  ", "42"),
    # Numbers as spreadsheets hold them: binary floats rounded to the 6 decimals stored.
    (6199.0, "6199"),
    (1 / 3, "0.333333"),
    (0.1 + 0.2, "0.3"),  # 0.30000000000000004 in binary
    (-12.5, "-12.5"),
]

LENIENT_REFUSED = [
    "",
    "abc",
    "kuusi tuhatta",
    "12,3,4",
    "12 3",  # a space inside, not between thousands
    "1234 567",
    "1.23.4",
    "1,2.3,4",
    "12,",
    "12-",
    "12 ensi vuonna",
    ",5",
    "--3",
    "-",
    ".",
    "NaN",
    "Infinity",
    None,
    True,
    float("nan"),
    float("inf"),
    Decimal("Infinity"),
]


@pytest.mark.parametrize(("written", "number"), LENIENT)
def test_the_lenient_reading_takes_what_files_hold(written, number):
    assert parse_number(written, strict=False) == Decimal(number)


@pytest.mark.parametrize("written", LENIENT_REFUSED)
def test_the_lenient_reading_refuses_anything_else(written):
    with pytest.raises(NumberError) as error:
        parse_number(written, strict=False)
    assert (error.value.code, str(error.value)) == ("invalid", "not a number")


@pytest.mark.parametrize("cell", [dt.date(2024, 5, 1), dt.datetime(2024, 5, 1), dt.time(1, 5)])
def test_the_lenient_reading_says_when_a_spreadsheet_turned_a_number_into_a_date(cell):
    with pytest.raises(NumberError) as error:
        parse_number(cell, strict=False)
    assert error.value.code == "date"
    assert str(error.value) == "a date, not a number (did the spreadsheet turn it into a date?)"


def test_a_refusal_is_a_value_error_for_callers_that_catch_those():
    with pytest.raises(ValueError):
        parse_number("abc", strict=True)


def test_the_plausible_range_widens_the_span_by_half_on_each_side():
    values = [Decimal("6000"), Decimal("6100"), Decimal("6050")]
    assert plausible_range(values) == (Decimal("5950"), Decimal("6150"))


def test_equal_values_are_widened_by_half_their_size_and_nothing_known_says_nothing():
    assert plausible_range([Decimal("10"), Decimal("10")]) == (Decimal("5"), Decimal("15"))
    assert plausible_range([Decimal("0"), Decimal("0")]) is None
    assert plausible_range([]) is None


def test_a_target_reads_as_a_level_a_band_or_a_total():
    from django.utils import translation

    from mittaristo.core.formatting import target_level, target_total

    with translation.override("fi"):
        level = {"year": 2030, "value": "6400", "value_high": None, "cumulative_from": None}
        assert (target_level(level), target_total(level)) == ("6\xa0400", "")
        band = {"year": 2030, "value": "21.5", "value_high": "20"}  # edges in either order
        assert target_level(band) == "20–21,5"
        total = {"year": 2030, "value": "600", "cumulative_from": 2023}
        assert (target_level(total), target_total(total)) == ("600", " (yhteensä 2023–2030)")


def test_a_value_is_plausible_inside_the_range_edges_included():
    # 6 000, 6 100, 6 230: span 230, widened by 115 on each side: 5 885 … 6 345.
    bounds = plausible_range([Decimal("6000"), Decimal("6100"), Decimal("6230")])
    assert bounds == (Decimal("5885"), Decimal("6345"))
    assert is_plausible(Decimal("5885"), bounds) and is_plausible(Decimal("6345"), bounds)
    assert not is_plausible(Decimal("6345.01"), bounds)
    assert not is_plausible(Decimal("6.241"), bounds)  # "6,241" read with a decimal comma
    assert is_plausible(Decimal("6.241"), None)  # a series that says nothing yet
