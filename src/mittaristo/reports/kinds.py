"""The kinds of report, by the name the command and the addresses use.

Each registered kind (a module, or a class in framed.py) has `TITLE`, `TEMPLATE`, `FILENAME`,
`content(strategy, *, round=None, as_of=None, lang)` and `sheets(content)`. A kind named in
`ALL_KINDS` but not registered is answered "not yet built".
"""

from . import followup
from .framed import MidtermKind, OverviewKind

ALL_KINDS = ("followup", "midterm", "overview")
KINDS = {"followup": followup, "midterm": MidtermKind, "overview": OverviewKind}
