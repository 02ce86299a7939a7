"""Dates as Finns and ISO write them. Pure."""

import re
from datetime import date


def parse_date(text: str) -> date:
    """A date written as 2022-05-16 or 16.5.2022; ValueError if it is no real date."""
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        year, month, day = m.groups()
    elif m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):
        day, month, year = m.groups()
    else:
        raise ValueError(text)
    return date(int(year), int(month), int(day))
