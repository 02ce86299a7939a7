"""Importing answers collected in another tool: one row per respondent, one column per question.

`import_answers` is the one entry point for the command line and the web page. It reads the file
twice, row by row (observations/imports/table.py, after guard.py has measured it): first to
check every cell and count, keeping nothing of the rows; then, only if no cell is wrong and it
is no dry run, to store, in one transaction, a `Response` per row and its `Answer`s, inserted
in batches of BATCH rows so that memory holds one batch whatever the file's length. Any problem
stores nothing; every problem is reported (report.py: the first 100, then how many more).

A second import of the same file stores nothing: each row's submission key is a hash of the
file's bytes and the row's number, so the file's first row is found in the round already.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mittaristo.core.formatting import number
from mittaristo.observations.imports.cells import CellError, cell_text
from mittaristo.observations.imports.table import ImportFileError, read_table

from ..models import Question, Response, SurveyRound
from .cells import LANGUAGE_HEADERS, QuestionReader, read_language
from .insert import responses_insert
from .report import AnswerImportReport

BATCH = 1000  # rows per insert
KEY_PREFIX = "import-"  # a submission key of an imported row (the answering page's are random)


class RoundNotFound(Exception):
    """The survey or round named on the command line is not there, or not only one."""


def round_find(*, survey: str, round_name: str, organisation: str | None = None) -> SurveyRound:
    """The round of the survey `survey` (code) whose name, in any language, or period code is
    `round_name` (case and spacing aside); RoundNotFound saying what is missing or ambiguous."""
    rounds = SurveyRound.objects.filter(survey__code=survey).select_related("survey")
    if organisation:
        rounds = rounds.filter(survey__organisation__code=organisation)
    rounds = list(rounds)
    if not rounds:
        raise RoundNotFound(_("No survey '%(code)s' with rounds.") % {"code": survey})
    if len({r.survey.organisation_id for r in rounds}) > 1:
        raise RoundNotFound(
            _("Several organisations have a survey '%(code)s'; name one with --organisation.")
            % {"code": survey}
        )
    wanted = _fold(round_name)
    found = [
        r
        for r in rounds
        if wanted == _fold(r.period) or wanted in {_fold(name) for name in r.name.values()}
    ]
    if len(found) != 1:
        names = "; ".join(f"{r.name} ({r.period})" for r in rounds)
        message = (
            _("No round '%(name)s' in survey '%(code)s'. Its rounds: %(rounds)s.")
            if not found
            else _("Several rounds '%(name)s' in survey '%(code)s'. Its rounds: %(rounds)s.")
        )
        raise RoundNotFound(message % {"name": round_name, "code": survey, "rounds": names})
    return found[0]


def import_answers(
    *, path: Path, name: str | None = None, survey_round: SurveyRound, dry_run: bool = False
) -> AnswerImportReport:
    """Check the file against the round's questionnaire; store it unless dry or wrong."""
    path = Path(path)
    report = AnswerImportReport(file=name or path.name)
    report.submitted_on = min(timezone.localdate(survey_round.closes), timezone.localdate())
    report.results_stored = survey_round.results_stored
    try:
        digest = _file_digest(path)
        columns = _Columns.read(read_table(path, name=report.file), survey_round, report)
        if columns is not None:
            _check(read_table(path, name=report.file), columns, report)
    except ImportFileError as error:
        report.problem(str(error))
    except OSError as error:
        report.problem(_("cannot read: %(why)s") % {"why": error.strerror or error})
    if report.ok and report.rows:
        _refuse_twice(survey_round, digest, report)
    if not report.ok or dry_run or not report.rows:
        return report
    try:
        with transaction.atomic():
            _store(read_table(path, name=report.file), columns, survey_round, digest, report)
    except IntegrityError:  # the same file stored meanwhile by another request
        report.responses = report.answers = 0
        report.problem(_already(survey_round, report))
        return report
    except (ImportFileError, _Changed) as error:  # the file changed under us: nothing stored
        report.problem(str(error))
        return report
    report.stored = True
    return report


@dataclass
class _Columns:
    readers: dict[int, tuple[Question, QuestionReader]]  # position → its question
    language: int | None  # the position of the language column, if any
    language_header: str = ""  # as written

    @classmethod
    def read(cls, table, survey_round: SurveyRound, report: AnswerImportReport):
        """The header's columns matched to the round's questions; None (and problems) if a
        column is unknown or repeated, or a required question has none."""
        if not table.header_row:
            report.problem(_("the file has no rows"))
            return None
        questions = {
            q.code.casefold(): q
            for q in Question.objects.filter(section__survey=survey_round.survey)
            .prefetch_related("choices")
            .order_by("section__order", "order", "pk")
        }
        readers, language, language_header, seen, unknown = {}, None, "", set(), []
        for position, cell in enumerate(table.header):
            header = cell_text(cell)
            key = header.casefold()
            if not header:
                continue  # an unnamed column (often an empty one past the last)
            if key in seen:
                report.problem(_("the column is in the file twice"), column=header)
                continue
            seen.add(key)
            if key in questions:
                readers[position] = (questions[key], _reader(questions[key]))
            elif key in LANGUAGE_HEADERS:
                language, language_header = position, header
            else:
                unknown.append(header)
        if unknown:
            report.problem(
                ngettext(
                    "a column that is no question of the survey: %(columns)s. Delete it or "
                    "name the question's code.",
                    "columns that are no questions of the survey: %(columns)s. Delete them or "
                    "name the questions' codes.",
                    len(unknown),
                )
                % {"columns": ", ".join(unknown)}
            )
        present = {question.pk for question, _read in readers.values()}
        missing = [q.code for q in questions.values() if q.required and q.pk not in present]
        if missing:
            report.problem(
                _("no column for the required questions %(codes)s") % {"codes": ", ".join(missing)}
            )
        if not readers and not unknown:
            report.problem(_("no column is a question of the survey"))
        return cls(readers, language, language_header) if report.ok else None

    def row(self, cells: list, row_number: int, report: AnswerImportReport):
        """(language, [(question, answer value)]) of one row; problems go to the report."""
        language, answers = "fi", []
        if self.language is not None:
            try:
                language = read_language(_cell(cells, self.language))
            except CellError as error:
                report.problem(str(error), row_number, self.language_header)
        for position, (question, reader) in self.readers.items():
            try:
                answers += [(question, value) for value in reader.read(_cell(cells, position))]
            except CellError as error:
                report.problem(str(error), row_number, question.code)
        return language, answers


def _check(table, columns: _Columns, report: AnswerImportReport) -> None:
    """The first pass: every cell read and counted, nothing kept."""
    for number_, cells in table.data():
        report.rows += 1
        report.first_row = report.first_row or number_
        _language, answers = columns.row(cells, number_, report)
        report.responses += 1
        report.answers += len(answers)
        report.per_question.update(question.code for question, _value in answers)
    if not report.ok:
        report.responses = report.answers = 0
        report.per_question.clear()


class _Changed(Exception):
    """The file read differently the second time (replaced while it was being stored)."""


def _store(table, columns: _Columns, survey_round, digest: str, report) -> None:
    """The second pass: the rows inserted in batches, inside the caller's transaction."""
    check = AnswerImportReport(file=report.file)
    batch: list[tuple[Response, list]] = []
    stored_rows = 0
    for number_, cells in table.data():
        language, answers = columns.row(cells, number_, check)
        if not check.ok:
            raise _Changed(str(check.problems[0]))
        response = Response(
            round=survey_round,
            submitted_on=report.submitted_on,
            language=language,
            submission_key=_key(digest, number_),
        )
        batch.append((response, answers))
        stored_rows += 1
        if len(batch) >= BATCH:
            responses_insert(batch)
            batch = []
    responses_insert(batch)
    if stored_rows != report.rows:
        raise _Changed(_("%(file)s: the file changed while it was stored") % {"file": report.file})


def _refuse_twice(survey_round, digest: str, report: AnswerImportReport) -> None:
    """A file is stored whole or not at all: it was stored if its first row's key is in the
    round (one look-up in the unique index of round and key)."""
    first = Response.objects.filter(
        round=survey_round, submission_key=_key(digest, report.first_row)
    )
    if first.exists():
        report.problem(_already(survey_round, report))
        report.responses = report.answers = 0
        report.per_question.clear()


def _already(survey_round, report) -> str:
    count = Response.objects.filter(
        round=survey_round, submission_key__startswith=KEY_PREFIX
    ).count()
    return _(
        "this file was imported into the round already (the round holds %(count)s imported "
        "responses); nothing was stored again. A corrected file is a new file: its rows would "
        "be added to those already there."
    ) % {"count": number(count)}


def _key(digest: str, row: int) -> str:
    """The row's submission key: the file's hash first (to find the file), then the row's."""
    row_hash = hashlib.sha256(f"{digest}:{row}".encode()).hexdigest()
    return f"{KEY_PREFIX}{digest[:16]}-{row_hash[:40]}"


def _file_digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            sha.update(chunk)
    return sha.hexdigest()


def _reader(question: Question) -> QuestionReader:
    return QuestionReader(
        code=question.code,
        kind=question.kind,
        required=question.required,
        minimum=question.minimum,
        maximum=question.maximum,
        choices=[(c.pk, c.code, c.label) for c in question.choices.all()],
    )


def _cell(cells: list, position: int):
    return cells[position] if position < len(cells) else ""


def _fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()
