"""Numbers as written in Finnish, and the plausible range of a series: pure functions."""

from decimal import Decimal

import pytest

from mittaristo.core.numbers import is_plausible, parse_number, plausible_range


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("1 234,5", "1234.5"),
        ("1\u00a0234\u00a0567,25", "1234567.25"),  # no-break spaces, as spreadsheets copy them
        ("1\u202f234", "1234"),  # narrow no-break space
        ("−3", "-3"),  # the minus sign
        ("–3,5", "-3.5"),  # an en dash in its place
        ("- 3", "-3"),
        ("+7", "7"),
        ("12,5 %", "12.5"),
        ("12%", "12"),
        ("1234.5", "1234.5"),
        ("  0,05 ", "0.05"),
    ],
)
def test_numbers_are_read_as_finns_write_them(written, number):
    assert parse_number(written) == Decimal(number)


@pytest.mark.parametrize(
    "written",
    [
        "",
        " ",
        "%",
        "abc",
        "noin 6000",
        "12 34",
        "1 234 5",
        "1,2,3",
        "1.234,5",
        ",5",
        "--3",
        "NaN",
        "Infinity",
        "1e5",
        None,
        1.5,
    ],
)
def test_anything_else_is_refused(written):
    with pytest.raises(ValueError):
        parse_number(written)


def test_the_plausible_range_widens_the_span_by_half_on_each_side():
    values = [Decimal("6000"), Decimal("6100"), Decimal("6050")]
    assert plausible_range(values) == (Decimal("5950"), Decimal("6150"))


def test_equal_values_are_widened_by_half_their_size_and_nothing_known_says_nothing():
    assert plausible_range([Decimal("10"), Decimal("10")]) == (Decimal("5"), Decimal("15"))
    assert plausible_range([Decimal("0"), Decimal("0")]) is None
    assert plausible_range([]) is None


def test_a_target_reads_as_a_level_a_band_or_a_total():
    from django.utils import translation

    from mittaristo.core.templatetags.mittaristo import target_level, target_total

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
