"""Importing the register from a spreadsheet (CSV, XLSX or ODS), all or nothing.

One row per project and year of its calculation: the project's columns (code, name, budget
years, funding, status, …) on its first row, repeated or left empty on its other rows, and the
year's investment, operating costs and revenues in the columns of the year. A project without
a calculation is one row with no year. Headers may be Finnish, Swedish or English, in any
order (HEADERS; docs/investments.md lists them).

The file is measured and read by the observation import's guard.py and table.py; every cell
is checked, every problem reported as "FILE: row N, column X: what is wrong" (the imports'
Problem, observations/imports/problems.py), and nothing is stored if there is any. Stored,
each project of the file is created or changed by its code, its goals and yearly table
replaced by the file's; projects not in the file stay as they are.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import OperationalError, transaction
from django.utils.translation import gettext as _

from mittaristo.core.formatting import number
from mittaristo.observations.imports.cells import CellError, cell_text, is_empty, read_number
from mittaristo.observations.imports.problems import PROBLEMS_SHOWN, Problem
from mittaristo.observations.imports.table import ImportFileError, read_table
from mittaristo.observations.services import StoreBusy, is_busy_error, rows_lock
from mittaristo.strategy.models import Goal, Plan

from .models import Project
from .services import FlowData, ProjectData, project_problems, project_save

MAX_ROWS = 10_000  # a register of more rows is no register

HEADERS = {
    "code": ("koodi", "tunnus", "code", "kod"),
    "name": ("nimi", "name", "namn"),
    "name_sv": ("nimi ruotsiksi", "name in swedish", "namn på svenska"),
    "name_en": ("nimi englanniksi", "name in english", "namn på engelska"),
    "owner_unit": ("yksikkö", "vastuuyksikkö", "owning unit", "unit", "enhet", "ansvarig enhet"),
    "first_year": ("alkuvuosi", "ensimmäinen vuosi", "first year", "första år"),
    "last_year": ("loppuvuosi", "viimeinen vuosi", "last year", "sista år"),
    "city_investment": ("kaupungin osuus", "oma investointi", "city", "city's investment"),
    "state_funding": ("valtio", "valtion rahoitus", "state", "state funding", "staten"),
    "eu_funding": ("eu", "eu-rahoitus", "eu funding", "eu-finansiering"),
    "other_funding": ("muu rahoitus", "other funding", "annan finansiering"),
    "private_investment": (
        "yksityinen investointi",
        "yksityiset investoinnit",
        "private investment",
        "privata investeringar",
    ),
    "status": ("tila", "status"),
    "decisions": ("päätökset", "päätösviitteet", "decisions", "beslut"),
    "goals": ("tavoitteet", "goals", "mål"),
    "plan": ("suunnitelma", "talousarvio", "plan", "budget"),
    "discount_rate": ("laskentakorko", "diskonttokorko", "discount rate", "kalkylränta"),
    "life_years": ("pitoaika", "elinikä", "life", "life in years", "livslängd"),
    "year": ("vuosi", "year", "år"),
    "investment": ("investointi", "investment", "investering"),
    "operating_costs": ("käyttökulut", "operating costs", "driftskostnader"),
    "revenues": ("tuotot", "tuotot tai säästöt", "revenues", "revenues or savings", "intäkter"),
}
FIELD_FOR_HEADER = {alias: name for name, aliases in HEADERS.items() for alias in aliases}
PROJECT_FIELDS = [
    name for name in HEADERS if name not in ("code", "year", *FlowData.__annotations__)
]
FLOW_FIELDS = ("investment", "operating_costs", "revenues")
REQUIRED = ("code", "name", "first_year", "last_year")

STATUSES = {
    Project.Status.PLANNED: ("suunniteltu", "suunnitteilla", "planned", "planerad"),
    Project.Status.DECIDED: ("päätetty", "decided", "beslutad"),
    Project.Status.UNDER_WAY: ("käynnissä", "toteutuksessa", "under way", "pågående"),
    Project.Status.DONE: ("valmis", "toteutunut", "done", "klar", "färdig"),
}
STATUS_FOR = {alias: status for status, aliases in STATUSES.items() for alias in aliases}


@dataclass
class RegisterImportReport:
    file: str
    rows: int = 0
    projects: list[ProjectData] = field(default_factory=list)
    created: int = 0
    changed: int = 0
    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0
    stored: bool = False
    busy: bool = False  # another import of the register was storing: nothing stored, try again

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, message: str, row: int = 0, column: str = "") -> None:
        if len(self.problems) < PROBLEMS_SHOWN:
            self.problems.append(Problem(self.file, message, row, column))
        else:
            self.more_problems += 1

    @property
    def flows(self) -> int:
        return sum(len(project.flows) for project in self.projects)

    def summary(self) -> str:
        counts = {
            "file": self.file,
            "rows": number(self.rows),
            "projects": number(len(self.projects)),
            "flows": number(self.flows),
            "created": number(self.created),
            "changed": number(self.changed),
            "problems": number(len(self.problems) + self.more_problems),
        }
        if self.stored:
            text = _(
                "%(file)s: %(rows)s rows read; %(created)s projects added and %(changed)s "
                "changed, with %(flows)s years of calculations."
            )
        elif self.ok:
            text = _(
                "%(file)s: %(rows)s rows read; %(projects)s projects with %(flows)s years of "
                "calculations would be stored (nothing stored yet)."
            )
        else:
            text = _("%(file)s: %(rows)s rows read; %(problems)s problems; nothing was stored.")
        return text % counts

    def lines(self) -> list[str]:
        lines = [self.summary(), *(str(problem) for problem in self.problems)]
        if self.more_problems:
            lines.append(_("… and %(count)s more problems") % {"count": self.more_problems})
        return lines


def import_register(
    *, path: Path, strategy, name: str | None = None, dry_run: bool = False, example=False
) -> RegisterImportReport:
    """Check the file; store its projects for the strategy's organisation unless dry or wrong.

    Goals and plans are named by their codes in `strategy`."""
    path = Path(path)
    report = RegisterImportReport(file=name or path.name)
    try:
        _read(read_table(path, name=report.file), strategy, report)
    except ImportFileError as error:
        report.problem(str(error))
    except OSError as error:
        report.problem(_("cannot read: %(why)s") % {"why": error.strerror or error})
    if not report.ok:
        report.projects = []
    if not report.ok or dry_run or not report.projects:
        return report
    try:
        _store(report, strategy.organisation, example)
    except StoreBusy:
        report.busy = True
    except OperationalError as error:  # SQLite: the other import holds the database
        if not is_busy_error(error):
            raise
        report.busy = True
    if report.busy:
        report.problem(busy_text())
    return report


def busy_text() -> str:
    return _("another import of the investment register is being stored; try again")


@transaction.atomic
def _store(report: RegisterImportReport, organisation, example) -> None:
    """Store the file's projects, all or none, after any other import of the organisation's
    register has finished: two at once would both find a new project missing and both add it
    (the second would end in the unique code), so each holds the organisation's register
    (`rows_lock`) first, waiting at most IMPORT_LOCK_WAIT seconds, and then reads what is
    there. Raises StoreBusy if the other holds it longer."""
    rows_lock(type(organisation).objects.filter(pk=organisation.pk))
    existing = set(
        Project.objects.filter(
            organisation=organisation, code__in=[p.code for p in report.projects]
        ).values_list("code", flat=True)
    )
    for data in report.projects:
        project_save(organisation=organisation, data=data, example=example)
    report.changed = len(existing)
    report.created = len(report.projects) - report.changed
    report.stored = True


@dataclass
class _Columns:
    fields: dict[str, int]  # field name → position
    headers: dict[str, str]  # field name → the header as written

    def cell(self, cells: list, name: str):
        position = self.fields.get(name)
        if position is None or position >= len(cells):
            return ""
        return cells[position]


def _columns(table, report: RegisterImportReport) -> _Columns | None:
    if not table.header_row:
        report.problem(_("the file has no rows"))
        return None
    fields, headers, unknown = {}, {}, []
    for position, cell in enumerate(table.header):
        written = cell_text(cell)
        if not written:
            continue
        name = FIELD_FOR_HEADER.get(" ".join(written.casefold().split()))
        if name is None:
            unknown.append(written)
        elif name in fields:
            report.problem(_("the column is in the file twice"), table.header_row, written)
        else:
            fields[name], headers[name] = position, written
    if unknown:
        report.problem(
            _("columns that the register does not have: %(columns)s")
            % {"columns": ", ".join(unknown)},
            table.header_row,
        )
    if missing := [name for name in REQUIRED if name not in fields]:
        report.problem(
            _("missing columns: %(columns)s")
            % {"columns": ", ".join(HEADERS[m][0] for m in missing)},
            table.header_row,
        )
    return _Columns(fields, headers) if report.ok else None


class _Refs:
    """The strategy's goals and plans by their codes, read once."""

    def __init__(self, strategy):
        self.goals = {g.code.casefold(): g for g in Goal.objects.filter(aim__strategy=strategy)}
        self.plans = {p.code.casefold(): p for p in Plan.objects.filter(strategy=strategy)}


def _read(table, strategy, report: RegisterImportReport) -> None:
    columns = _columns(table, report)
    if columns is None:
        return
    refs = _Refs(strategy)
    firsts: dict[str, tuple[int, list]] = {}  # code → (its first row, its cells)
    projects: dict[str, ProjectData] = {}
    flow_rows: dict[tuple[str, int], int] = {}  # (code, year) → row
    for row, cells in table.data():
        report.rows += 1
        if report.rows > MAX_ROWS:
            report.problem(_("more than %(most)s rows") % {"most": number(MAX_ROWS)}, row)
            return
        code = cell_text(columns.cell(cells, "code"))
        if not code:
            report.problem(_("the project's code is missing"), row, columns.headers["code"])
            continue
        key = code.casefold()
        if key not in firsts:
            firsts[key] = (row, cells)
            data = _project(code, cells, row, columns, refs, report)
            if data is not None:
                projects[key] = data
        else:
            _same_as_first(cells, row, firsts[key], columns, report)
        flow = _flow(cells, row, columns, report)
        if flow is None:
            if key in flow_rows or firsts[key][0] != row:
                report.problem(_("a second row of the project without a year"), row)
            continue
        if (key, flow.year) in flow_rows:
            report.problem(
                _("the project has the year on row %(other)s already")
                % {"other": flow_rows[key, flow.year]},
                row,
                columns.headers["year"],
            )
            continue
        flow_rows[key, flow.year] = row
        if key in projects:
            projects[key].flows.append(flow)
    for key, data in projects.items():
        for name, message in project_problems(data):
            report.problem(message, firsts[key][0], columns.headers.get(name, ""))
    report.projects = list(projects.values())


def _project(code, cells, row, columns: _Columns, refs: _Refs, report) -> ProjectData | None:
    """The project's fields from its first row; None (and problems) if any is wrong."""
    before = len(report.problems) + report.more_problems
    values = {}

    def read(name, reader, default=None):
        cell = columns.cell(cells, name)
        if name not in columns.fields or is_empty(cell):
            if name in REQUIRED:
                report.problem(_("required"), row, columns.headers[name])
            return default
        try:
            return reader(cell)
        except CellError as error:
            report.problem(str(error), row, columns.headers[name])
            return default

    values["name"] = {"fi": read("name", cell_text, "")}
    for language in ("sv", "en"):
        if text := read(f"name_{language}", cell_text, ""):
            values["name"][language] = text
    unit = read("owner_unit", cell_text, "")
    values["owner_unit"] = {"fi": unit} if unit else {}
    values["first_year"] = read("first_year", _year)
    values["last_year"] = read("last_year", _year)
    for name in ProjectData.MONEY:
        values[name] = read(name, _amount, Decimal(0))
    values["status"] = read("status", _status, Project.Status.PLANNED)
    values["decisions"] = read("decisions", cell_text, "")
    values["goals"] = read("goals", lambda cell: _goals(cell, refs), [])
    values["plan"] = read("plan", lambda cell: _plan(cell, refs))
    values["discount_rate"] = read("discount_rate", _rate)
    values["life_years"] = read("life_years", _life)
    if len(report.problems) + report.more_problems > before:
        return None
    return ProjectData(code=code, **values)


def _same_as_first(cells, row, first, columns: _Columns, report) -> None:
    """A project's later row leaves its project columns empty or repeats them as written."""
    first_row, first_cells = first
    for name in PROJECT_FIELDS:
        if name not in columns.fields:
            continue
        cell = columns.cell(cells, name)
        if is_empty(cell):
            continue
        if cell_text(cell) != cell_text(columns.cell(first_cells, name)):
            report.problem(
                _("differs from the project's first row (row %(first)s); leave it empty")
                % {"first": first_row},
                row,
                columns.headers[name],
            )


def _flow(cells, row, columns: _Columns, report) -> FlowData | None:
    """The year's cash flows of the row; None if it has no year."""
    cell = columns.cell(cells, "year")
    if "year" not in columns.fields or is_empty(cell):
        for name in FLOW_FIELDS:
            if name in columns.fields and not is_empty(columns.cell(cells, name)):
                report.problem(_("an amount without a year"), row, columns.headers[name])
        return None
    amounts = {}
    try:
        year = _year(cell)
    except CellError as error:
        report.problem(str(error), row, columns.headers["year"])
        year = 0
    for name in FLOW_FIELDS:
        value = columns.cell(cells, name)
        try:
            amounts[name] = Decimal(0) if is_empty(value) else _amount(value)
        except CellError as error:
            report.problem(str(error), row, columns.headers[name])
            amounts[name] = Decimal(0)
    return FlowData(year=year, **amounts)


def _amount(cell) -> Decimal:
    value = read_number(cell)
    if value < 0:
        raise CellError(
            _("cannot be negative: costs and revenues are written apart, each as a positive amount")
        )
    return value


def _year(cell) -> int:
    value = read_number(cell)
    if value != value.to_integral_value() or not 1900 <= value <= 2200:
        raise CellError(_("not a year (e.g. 2026)"))
    return int(value)


def _life(cell) -> int:
    value = read_number(cell)
    if value != value.to_integral_value() or value < 1:
        raise CellError(_("not a whole number of years"))
    return int(value)


def _rate(cell) -> Decimal:
    """A percentage: 3,5 or 3,5 % for 3.5 %."""
    value = read_number(cell)
    if value != value.quantize(Decimal("0.01")):
        raise CellError(_("more than two decimals"))
    return value


def _status(cell) -> str:
    text = " ".join(cell_text(cell).casefold().split())
    if text not in STATUS_FOR:
        raise CellError(
            _(
                "not a status: write planned, decided, under way or done (suunniteltu, päätetty, "
                "käynnissä, valmis)"
            )
        )
    return STATUS_FOR[text]


def _codes(cell) -> list[str]:
    return [code for code in cell_text(cell).replace(";", ",").replace(" ", ",").split(",") if code]


def _goals(cell, refs: _Refs) -> list:
    codes = _codes(cell)
    if unknown := [code for code in codes if code.casefold() not in refs.goals]:
        raise CellError(_("no goal %(codes)s in the strategy") % {"codes": ", ".join(unknown)})
    return [refs.goals[code.casefold()] for code in codes]


def _plan(cell, refs: _Refs):
    code = cell_text(cell)
    if code.casefold() not in refs.plans:
        raise CellError(_("no plan %(code)s in the strategy") % {"code": code})
    return refs.plans[code.casefold()]
