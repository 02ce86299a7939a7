"""Writing a checked strategy definition to the database.

The file is the truth for what it owns: what it adds is created, what it changes is updated,
what it no longer has is deleted, and nothing else is touched, so loading the same file again
changes nothing. Every write is stamped for django-simple-history with the revision's date,
reason and decision, and the whole load is one transaction.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mittaristo.core.dates import parse_date
from mittaristo.strategy.shared import indicators_link, strategy_values_hidden

from .. import models as m
from .compare import (
    AppChangesError,
    Change,
    Conflict,
    conflicts_between,
    show,
    unknown_conflicts,
    with_history,
)
from .export import strategy_yaml
from .parse import Definition, DefinitionError, Problem, parse_text
from .sections import Sections, _Ref, _text


@dataclass
class LoadReport:
    strategy: m.Strategy | None = None
    created: Counter = field(default_factory=Counter)
    changed: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    changes: list[str] = field(default_factory=list)
    diffs: list[Change] = field(default_factory=list)
    revision: m.Revision | None = None
    reverted: list[Conflict] = field(default_factory=list)  # changes made in the app, undone
    # Indicator code → how many values of its own a bound indicator holds, entered before its
    # binding: hidden while it reads the national series (shared.values_hidden).
    hidden: dict[str, int] = field(default_factory=dict)

    @property
    def has_changes(self) -> bool:
        return bool(self.created or self.changed or self.deleted)

    @property
    def changed_indices(self) -> list[str]:
        """The codes of the indicators whose index definition the load added or changed: their
        values are to be computed again (`mittaristo compute-indices`)."""
        codes = {
            c.key
            for c in self.diffs
            if c.label == "indicator" and (c.field == "index" or c.kind == "+")
        }
        if not codes or self.strategy is None:
            return []
        found = self.strategy.indicators.filter(code__in=codes, source_kind="composite_index")
        return sorted(x.code for x in found if x.index)

    def lines(self) -> list[str]:
        """What the load did, for a person reading the console."""
        if not self.has_changes:
            return [_("%(strategy)s: no changes.") % {"strategy": self.strategy}, *self.warnings()]
        total = {
            "strategy": self.strategy,
            "created": sum(self.created.values()),
            "changed": sum(self.changed.values()),
            "deleted": sum(self.deleted.values()),
            "reason": self.revision.reason if self.revision else "",
        }
        return [
            *self.changes,
            _(
                "%(strategy)s: %(created)s created, %(changed)s changed, %(deleted)s deleted "
                "(revision: %(reason)s)."
            )
            % total,
            *self.warnings(),
        ]

    def warnings(self) -> list[str]:
        return [
            ngettext(
                "Warning: indicator %(code)s has %(count)d value of its own, entered before it "
                "was bound to open data. While it reads the national series, that value is not "
                "shown; removing the binding shows it again.",
                "Warning: indicator %(code)s has %(count)d values of its own, entered before it "
                "was bound to open data. While it reads the national series, they are not "
                "shown; removing the binding shows them again.",
                count,
            )
            % {"code": code, "count": count}
            for code, count in self.hidden.items()
        ]


@transaction.atomic
def strategy_load(
    *,
    definition: Definition,
    reason: str | None = None,
    decision: str | None = None,
    effective: dt.date | dt.datetime | None = None,
    user=None,
    overwrite_app_changes: bool = False,
) -> LoadReport:
    """Create or update the strategy a definition describes; record what changed as a revision.

    What was changed in the app since the strategy's last load of a file, and that this file
    would undo, is refused (AppChangesError, with the list) unless `overwrite_app_changes`;
    then the load is recorded as a revert. Every load keeps the strategy as it stands after it
    (StrategyLoad), which the next load compares with.
    """
    file = definition.origin or definition.file
    existing = _existing(definition)
    last_load = existing.loads.first() if existing else None
    conflicts = _app_conflicts(definition, existing, last_load)
    if conflicts and not overwrite_app_changes:
        raise AppChangesError(conflicts, file=file, strategy=existing, last_load=last_load)
    loader = _Loader(definition)
    if conflicts:
        # A revert takes effect when it is made, whatever date the (older) file says.
        loader.reverting = {c.where for c in conflicts}
        # (nor by the decision an older file names: the revert is no part of it)
        reason = reason or _limited(_("Reverted to the strategy file %(file)s"), file)
        decision = decision or ""
        effective = effective or timezone.now()
    loader.stamp = _stamp_for(definition, reason, decision, effective)
    report = loader.run()
    if report.has_changes and loader.stamp.problem:
        raise DefinitionError([loader.stamp.problem])
    report.reverted = conflicts
    if report.has_changes:
        report.revision = m.Revision.objects.create(
            strategy=report.strategy,
            effective=loader.stamp.when,
            reason=loader.stamp.reason,
            decision_ref=loader.stamp.decision,
            source=file,
            user=user,
            changes=report.changes,
        )
    m.StrategyLoad.objects.create(
        strategy=report.strategy,
        file=file[:500],
        revision=report.revision,
        state=strategy_yaml(report.strategy),
    )
    return report


def _existing(definition: Definition) -> m.Strategy | None:
    data = definition.data
    return m.Strategy.objects.filter(
        organisation__code=data["organisation"]["code"], code=data["strategy"]["code"]
    ).first()


def _app_conflicts(definition, strategy, last_load) -> list[Conflict]:
    """What was changed in the app since the last load that this file would undo."""
    if strategy is None:
        return []
    if last_load is None:
        # Loaded before loads were recorded, or made otherwise: which side changed is unknown.
        return with_history(unknown_conflicts(_dry_run(definition)))
    kept = parse_text(last_load.state, last_load.file)
    app_changes = _dry_run(kept)
    if not app_changes:
        return []
    return with_history(conflicts_between(app_changes, _dry_run(definition)))


class _Rollback(Exception):
    pass


def _dry_run(definition: Definition) -> list[Change]:
    """What loading `definition` would change, without changing anything."""
    loader = _Loader(definition, dry_run=True)
    loader.stamp = _Stamp(when=timezone.now(), reason="", decision="")
    try:
        with transaction.atomic():
            loader.run()
            raise _Rollback
    except _Rollback:
        pass
    except IntegrityError as error:
        # The app's rows clash with what the file would write (a code moved between parts):
        # say so rather than guess which side changed.
        message = _("cannot compare the file with the app: %(error)s") % {"error": error}
        raise DefinitionError([Problem(definition.file, 0, message)]) from None
    return loader.report.diffs


@dataclass
class _Stamp:
    when: dt.datetime
    reason: str
    decision: str
    problem: Problem | None = None  # the date is too early (refused if anything changes)


# The history's `history_change_reason` holds 100 characters (simple_history's field);
# PostgreSQL refuses a longer one.
REASON_LENGTH = 100


def _file_reason(file: str) -> str:
    """ "Updated from the file …": with the whole path when it fits, else with the file's name."""
    return _limited(_("Updated from the file %(file)s"), file)


def _limited(message: str, file: str) -> str:
    """`message` naming `file`: with the whole path when it fits, else with the file's name."""
    for shown in (str(file), Path(file).name):
        reason = message % {"file": shown}
        if len(reason) <= REASON_LENGTH:
            return reason
    return reason[:REASON_LENGTH]


def _stamp_for(definition, reason, decision, effective) -> _Stamp:
    data = definition.data
    org, code = data["organisation"]["code"], data["strategy"]["code"]
    existing = m.Strategy.objects.filter(organisation__code=org, code=code).first()
    revision = data.get("revision") or {}
    last = existing.revisions.order_by("-effective").first() if existing else None
    if effective is None and revision.get("date"):
        effective = parse_date(revision["date"])
    if effective is None and existing is None and data.get("approvals"):
        # A strategy loaded for the first time took effect when it was approved.
        effective = max(parse_date(a["date"]) for a in data["approvals"])
        reason = reason or _("Strategy approved")
    if reason is None:
        reason = revision.get("reason") or _file_reason(definition.file)
    if decision is None:
        decision = revision.get("decision", "")
        if not decision and existing is None and data.get("approvals"):
            decision = max(data["approvals"], key=lambda a: parse_date(a["date"])).get(
                "decision", ""
            )
    when = _as_datetime(effective) if effective else timezone.now()
    if last and when <= last.effective:
        problem = None
        if timezone.localdate(last.effective) > timezone.localdate(when):
            # Refused if the load changes anything (a file that changes nothing may say it).
            problem = Problem(
                *definition.locate(("revision", "date")),
                _(
                    "the revision date %(date)s is earlier than the latest recorded "
                    "revision (%(last)s)"
                )
                % {
                    "date": timezone.localdate(when).strftime("%d.%m.%Y"),
                    "last": timezone.localdate(last.effective).strftime("%d.%m.%Y"),
                },
            )
        # The same day as the latest revision: keep the order of events.
        when = last.effective + dt.timedelta(seconds=1)
        return _Stamp(when=when, reason=reason, decision=decision, problem=problem)
    return _Stamp(when=when, reason=reason, decision=decision)


def _as_datetime(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(dt.datetime.combine(value, dt.time.min))


def _same(old, new) -> bool:
    if isinstance(old, dict) or isinstance(new, dict):
        return dict(old or {}) == dict(new or {})
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return old is not None and new is not None and Decimal(old) == Decimal(new)
    return old == new


class _Loader(Sections):
    def __init__(self, definition: Definition, *, dry_run: bool = False):
        self.definition = definition
        self.data = definition.data
        self.report = LoadReport()
        self.leftovers: list[tuple[str, list]] = []
        self.dry_run = dry_run  # deletions are only reported (the caller rolls back the rest)
        self.reverting: set = set()  # (label, key, field) of changes made in the app, undone
        self.keys: dict = {}  # (label, id of a row left over) → its key, for deletions

    # -- the generic part ---------------------------------------------------------------

    def _mark(self, obj):
        obj._history_date = self.stamp.when
        obj._change_reason = self.stamp.reason
        obj._decision_ref = self.stamp.decision

    def sync(self, label, model, existing: dict, wanted: list[tuple]) -> dict:
        """Bring the rows of `existing` (key → row) to `wanted` ([(key, fields)])."""
        result = {}
        for key, wanted_fields in wanted:
            fields = {
                name: (result[value.key].pk if isinstance(value, _Ref) else value)
                for name, value in wanted_fields.items()
            }
            obj = existing.pop(key, None)
            if obj is None:
                obj = model(**fields)
                self._mark(obj)
                obj.save()
                self.report.created[label] += 1
                self.report.changes.append(f"+ {label} {_show(key)}" + self._undoes(label, key))
                self.report.diffs.append(Change("+", label, key, model=model))
            else:
                diffs = {
                    name: (getattr(obj, name), value)
                    for name, value in fields.items()
                    if not _same(getattr(obj, name), value)
                }
                if diffs:
                    for name, (_old, value) in diffs.items():
                        setattr(obj, name, value)
                    self._mark(obj)
                    obj.save()
                    self.report.changed[label] += 1
                    for name, (old, value) in diffs.items():
                        self.report.changes.append(
                            f"~ {label} {_show(key)}: {name} {_show(old)} → {_show(value)}"
                            + self._undoes(label, key, name)
                        )
                        self.report.diffs.append(
                            Change("~", label, key, name, old, value, model=model, pk=obj.pk)
                        )
                else:
                    self.report.unchanged[label] += 1
            result[key] = obj
        self.leftovers.append((label, list(existing.values())))
        self.keys.update({(label, id(obj)): key for key, obj in existing.items()})
        return result

    def _key_of(self, label, obj):
        return self.keys.get((label, id(obj)), str(obj))

    def _undoes(self, label, key, name="") -> str:
        if (label, key, name) in self.reverting:
            return " " + _("(undoes a change made in the app)")
        return ""

    def delete_leftovers(self):
        if self.dry_run:
            for label, objs in self.leftovers:
                for obj in objs:
                    key = self._key_of(label, obj)
                    self.report.diffs.append(Change("-", label, key, model=type(obj), pk=obj.pk))
            return
        for label, objs in reversed(self.leftovers):
            pending = list(objs)
            while pending:  # children before parents (plans and plan goals nest)
                blocked = []
                for obj in pending:
                    if _has_children(obj, pending):
                        blocked.append(obj)
                        continue
                    self._mark(obj)
                    try:
                        obj.delete()
                    except ProtectedError:
                        message = _(
                            "%(what)s '%(name)s' is no longer in the file, but it has stored "
                            "values or plans that refer to it, so it cannot be removed"
                        ) % {"what": label, "name": obj}
                        raise DefinitionError([Problem(self.definition.file, 0, message)]) from None
                    self.report.deleted[label] += 1
                    key = self._key_of(label, obj)
                    self.report.changes.append(f"- {label} {obj}" + self._undoes(label, key))
                pending = blocked

    # -- the strategy ---------------------------------------------------------------------

    def _slug(self) -> str:
        """The file's organisation address, if it names one that no other organisation has."""
        organisation = self.data["organisation"]
        slug = organisation.get("slug") or ""
        taken = m.Organisation.objects.filter(slug=slug).exclude(code=organisation["code"])
        if slug and taken.exists():
            message = _("the address “%(slug)s” is another organisation's (%(other)s)") % {
                "slug": slug,
                "other": taken.first(),
            }
            raise DefinitionError([self.definition.problem(("organisation", "slug"), message)])
        return slug

    def run(self) -> LoadReport:
        d = self.data
        org = self.sync(
            "organisation",
            m.Organisation,
            {o.code: o for o in m.Organisation.objects.filter(code=d["organisation"]["code"])},
            [
                (
                    d["organisation"]["code"],
                    {
                        "code": d["organisation"]["code"],
                        "name": _text(d["organisation"]["name"]),
                        # Only when the file names it: an address set in the admin stays.
                        **({"slug": slug} if (slug := self._slug()) else {}),
                    },
                )
            ],
        )[d["organisation"]["code"]]
        self.leftovers.pop()  # other organisations are not this file's business
        s = d["strategy"]
        strategy = self.sync(
            "strategy",
            m.Strategy,
            {x.code: x for x in m.Strategy.objects.filter(organisation=org, code=s["code"])},
            [
                (
                    s["code"],
                    {
                        "organisation_id": org.pk,
                        "code": s["code"],
                        "name": _text(s["name"]),
                        "vision": _text(s.get("vision")),
                        "mission": _text(s.get("mission")),
                        "levels": {k: _text(v) for k, v in (s.get("levels") or {}).items()},
                        "description": _text(s.get("description")),
                        "follow_up": _text(s.get("follow_up")),
                        "targets_note": _text(s.get("targets_note")),
                        "horizon_start": s["horizon"]["start"],
                        "horizon_end": s["horizon"]["end"],
                        "council_term_start": s["council_term"]["start"],
                        "council_term_end": s["council_term"]["end"],
                        "thresholds": s.get("thresholds") or {},
                        "translations": s.get("translations") or {},
                    },
                )
            ],
        )[s["code"]]
        self.leftovers.pop()
        self.report.strategy = strategy
        self.load_parts(strategy)
        self.delete_leftovers()
        if not self.dry_run:
            # Bound indicators read the national series their binding fetches (shared.py).
            indicators_link(indicators=strategy.indicators.all())
            self.report.hidden = strategy_values_hidden(strategy)
        return self.report


def _has_children(obj, pending) -> bool:
    if isinstance(obj, m.Plan):
        return any(getattr(o, "parent_id", None) == obj.pk for o in pending if o is not obj)
    if isinstance(obj, m.Goal):
        return any(getattr(o, "parent_id", None) == obj.pk for o in pending if o is not obj)
    if isinstance(obj, m.PlanGoal):
        return any(getattr(o, "parent_goal_id", None) == obj.pk for o in pending if o is not obj)
    return False


_show = show
