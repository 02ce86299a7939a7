"""Reading one respondent's cell as the answer to one question, or saying what is wrong with it.

No database: a `QuestionReader` is built once per question from the questionnaire already read,
and then reads every row's cell for it. The readers take what other survey tools export: a
Likert answer as "4" or 4.0, a number with a decimal comma ("12,5"), a choice by its code or by
its label in Finnish, Swedish or English, several choices separated by ";" or ",". An empty cell
(or "-", ".", "..") is no answer. Each refusal is a CellError whose message names the value as
written, for "FILE: row N, column CODE: what is wrong".
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from mittaristo.core.numbers import plain
from mittaristo.core.translation import CONTENT_LANGUAGES
from mittaristo.observations.imports.cells import CellError, cell_text, is_empty, read_number

# The headers of the optional column that gives each respondent's language.
LANGUAGE_HEADERS = ("language", "kieli", "språk", "vastauskieli", "svarsspråk")
LANGUAGE_WORDS = {
    "fi": "fi",
    "suomi": "fi",
    "finnish": "fi",
    "finska": "fi",
    "sv": "sv",
    "ruotsi": "sv",
    "swedish": "sv",
    "svenska": "sv",
    "en": "en",
    "englanti": "en",
    "english": "en",
    "engelska": "en",
}
SCALES = {"likert": (1, 5), "scale": (0, 10)}


@dataclass(frozen=True, slots=True)
class Value:
    """One answer read from a cell: a number, a choice's primary key, or a text."""

    number: Decimal | None = None
    choice: int | None = None
    text: str = ""


class QuestionReader:
    """Reads the cells of one question's column; `read` returns the answers (none if empty)."""

    def __init__(self, *, code: str, kind: str, required: bool, minimum, maximum, choices):
        """`choices`: (pk, code, label as a {language: text} mapping) of a choice question."""
        self.code, self.kind, self.required = code, kind, required
        self.minimum, self.maximum = minimum, maximum
        self.by_name: dict[str, int] = {}
        self.codes = [choice_code for _pk, choice_code, _label in choices]
        for pk, choice_code, label in choices:
            for name in (choice_code, *(label or {}).values()):
                if name:
                    self.by_name.setdefault(_fold(name), pk)
        # The cells most files hold, as written ("4", a choice's code), each with its answer
        # made once: a 100,000-row file has a million such cells, read here at a dict's speed.
        self.common: dict[str, tuple[Value, ...]] = {}
        if kind in SCALES:
            low, high = SCALES[kind]
            self.common = {str(n): (Value(number=Decimal(n)),) for n in range(low, high + 1)}
        elif kind in ("single", "multiple"):
            self.common = {code: (Value(choice=pk),) for pk, code, _label in choices}

    def read(self, cell) -> tuple[Value, ...] | list[Value]:
        """The answers the cell holds: none for an empty cell; CellError if it cannot be one."""
        if type(cell) is float and cell.is_integer():  # a spreadsheet's 4.0
            cell = str(int(cell))
        if type(cell) is str and (known := self.common.get(cell)) is not None:
            return known
        if is_empty(cell):
            if self.required:
                raise CellError(_("an answer is required"))
            return []
        text = cell_text(cell)
        if self.kind in SCALES:
            return [Value(number=self._scale(cell, text))]
        if self.kind == "number":
            return [Value(number=self._number(cell, text))]
        if self.kind == "single":
            return [Value(choice=self._choice(text))]
        if self.kind == "multiple":
            return [Value(choice=pk) for pk in self._choices(text)]
        return [Value(text=text)]

    def _scale(self, cell, text: str) -> Decimal:
        low, high = SCALES[self.kind]
        try:
            value = read_number(cell)
        except CellError:
            value = None
        if value is None or value != value.to_integral_value() or not low <= value <= high:
            raise CellError(
                _('"%(value)s" is not a whole number from %(low)s to %(high)s')
                % {"value": text, "low": low, "high": high}
            )
        return value.quantize(Decimal(1))

    def _number(self, cell, text: str) -> Decimal:
        try:
            value = read_number(cell)
        except CellError as error:
            raise CellError(
                _('"%(value)s" is not a number: %(why)s') % {"value": text, "why": error}
            ) from None
        if self.minimum is not None and value < self.minimum:
            raise CellError(
                _('"%(value)s" is less than the smallest accepted, %(minimum)s')
                % {"value": text, "minimum": plain(self.minimum)}
            )
        if self.maximum is not None and value > self.maximum:
            raise CellError(
                _('"%(value)s" is more than the largest accepted, %(maximum)s')
                % {"value": text, "maximum": plain(self.maximum)}
            )
        return value

    def _choice(self, text: str) -> int:
        pk = self.by_name.get(_fold(text))
        if pk is None:
            raise CellError(
                _('"%(value)s" is none of the choices (their codes: %(codes)s)')
                % {"value": text, "codes": self._codes()}
            )
        return pk

    def _choices(self, text: str) -> list[int]:
        """A whole cell that is one choice (a label may hold a comma), else its parts."""
        whole = self.by_name.get(_fold(text))
        if whole is not None:
            return [whole]
        separator = ";" if ";" in text else ","
        chosen: list[int] = []
        for part in text.split(separator):
            if part.strip() and (pk := self._choice(part.strip())) not in chosen:
                chosen.append(pk)
        if not chosen:
            raise CellError(_('"%(value)s" names no choice') % {"value": text})
        return chosen

    def _codes(self) -> str:
        codes = self.codes
        return ", ".join(codes[:12]) + (" …" if len(codes) > 12 else "")


def read_language(cell) -> str:
    """The respondent's language from the language column: fi, sv or en; "fi" if empty."""
    if is_empty(cell):
        return "fi"
    language = LANGUAGE_WORDS.get(_fold(cell_text(cell)))
    if language not in CONTENT_LANGUAGES:
        raise CellError(
            _('"%(value)s" is not a language; write fi, sv or en') % {"value": cell_text(cell)}
        )
    return language


def _fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()
