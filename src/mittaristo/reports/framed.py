"""The mid-term evaluation and the statistical overview as documents: their content (made for
their pages by midterm.py and overview.py) framed with a cover, and their rows as sheets.

The follow-up report builds its cover from its record source itself (followup.py); these two
kinds keep the content their pages render and gain here what a document adds: the cover (who,
what, which round, as known on which day, example data) and typed workbook columns.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy

from . import midterm, overview
from .cover import EXAMPLE_NOTE, Cover
from .workbook import Column, Sheet


@dataclass(frozen=True)
class Framed:
    """A kind's content with the cover its document shows (`reports/document.html` reads
    `c.cover`; the kind's body template reads `c.body`)."""

    cover: Cover
    body: object


def _kind(value) -> str:
    if isinstance(value, bool):
        return "text"
    if isinstance(value, (Decimal, int, float)):
        return "number"
    if isinstance(value, dt.date):
        return "date"
    return "text"


def as_sheets(raw, *, notes: list[str]) -> list[Sheet]:
    """Sheets of (name, header, rows): a header item is a title (its kind read from the first
    value of the column) or a (title, kind) pair; every sheet carries `notes` above its table."""
    sheets = []
    for name, header, rows in raw:
        columns = []
        for i, item in enumerate(header):
            if isinstance(item, tuple):
                title, kind = item
            else:
                found = next((row[i] for row in rows if row[i] not in (None, "")), None)
                title, kind = item, _kind(found)
            columns.append(Column(str(title), kind, 28 if kind == "text" else 14))
        sheets.append(Sheet(str(name), columns, [list(row) for row in rows], list(notes)))
    return sheets


DRAFT_NOTE = gettext_lazy("The round is not published: its assessments may still change.")


def _notes(title, cover: Cover) -> list[str]:
    notes = [f"{title}: {cover.organisation}, {cover.strategy}"]
    if cover.draft:
        notes.append(str(DRAFT_NOTE))
    if cover.is_example:
        notes.append(str(EXAMPLE_NOTE))
    return notes


class MidtermKind:
    TITLE = gettext_lazy("Mid-term evaluation")
    FILENAME = gettext_lazy("mid-term-evaluation")
    TEMPLATE = "reports/midterm.html"

    @staticmethod
    def content(strategy, *, round=None, as_of=None, lang: str) -> Framed:
        body = midterm.content(strategy, round=round, as_of=as_of, lang=lang)
        record = body.record
        return Framed(
            Cover(
                title=str(MidtermKind.TITLE),
                organisation=body.organisation,
                strategy=body.strategy,
                horizon=body.horizon,
                round=body.round,
                day=body.date,
                evaluated_on=record.evaluated_on,
                lang=lang,
                is_example=body.is_example,
                draft=round is not None and not round.is_published,
            ),
            body,
        )

    @staticmethod
    def sheets(framed: Framed) -> list[Sheet]:
        notes = _notes(MidtermKind.TITLE, framed.cover)
        return as_sheets(midterm.sheets(framed.body), notes=notes)


class OverviewKind:
    TITLE = overview.TITLE
    FILENAME = overview.FILENAME
    TEMPLATE = overview.TEMPLATE

    @staticmethod
    def content(strategy, *, round=None, as_of=None, lang: str) -> Framed:
        body = overview.content(strategy, round=round, as_of=as_of, lang=lang)
        today = timezone.localdate()
        return Framed(
            Cover(
                title=str(OverviewKind.TITLE),
                organisation=str(strategy.organisation.name),
                strategy=str(strategy.name),
                horizon=strategy.horizon,
                round=round.name if round is not None else "",
                day=body.as_of or today,
                evaluated_on=today,
                lang=lang,
                is_example=body.example,
                draft=False,
            ),
            body,
        )

    @staticmethod
    def sheets(framed: Framed) -> list[Sheet]:
        notes = _notes(OverviewKind.TITLE, framed.cover)
        return as_sheets(overview.sheets(framed.body), notes=notes)
