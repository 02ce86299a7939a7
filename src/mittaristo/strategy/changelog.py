"""The change log of a strategy: every recorded change, field by field, grouped by decision.

Read from the history tables (django-simple-history, strategy/history.py), where every save of
a strategy's part is a row stamped with the date the change took effect, the reason and the
decision reference, whether it came from the strategy file (definition/load.py), the app
(changes.py) or the admin. Consecutive rows of one object give the change as before → after.
Rows with the same date, reason and decision are one revision; the `Revision` of that moment,
if any, adds who made it and from where. Revisions with the same decision are one group: the
mid-term evaluation's refinements stand together under its decision.

The log reads a fixed number of queries whatever the strategy's size (one per kind of part,
the revisions and the people). `people=False` (the public site) leaves out who made a change
and every field that names a person.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from mittaristo.core import formatting
from mittaristo.core.translation import TranslatedText, TranslatedTextField

from . import models as m
from .definition.index import index_diff

# Fields that identify a part or only order it: not shown as changes.
QUIET = {"id", "order", "strategy", "organisation"}


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class Entry:
    """One part's change in one revision: added, changed or removed."""

    action: str  # "+", "~", "-"
    kind: str  # the part's kind in the reader's language: "target", "goal", …
    subject: str  # which one: "Mittari: target 2030"
    fields: list[FieldChange]
    indicator_ids: frozenset[int]
    goal_ids: frozenset[int]
    revision: "LogRevision | None" = None

    @property
    def action_label(self) -> str:
        return {"+": _("added"), "~": _("changed"), "-": _("removed")}[self.action]


@dataclass
class LogRevision:
    key: str  # an anchor on the page
    when: dt.datetime
    reason: str
    decision: str
    who: object = None  # a user, or None (never set for the public)
    source: str = ""
    entries: list[Entry] = field(default_factory=list)

    @property
    def date(self) -> dt.date:
        """The day the change took effect, in the city's time zone."""
        return timezone.localdate(self.when)

    @property
    def added(self) -> list[Entry]:
        return [e for e in self.entries if e.action == "+"]

    @property
    def changed(self) -> list[Entry]:
        return [e for e in self.entries if e.action != "+"]


@dataclass
class DecisionGroup:
    decision: str  # "" for revisions without a decision reference (each its own group)
    revisions: list[LogRevision]

    @property
    def latest(self) -> dt.datetime:
        return max(r.when for r in self.revisions)


@dataclass
class _Kind:
    model: type
    parent: str | None  # the field that ties a row to the strategy's scope
    scope: str  # which set of ids `parent` must be in ("strategy", "aim", …)
    collects: str | None = None  # the name of the id set these rows' ids go to


KINDS = [
    _Kind(m.Strategy, "id", "strategy"),
    _Kind(m.Value, "strategy_id", "strategy"),
    _Kind(m.Grouping, "strategy_id", "strategy"),
    _Kind(m.Aim, "strategy_id", "strategy", "aim"),
    _Kind(m.Goal, "aim_id", "aim", "goal"),
    _Kind(m.Indicator, "strategy_id", "strategy", "indicator"),
    _Kind(m.GoalIndicator, "goal_id", "goal"),
    _Kind(m.ChangeFactor, "strategy_id", "strategy", "factor"),
    _Kind(m.ChangeFactorGoal, "change_factor_id", "factor"),
    _Kind(m.ChangeFactorIndicator, "change_factor_id", "factor"),
    _Kind(m.Target, "indicator_id", "indicator", "target"),
    _Kind(m.Milestone, "target_id", "target"),
    _Kind(m.Plan, "strategy_id", "strategy", "plan"),
    _Kind(m.PlanGoal, "plan_id", "plan"),
]


@dataclass
class Log:
    groups: list[DecisionGroup]
    decisions: list[
        str
    ]  # every decision the strategy's changes name (filtered or not), newest first

    def __bool__(self):
        return bool(self.groups)


def change_log(
    strategy,
    *,
    indicator=None,
    goal=None,
    decision: str | None = None,
    until: dt.datetime | None = None,
    people: bool = True,
) -> Log:
    """The strategy's changes, newest first, grouped by decision; only those of `indicator`,
    of `goal` (its own and its indicators' targets) or of `decision` when given, and only those
    in effect by `until`. Without `people`, no person's name appears anywhere in the result."""
    revisions = _revisions(strategy, until=until, people=people)
    decisions = list(dict.fromkeys(r.decision for r in revisions if r.decision))
    wanted_indicators, wanted_goals = _wanted(indicator, goal)
    kept = []
    for revision in revisions:
        if decision is not None and revision.decision != decision:
            continue
        entries = [
            e
            for e in revision.entries
            if (indicator is None and goal is None)
            or e.indicator_ids & wanted_indicators
            or e.goal_ids & wanted_goals
        ]
        if entries:
            revision.entries = entries
            kept.append(revision)
    return Log(_group(kept), decisions)


def recent_changes(
    strategy, *, indicator=None, goal=None, limit: int = 3, people: bool = False
) -> list[Entry]:
    """The latest changes of an indicator or a goal, newest first, for its page: changed or
    removed parts, and parts added after the indicator or goal itself."""
    groups = change_log(strategy, indicator=indicator, goal=goal, people=people).groups
    own = indicator or goal
    born = own.history.order_by("history_date", "history_id").values_list(
        "history_date", flat=True
    )[:1]
    born = born[0] if born else None
    entries = [
        entry
        for group in groups
        for revision in group.revisions
        if revision.when != born
        for entry in revision.entries
    ]
    return sorted(entries, key=lambda e: e.revision.when, reverse=True)[:limit]


def _wanted(indicator, goal) -> tuple[frozenset, frozenset]:
    indicators, goals = set(), set()
    if indicator is not None:
        indicators.add(indicator.pk)
    if goal is not None:
        goals.add(goal.pk)
        indicators.update(
            m.GoalIndicator.objects.filter(goal=goal).values_list("indicator_id", flat=True)
        )
    return frozenset(indicators), frozenset(goals)


def _group(revisions: list[LogRevision]) -> list[DecisionGroup]:
    groups: dict = {}
    for revision in revisions:
        key = revision.decision or ("", revision.key)
        groups.setdefault(key, DecisionGroup(revision.decision, [])).revisions.append(revision)
    for group in groups.values():
        group.revisions.sort(key=lambda r: r.when, reverse=True)
    return sorted(groups.values(), key=lambda g: g.latest, reverse=True)


# -- reading the history ---------------------------------------------------------------------


def _rows(strategy, until) -> list[tuple[_Kind, list[dict]]]:
    """Every history row of the strategy's parts, by kind, each kind in (id, time) order."""
    scopes: dict[str, set] = {"strategy": {strategy.pk}}
    result = []
    for kind in KINDS:
        history = kind.model.history.model
        rows = list(
            history.objects.filter(**{f"{kind.parent}__in": scopes[kind.scope]})
            .order_by("id", "history_date", "history_id")
            .values()
        )
        if kind.collects:
            scopes[kind.collects] = {row["id"] for row in rows}
        if until is not None:
            rows = [row for row in rows if row["history_date"] <= until]
        result.append((kind, rows))
    return result


def _revisions(strategy, *, until, people) -> list[LogRevision]:
    rows_by_kind = _rows(strategy, until)
    names = _Names(rows_by_kind)
    users = _users(rows_by_kind, strategy) if people else {}
    logged = {(r.effective, r.reason[:100], r.decision_ref): r for r in strategy.revisions.all()}
    revisions: dict[tuple, LogRevision] = {}
    for kind, rows in rows_by_kind:
        previous = {}
        for row in rows:
            before = previous.get(row["id"])
            previous[row["id"]] = row
            entry = _entry(kind, row, before, names, users, people)
            if entry is None:
                continue
            # One sitting (a file's load, a decision's changes, the admin's saves of a minute)
            # is one revision.
            key = (
                _minute(row["history_date"]),
                row["history_change_reason"] or "",
                row["decision_ref"],
            )
            revision = revisions.get(key)
            if revision is None:
                found = logged.get(key)
                who = None
                if people:
                    who = users.get(found.user_id) if found and found.user_id else None
                    who = who or users.get(row["history_user_id"])
                revision = revisions[key] = LogRevision(
                    key=f"r{row['history_id']}-{kind.model._meta.model_name}",
                    when=row["history_date"],
                    reason=key[1],
                    decision=key[2],
                    who=who,
                    source=Path(found.source).name if found and people and found.source else "",
                )
            revision.when = min(revision.when, row["history_date"])
            entry.revision = revision
            revision.entries.append(entry)
    return sorted(revisions.values(), key=lambda r: r.when, reverse=True)


def _minute(moment: dt.datetime) -> dt.datetime:
    return moment.replace(second=0, microsecond=0)


def _users(rows_by_kind, strategy) -> dict:
    ids = set()
    for kind, rows in rows_by_kind:
        people = ["history_user_id"] + [
            f.attname for f in kind.model._meta.concrete_fields if _is_person(f)
        ]
        ids.update(row[name] for row in rows for name in people)
    ids |= set(strategy.revisions.values_list("user_id", flat=True))
    ids.discard(None)
    return get_user_model().objects.in_bulk(ids)


def _entry(kind, row, before, names, users, people) -> Entry | None:
    model = kind.model
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.name not in QUIET and (people or not _is_person(f))
    ]
    action = row["history_type"]
    if action == "~" and before is None:
        action = "+"  # history began after the part existed
    if action == "~":
        shown = [
            change
            for f in fields
            if before[f.attname] != row[f.attname]
            and not _same_text(f, before[f.attname], row[f.attname])
            for change in _changes(f, before[f.attname], row[f.attname], names, users)
        ]
        if not shown:
            return None
    else:
        source = row if action == "+" else before or row
        shown = [
            FieldChange(
                str(f.verbose_name),
                "" if action == "+" else _value(f, source[f.attname], names, users),
                _value(f, source[f.attname], names, users) if action == "+" else "",
            )
            for f in fields
            if f.name in ("year", "value", "value_high", "target_value", "target_year")
            and source[f.attname] is not None
        ]
    indicators, goals = names.relations(model, row)
    return Entry(
        action=action,
        kind=str(model._meta.verbose_name),
        subject=names.subject(model, row),
        fields=shown,
        indicator_ids=indicators,
        goal_ids=goals,
    )


def _changes(f, old, new, names, users) -> list[FieldChange]:
    """A field's change; an index definition's key by key ("components[1].weight")."""
    label = str(f.verbose_name)
    if f.name == "index":
        return [FieldChange(f"{label} {path}", a, b) for path, a, b in index_diff(old, new)]
    return [FieldChange(label, _value(f, old, names, users), _value(f, new, names, users))]


def _is_person(f) -> bool:
    return f.is_relation and f.related_model is get_user_model()


def _same_text(f, a, b) -> bool:
    if isinstance(f, TranslatedTextField):
        return TranslatedText(a) == TranslatedText(b)
    return False


def _value(f, value, names, users) -> str:
    if value is None or value == "":
        return "—"
    if _is_person(f):
        user = users.get(value)
        return (user.get_full_name() or user.get_username()) if user else "—"
    if f.is_relation:
        return names.code(f.related_model, value)
    if isinstance(f, TranslatedTextField):
        return str(TranslatedText(value)) or "—"
    if f.choices:
        return str(dict(f.choices).get(value, value))
    if isinstance(f, models.DecimalField):
        return formatting.number(value)
    if isinstance(f, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(f, models.JSONField):
        return _("(set)")
    return str(value)


class _Names:
    """What each part is called (its latest name in the history) and what it belongs to."""

    def __init__(self, rows_by_kind):
        self.latest: dict[type, dict[int, dict]] = defaultdict(dict)
        for kind, rows in rows_by_kind:
            for row in rows:
                self.latest[kind.model][row["id"]] = row

    def _get(self, model, pk) -> dict:
        return self.latest[model].get(pk) or {}

    def code(self, model, pk) -> str:
        row = self._get(model, pk)
        if "code" in row:
            return row["code"]
        return str(pk)

    def _named(self, model, pk) -> str:
        row = self._get(model, pk)
        name = str(TranslatedText(row.get("name")))
        return f"{row.get('code', '')} {name}".strip() or str(pk)

    def subject(self, model, row) -> str:
        if model is m.Target:
            return _("%(indicator)s: target %(year)s") % {
                "indicator": self._named(m.Indicator, row["indicator_id"]),
                "year": row["year"],
            }
        if model is m.Milestone:
            target = self._get(m.Target, row["target_id"])
            return _("%(indicator)s: milestone %(year)s") % {
                "indicator": self._named(m.Indicator, target.get("indicator_id")),
                "year": row["year"],
            }
        links = {
            m.GoalIndicator: ((m.Goal, "goal_id"), (m.Indicator, "indicator_id")),
            m.ChangeFactorGoal: ((m.ChangeFactor, "change_factor_id"), (m.Goal, "goal_id")),
            m.ChangeFactorIndicator: (
                (m.ChangeFactor, "change_factor_id"),
                (m.Indicator, "indicator_id"),
            ),
        }
        if model in links:
            (a, a_id), (b, b_id) = links[model]
            return f"{self.code(a, row[a_id])} → {self.code(b, row[b_id])}"
        if model is m.PlanGoal:
            return f"{self.code(m.Plan, row['plan_id'])}: {self._named(m.PlanGoal, row['id'])}"
        if model is m.Strategy:
            return str(TranslatedText(row.get("name")))
        return self._named(model, row["id"])

    def relations(self, model, row) -> tuple[frozenset, frozenset]:
        """(indicator ids, goal ids) a row's change concerns."""
        if model is m.Indicator:
            return frozenset({row["id"]}), frozenset()
        if model is m.Goal:
            return frozenset(), frozenset({row["id"]})
        if model is m.Target:
            return frozenset({row["indicator_id"]}), frozenset()
        if model is m.Milestone:
            target = self._get(m.Target, row["target_id"])
            return frozenset({target.get("indicator_id")}), frozenset()
        indicators = {row[k] for k in ("indicator_id",) if row.get(k)}
        goals = {row[k] for k in ("goal_id", "serves_id") if row.get(k)}
        return frozenset(indicators), frozenset(goals)
