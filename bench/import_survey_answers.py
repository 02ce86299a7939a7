"""Benchmark: import 100,000 respondents' answers (CSV and XLSX) into a survey round on PostgreSQL.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/surveyimport_bench \
        .venv/bin/python bench/import_survey_answers.py [--rows 100000] [--no-xlsx]

A questionnaire of 12 questions, one or two of each kind (docs/surveys.md, "Importing answers
from other tools"). The database named in BENCH_DATABASE_URL is dropped and created anew; its
name must contain "bench". Prints the time of the check (dry run), of the store and of the
refused second import, the counts, and the peak memory of the process (ru_maxrss).
"""

import argparse
import csv
import datetime as dt
import random
import resource
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_observations import bench_database  # noqa: E402

AREAS = [f"alue{n}" for n in range(1, 9)]
CHANNELS = ["web", "paper", "phone", "library", "event"]


def questionnaire():
    """A round of a survey with 12 questions: 5 Likert, 2 scale, 1 single, 1 multiple,
    2 number, 1 text."""
    from django.utils import timezone

    from mittaristo.strategy.models import Organisation
    from mittaristo.surveys.models import Choice, Question, Section, Survey, SurveyRound

    organisation = Organisation.objects.create(code="999", name={"fi": "Bench"})
    survey = Survey.objects.create(organisation=organisation, code="bench", name={"fi": "B"})
    section = Section.objects.create(survey=survey, title={"fi": "S"})
    kinds = ["likert"] * 5 + ["scale"] * 2 + ["single", "multiple", "number", "number", "text"]
    columns = []
    for order, kind in enumerate(kinds):
        code = f"q{order + 1}_{kind}"
        question = Question.objects.create(
            section=section,
            order=order,
            code=code,
            kind=kind,
            text={"fi": code},
            required=order == 0,
            minimum=Decimal(0) if kind == "number" else None,
            maximum=Decimal(120) if kind == "number" else None,
        )
        for n, choice in enumerate(AREAS if kind == "single" else CHANNELS):
            if kind in ("single", "multiple"):
                Choice.objects.create(question=question, order=n, code=choice, label={"fi": choice})
        columns.append((code, kind))
    closes = timezone.now() - dt.timedelta(days=1)
    survey_round = SurveyRound.objects.create(
        survey=survey,
        name={"fi": "Bench"},
        period="2026 kevät",
        opens=closes - dt.timedelta(days=30),
        closes=closes,
        access="open",
    )
    return survey_round, columns


def rows(count: int, columns, rng):
    yield [code for code, _kind in columns] + ["language"]
    for _ in range(count):
        row = []
        for _code, kind in columns:
            if kind != "likert" and rng.random() < 0.1:
                row.append("")  # about one optional answer in ten left empty
            elif kind == "likert":
                row.append(str(rng.randint(1, 5)))
            elif kind == "scale":
                row.append(str(rng.randint(0, 10)))
            elif kind == "single":
                row.append(rng.choice(AREAS))
            elif kind == "multiple":
                row.append(";".join(rng.sample(CHANNELS, rng.randint(1, 3))))
            elif kind == "number":
                row.append(f"{rng.randint(15, 90)},{rng.randint(0, 9)}")
            else:
                row.append(rng.choice(["", "Hyvä kaupunki asua.", "Lisää pyöräteitä, kiitos!"]))
        row.append(rng.choice(["fi", "fi", "fi", "sv", "en"]))
        yield row


def write_csv(path: Path, count: int, columns) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, delimiter=";").writerows(rows(count, columns, random.Random(1)))


def write_xlsx(path: Path, count: int, columns) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows(count, columns, random.Random(2)):
        sheet.append(row)
    book.save(path)


def run(path: Path, survey_round, label: str) -> None:
    from mittaristo.surveys.answer_import.service import import_answers

    for attempt, dry in (("check (dry run)", True), ("store", False), ("second import", False)):
        started = time.perf_counter()
        report = import_answers(path=path, survey_round=survey_round, dry_run=dry)
        elapsed = time.perf_counter() - started
        outcome = "stored" if report.stored else ("refused" if not report.ok else "checked")
        print(
            f"{label}, {attempt}: {report.rows:,} rows in {elapsed:.1f} s "
            f"= {report.rows / elapsed:,.0f} rows/s; {report.answers:,} answers; {outcome}"
        )
        if attempt != "second import" and not report.ok:
            sys.exit("\n".join(report.lines()[:20]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-xlsx", action="store_true")
    options = parser.parse_args()
    bench_database()
    survey_round, columns = questionnaire()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "vastaukset.csv"
        write_csv(path, options.rows, columns)
        run(path, survey_round, f"CSV {path.stat().st_size / 2**20:.1f} MB")
        if not options.no_xlsx:
            from django.db import connection

            from mittaristo.surveys.models import Answer, Response

            tables = f"{Answer._meta.db_table}, {Response._meta.db_table}"
            with connection.cursor() as cursor:  # what the CSV stored: out of the way, at once
                cursor.execute(f"TRUNCATE {tables}")
            path = Path(folder) / "vastaukset.xlsx"
            write_xlsx(path, options.rows, columns)
            run(path, survey_round, f"XLSX {path.stat().st_size / 2**20:.1f} MB")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (the whole process, file writing included): {peak:.0f} MB")


if __name__ == "__main__":
    main()
