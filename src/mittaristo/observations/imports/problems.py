"""A problem of a file import that names its place as a person finds it: "FILE: row N, column
X: what is wrong". Shared by the imports that report cell by cell (survey answers, the
investment register). Only the first PROBLEMS_SHOWN are kept; the rest are counted, so a file
wrong in every one of its 100,000 rows does not fill the memory with messages.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

PROBLEMS_SHOWN = 100


@dataclass(frozen=True)
class Problem:
    """What is wrong with one cell (row and column), a whole column (no row) or the file."""

    file: str
    message: str
    row: int = 0
    column: str = ""

    def __str__(self) -> str:
        where = {"file": self.file, "row": self.row, "column": self.column}
        if self.row and self.column:
            place = _("%(file)s: row %(row)s, column %(column)s") % where
        elif self.row:
            place = _("%(file)s: row %(row)s") % where
        elif self.column:
            place = _("%(file)s: column %(column)s") % where
        else:
            place = self.file
        return f"{place}: {self.message}"
