"""Periods of observations: year, half-year, quarter, month and survey round.

Pure: no Django. A period has one canonical code ("2024", "2024H1", "2024Q3", "2024M03",
"2024 kevät"); `parse_period` also reads the ways people write them in spreadsheets
("Q3/2024", "2024-03", "3/2024", 2024.0 from a spreadsheet cell).
"""

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property, lru_cache


class PeriodKind(StrEnum):
    YEAR = "year"
    HALF_YEAR = "half_year"
    QUARTER = "quarter"
    MONTH = "month"
    SURVEY_ROUND = "survey_round"


# Which period kinds an indicator of each frequency takes.
KINDS_FOR_FREQUENCY = {
    "yearly": {PeriodKind.YEAR},
    "half_yearly": {PeriodKind.HALF_YEAR},
    "quarterly": {PeriodKind.QUARTER},
    "monthly": {PeriodKind.MONTH},
    "survey_round": {PeriodKind.SURVEY_ROUND, PeriodKind.YEAR},
    "irregular": set(PeriodKind),
}

# How each kind of period is written, to show people what they may type.
EXAMPLES = {
    PeriodKind.YEAR: ["2024"],
    PeriodKind.HALF_YEAR: ["2024H1"],
    PeriodKind.QUARTER: ["2024Q3", "Q3/2024"],
    PeriodKind.MONTH: ["2024M03", "3/2024"],
    PeriodKind.SURVEY_ROUND: ["2024 kevät"],
}


def examples_for(frequency: str) -> list[str]:
    """The ways to write a period an indicator of `frequency` takes, in a fixed order."""
    kinds = KINDS_FOR_FREQUENCY.get(frequency, set(PeriodKind))
    return [example for kind in PeriodKind if kind in kinds for example in EXAMPLES[kind]]


_LENGTH = {PeriodKind.HALF_YEAR: 6, PeriodKind.QUARTER: 3, PeriodKind.MONTH: 1}
_COUNT = {PeriodKind.HALF_YEAR: 2, PeriodKind.QUARTER: 4, PeriodKind.MONTH: 12}
_LETTER = {PeriodKind.HALF_YEAR: "H", PeriodKind.QUARTER: "Q", PeriodKind.MONTH: "M"}
_SEASON_MONTH = {  # where a survey round falls in its year, for ordering and dates
    "kevät": 4,
    "kevat": 4,
    "spring": 4,
    "vår": 4,
    "var": 4,
    "kesä": 7,
    "kesa": 7,
    "summer": 7,
    "sommar": 7,
    "syksy": 10,
    "autumn": 10,
    "fall": 10,
    "höst": 10,
    "host": 10,
    "talvi": 1,
    "winter": 1,
    "vinter": 1,
}


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: PeriodKind
    number: int = 0  # the half, quarter or month; 0 for a year or survey round
    label: str = ""  # a survey round's name ("kevät", "1")

    @cached_property
    def code(self) -> str:
        if self.kind == PeriodKind.YEAR:
            return str(self.year)
        if self.kind == PeriodKind.SURVEY_ROUND:
            return f"{self.year} {self.label}"
        width = 2 if self.kind == PeriodKind.MONTH else 1
        return f"{self.year}{_LETTER[self.kind]}{self.number:0{width}d}"

    @cached_property
    def start(self) -> dt.date:
        if self.kind in _LENGTH:
            return dt.date(self.year, (self.number - 1) * _LENGTH[self.kind] + 1, 1)
        if self.kind == PeriodKind.SURVEY_ROUND:
            return dt.date(self.year, _SEASON_MONTH.get(self.label.lower(), 1), 1)
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        if self.kind in _LENGTH:
            month = self.number * _LENGTH[self.kind]
            following = dt.date(self.year + month // 12, month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)

    def __str__(self) -> str:
        return self.code

    def following(self) -> "Period":
        """The next period of the same kind (a survey round: the same round a year later)."""
        if self.kind in _COUNT:
            if self.number < _COUNT[self.kind]:
                return Period(self.year, self.kind, self.number + 1)
            return Period(self.year + 1, self.kind, 1)
        return Period(self.year + 1, self.kind, self.number, self.label)


def last_ended(kind: PeriodKind, today: dt.date) -> Period:
    """The latest period of `kind` (not a survey round) that has ended before `today`."""
    if kind in _LENGTH:
        number = (today.month - 1) // _LENGTH[kind]  # the periods of this year already over
        if number:
            return Period(today.year, kind, number)
        return Period(today.year - 1, kind, _COUNT[kind])
    return Period(today.year - 1, PeriodKind.YEAR)


class PeriodError(ValueError):
    pass


_PATTERNS = [
    (re.compile(r"(\d{4})"), lambda y: (y, PeriodKind.YEAR, 0)),
    (re.compile(r"(\d{4})\s*[Hh]\s*([12])"), lambda y, n: (y, PeriodKind.HALF_YEAR, n)),
    (re.compile(r"[Hh]([12])\s*/\s*(\d{4})"), lambda n, y: (y, PeriodKind.HALF_YEAR, n)),
    (re.compile(r"(\d{4})\s*[QqKk]\s*([1-4])"), lambda y, n: (y, PeriodKind.QUARTER, n)),
    (re.compile(r"[QqKk]([1-4])\s*/\s*(\d{4})"), lambda n, y: (y, PeriodKind.QUARTER, n)),
    (re.compile(r"(\d{4})\s*M\s*(\d{1,2})"), lambda y, n: (y, PeriodKind.MONTH, n)),
    (re.compile(r"(\d{4})-(\d{1,2})"), lambda y, n: (y, PeriodKind.MONTH, n)),
    (re.compile(r"(\d{1,2})\s*/\s*(\d{4})"), lambda n, y: (y, PeriodKind.MONTH, n)),
]


def parse_period(value) -> Period:
    """Read a period as written; PeriodError says what was not understood."""
    if isinstance(value, str | int | float):
        return _parse_cached(value)
    return _parse(value)


@lru_cache(maxsize=4096)  # a file repeats the same few periods on every row
def _parse_cached(value) -> Period:
    return _parse(value)


def _parse(value) -> Period:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip() if value is not None else ""
    if not text:
        raise PeriodError("empty")
    for pattern, build in _PATTERNS:
        if m := pattern.fullmatch(text):
            year, kind, number = build(*(int(g) for g in m.groups()))
            if kind in _COUNT and not 1 <= number <= _COUNT[kind]:
                raise PeriodError(text)
            return _checked(Period(year, kind, number))
    if m := re.fullmatch(r"(\d{4})\s+(\S.*)", text):
        return _checked(Period(int(m.group(1)), PeriodKind.SURVEY_ROUND, 0, m.group(2).strip()))
    raise PeriodError(text)


def _checked(period: Period) -> Period:
    if not 1900 <= period.year <= 2200:
        raise PeriodError(period.code)
    return period
