"""What an import of answers found: the counts, and every problem with its file, row and column.

Each problem is the observation import's Problem (imports/problems.py): the first PROBLEMS_SHOWN
are kept, the rest only counted.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from mittaristo.core.formatting import number
from mittaristo.observations.imports.problems import PROBLEMS_SHOWN, Problem


@dataclass
class AnswerImportReport:
    file: str
    rows: int = 0  # data rows read
    responses: int = 0  # stored, or to be stored by a run that is not dry
    answers: int = 0
    per_question: Counter = field(default_factory=Counter)  # question code → answers
    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0  # beyond those listed
    submitted_on: object = None  # the day the responses carry
    results_stored: object = None  # when the round's results became indicator values, if so
    stored: bool = False
    first_row: int = 0  # the file's first data row: its key tells whether the file was stored

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, message: str, row: int = 0, column: str = "") -> None:
        if len(self.problems) < PROBLEMS_SHOWN:
            self.problems.append(Problem(self.file, message, row, column))
        else:
            self.more_problems += 1

    def lines(self) -> list[str]:
        """The report as the command prints it: the counts, then every problem listed."""
        lines = [self.summary()]
        if self.results_stored and self.ok:
            lines.append(self.results_note())
        lines += [str(problem) for problem in self.problems]
        if self.more_problems:
            lines.append(_("… and %(count)s more problems") % {"count": self.more_problems})
        return lines

    def results_note(self) -> str:
        return _(
            "The round's results were stored as indicator values on %(day)s: store them again "
            "once the answers are imported, or the indicators leave these answers out."
        ) % {"day": timezone.localdate(self.results_stored).strftime("%-d.%-m.%Y")}

    def summary(self) -> str:
        counts = {
            "file": self.file,
            "rows": number(self.rows),
            "responses": number(self.responses),
            "answers": number(self.answers),
            "problems": number(len(self.problems) + self.more_problems),
        }
        if self.stored:
            text = _(
                "%(file)s: %(rows)s rows read; %(responses)s responses and %(answers)s answers "
                "stored."
            )
        elif self.ok:
            text = _(
                "%(file)s: %(rows)s rows read; %(responses)s responses and %(answers)s answers "
                "would be stored (nothing stored yet)."
            )
        else:
            text = _("%(file)s: %(rows)s rows read; %(problems)s problems; nothing was stored.")
        return text % counts
