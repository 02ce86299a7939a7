"""A report's cover: who, what, which round, as known on which day, and whether it shows
example data (then every page says so)."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from mittaristo.monitoring.records import StrategyRecord

from .source import Source

# Said on the cover, on every page (the PDF's running footer) and above every sheet's table.
EXAMPLE_NOTE = gettext_lazy(
    "Example data: what is marked “example” was neither measured nor decided by the city."
)


@dataclass(frozen=True)
class Cover:
    """What a report's cover says: who, what, which round, as known on which day."""

    title: str
    organisation: str
    strategy: str
    horizon: str
    round: str  # the round's name, "" for a report as of a date
    day: dt.date  # the figures are as known on this day
    evaluated_on: dt.date
    lang: str
    is_example: bool
    draft: bool  # the round is not published yet


def has_example_data(record: StrategyRecord) -> bool:
    """Whether anything the record shows is example data (values, targets, plans, the round)."""
    return (
        (record.round is not None and record.round.is_example)
        or any(plan.is_example for plan in record.plans)
        or any(
            (i.target is not None and i.target.is_example) or any(v.is_example for v in i.values)
            for i in record.indicators.values()
        )
    )


def cover(source: Source, title, lang: str) -> Cover:
    record = source.record
    return Cover(
        title=str(title),
        organisation=str(record.strategy.organisation),
        strategy=str(record.strategy.name),
        horizon=record.strategy.horizon,
        round=source.review.name if source.review else "",
        day=source.day,
        evaluated_on=record.evaluated_on,
        lang=lang,
        is_example=has_example_data(record),
        draft=source.draft,
    )
