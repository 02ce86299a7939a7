"""The kinds of report, by the name the command and the addresses use.

Each registered module has `TITLE`, `TEMPLATE`, `FILENAME`, `content(strategy, *, round=None,
as_of=None, lang)` and `sheets(content)`. A kind named in `ALL_KINDS` but not registered yet
is answered "not yet built".
"""

from . import followup

ALL_KINDS = ("followup", "midterm", "overview")
KINDS = {"followup": followup}
