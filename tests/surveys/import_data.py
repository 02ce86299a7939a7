"""A small questionnaire with one question of each kind and a round, for the import tests."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from mittaristo.strategy.models import Organisation
from mittaristo.surveys.models import Choice, Question, Section, Survey, SurveyRound

HEADER = ["likert", "scale", "area", "channels", "age", "comment"]


@pytest.fixture
def survey_round(db):
    """Survey "asukas" of organisation 999, round "Kevät 2026" (period "2026 kevät"), closed on
    15.5.2026: likert (required), scale, area (single: keskusta / kylat), channels (multiple:
    web / paper / phone), age (number 15–120), comment (text)."""
    organisation = Organisation.objects.create(code="999", name={"fi": "Testilä"})
    survey = Survey.objects.create(
        organisation=organisation, code="asukas", name={"fi": "Asukaskysely"}
    )
    section = Section.objects.create(survey=survey, title={"fi": "Kysymykset"})

    def question(order, code, kind, **more):
        return Question.objects.create(
            section=section, order=order, code=code, kind=kind, text={"fi": code}, **more
        )

    question(1, "likert", "likert", required=True)
    question(2, "scale", "scale")
    area = question(3, "area", "single", is_background=True)
    Choice.objects.create(
        question=area, order=1, code="keskusta", label={"fi": "Keskusta", "sv": "Centrum"}
    )
    Choice.objects.create(question=area, order=2, code="kylat", label={"fi": "Kylät", "sv": "Byar"})
    channels = question(4, "channels", "multiple")
    for order, (code, fi, sv) in enumerate(
        [
            ("web", "Verkko", "Webben"),
            ("paper", "Paperi", "Papper"),
            ("phone", "Puhelin", "Telefon"),
        ]
    ):
        Choice.objects.create(question=channels, order=order, code=code, label={"fi": fi, "sv": sv})
    question(5, "age", "number", minimum=Decimal(15), maximum=Decimal(120))
    question(6, "comment", "text")
    closes = timezone.make_aware(dt.datetime(2026, 5, 15, 16, 0))
    return SurveyRound.objects.create(
        survey=survey,
        name={"fi": "Kevät 2026", "sv": "Våren 2026"},
        period="2026 kevät",
        opens=closes - dt.timedelta(days=30),
        closes=closes,
        access=SurveyRound.Access.OPEN,
    )


def write_csv(path, rows, *, delimiter=";", bom=True, encoding="utf-8"):
    """A CSV file as Finnish Excel writes it (semicolons, a byte order mark) unless told."""
    text = "\r\n".join(delimiter.join(_quoted(cell, delimiter) for cell in row) for row in rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding) + b"\r\n")
    return path


def _quoted(cell, delimiter) -> str:
    cell = str(cell)
    if delimiter in cell or '"' in cell or "\n" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell
