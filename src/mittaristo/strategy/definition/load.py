"""Writing a checked strategy definition to the database.

The file is the truth for what it owns: what it adds is created, what it changes is updated,
what it no longer has is deleted, and nothing else is touched, so loading the same file again
changes nothing. Every write is stamped for django-simple-history with the revision's date,
reason and decision, and the whole load is one transaction.
"""

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from mittaristo.core.dates import parse_date
from mittaristo.core.numbers import plain
from mittaristo.core.translation import TranslatedText

from .. import models as m
from .parse import Definition, DefinitionError, Problem


@dataclass
class LoadReport:
    strategy: m.Strategy | None = None
    created: Counter = field(default_factory=Counter)
    changed: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    changes: list[str] = field(default_factory=list)
    revision: m.Revision | None = None

    @property
    def has_changes(self) -> bool:
        return bool(self.created or self.changed or self.deleted)

    def lines(self) -> list[str]:
        """What the load did, for a person reading the console."""
        if not self.has_changes:
            return [_("%(strategy)s: no changes.") % {"strategy": self.strategy}]
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
        ]


@transaction.atomic
def strategy_load(
    *,
    definition: Definition,
    reason: str | None = None,
    decision: str | None = None,
    effective: dt.date | dt.datetime | None = None,
    user=None,
) -> LoadReport:
    """Create or update the strategy a definition describes; record what changed as a revision."""
    loader = _Loader(definition)
    loader.stamp = _stamp_for(definition, reason, decision, effective)
    report = loader.run()
    if report.has_changes:
        report.revision = m.Revision.objects.create(
            strategy=report.strategy,
            effective=loader.stamp.when,
            reason=loader.stamp.reason,
            decision_ref=loader.stamp.decision,
            source=definition.file,
            user=user,
            changes=report.changes,
        )
    return report


@dataclass
class _Stamp:
    when: dt.datetime
    reason: str
    decision: str


# The history's `history_change_reason` holds 100 characters (simple_history's field);
# PostgreSQL refuses a longer one.
REASON_LENGTH = 100


def _file_reason(file: str) -> str:
    """ "Updated from the file …": with the whole path when it fits, else with the file's name."""
    for shown in (str(file), Path(file).name):
        reason = _("Updated from the file %(file)s") % {"file": shown}
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
        if timezone.localdate(last.effective) > timezone.localdate(when):
            raise DefinitionError(
                [
                    Problem(
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
                ]
            )
        # The same day as the latest revision: keep the order of events.
        when = last.effective + dt.timedelta(seconds=1)
    return _Stamp(when=when, reason=reason, decision=decision)


def _as_datetime(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(dt.datetime.combine(value, dt.time.min))


def _part(item: dict, order: int) -> dict:
    """The fields every coded part of a strategy has (see StrategyPart)."""
    return {
        "code": item["code"],
        "order": order,
        "name": _text(item["name"]),
        "description": _text(item.get("description")),
    }


def _text(value) -> TranslatedText:
    return TranslatedText(value)


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def _same(old, new) -> bool:
    if isinstance(old, dict) or isinstance(new, dict):
        return dict(old or {}) == dict(new or {})
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return old is not None and new is not None and Decimal(old) == Decimal(new)
    return old == new


class _Loader:
    def __init__(self, definition: Definition):
        self.definition = definition
        self.data = definition.data
        self.report = LoadReport()
        self.leftovers: list[tuple[str, list]] = []

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
                self.report.changes.append(f"+ {label} {_show(key)}")
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
                        )
                else:
                    self.report.unchanged[label] += 1
            result[key] = obj
        self.leftovers.append((label, list(existing.values())))
        return result

    def delete_leftovers(self):
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
                    self.report.changes.append(f"- {label} {obj}")
                pending = blocked

    # -- the strategy ---------------------------------------------------------------------

    def run(self) -> LoadReport:
        d = self.data
        org = self.sync(
            "organisation",
            m.Organisation,
            {o.code: o for o in m.Organisation.objects.filter(code=d["organisation"]["code"])},
            [
                (
                    d["organisation"]["code"],
                    {"code": d["organisation"]["code"], "name": _text(d["organisation"]["name"])},
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
                        "description": _text(s.get("description")),
                        "follow_up": _text(s.get("follow_up")),
                        "targets_note": _text(s.get("targets_note")),
                        "horizon_start": s["horizon"]["start"],
                        "horizon_end": s["horizon"]["end"],
                        "council_term_start": s["council_term"]["start"],
                        "council_term_end": s["council_term"]["end"],
                        "thresholds": s.get("thresholds") or {},
                    },
                )
            ],
        )[s["code"]]
        self.leftovers.pop()
        self.report.strategy = strategy
        self.load_parts(strategy)
        self.delete_leftovers()
        return self.report

    def load_parts(self, strategy):
        d, sid = self.data, strategy.pk
        self.sync(
            "approval",
            m.Approval,
            dict(enumerate(strategy.approvals.order_by("order", "pk"))),
            [
                (
                    i,
                    {
                        "strategy_id": sid,
                        "order": i,
                        "body": _text(a["body"]),
                        "date": parse_date(a["date"]),
                        "decision_ref": a.get("decision", ""),
                    },
                )
                for i, a in enumerate(d.get("approvals") or [])
            ],
        )
        self.sync(
            "process",
            m.ProcessEvent,
            dict(enumerate(strategy.process_events.order_by("order", "pk"))),
            [
                (
                    i,
                    {
                        "strategy_id": sid,
                        "order": i,
                        "kind": e.get("kind", "event"),
                        "name": _text(e["name"]),
                        "description": _text(e.get("description")),
                        "start": parse_date(e["date"]) if "date" in e else None,
                        "end": parse_date(e["end"]) if "end" in e else None,
                    },
                )
                for i, e in enumerate(d.get("process") or [])
            ],
        )
        self.sync(
            "value",
            m.Value,
            {x.code: x for x in strategy.values.all()},
            [
                (
                    v["code"],
                    {
                        "strategy_id": sid,
                        **_part(v, i),
                    },
                )
                for i, v in enumerate(d.get("values") or [])
            ],
        )
        indicators = self.sync(
            "indicator",
            m.Indicator,
            {x.code: x for x in strategy.indicators.all()},
            [
                (
                    x["code"],
                    {
                        "strategy_id": sid,
                        **_part(x, i),
                        "unit": _text(x.get("unit")),
                        "direction": x["direction"],
                        "range_min": _decimal((x.get("range") or {}).get("min")),
                        "range_max": _decimal((x.get("range") or {}).get("max")),
                        "compare": x.get("compare") or "level",
                        "frequency": x["frequency"],
                        "source_kind": x["source_kind"],
                        "method": _text(x.get("method")),
                        "responsible_unit": _text(x.get("responsible_unit")),
                        "natural_limit": _decimal(x.get("natural_limit")),
                        "publication_lag_days": x.get("publication_lag_days"),
                        # JSON has no decimals: a scale of 0.001 is kept as the text "0.001".
                        "binding": json.loads(json.dumps(x.get("binding") or {}, default=str)),
                    },
                )
                for i, x in enumerate(d.get("indicators") or [])
            ],
        )
        aims = self.sync(
            "aim",
            m.Aim,
            {x.code: x for x in strategy.aims.all()},
            [
                (
                    a["code"],
                    {
                        "strategy_id": sid,
                        **_part(a, i),
                    },
                )
                for i, a in enumerate(d.get("aims") or [])
            ],
        )
        goal_rows = [(aim, i, g) for aim in d.get("aims") or [] for i, g in enumerate(aim["goals"])]
        goals = self.sync(
            "goal",
            m.Goal,
            {x.code: x for x in m.Goal.objects.filter(aim__strategy=strategy)},
            [
                (
                    g["code"],
                    {
                        "aim_id": aims[aim["code"]].pk,
                        **_part(g, i),
                        "owner_unit": _text(g.get("owner_unit")),
                    },
                )
                for aim, i, g in goal_rows
            ],
        )
        self.sync(
            "goal indicator",
            m.GoalIndicator,
            {
                (x.goal.code, x.indicator.code): x
                for x in m.GoalIndicator.objects.filter(
                    goal__aim__strategy=strategy
                ).select_related("goal", "indicator")
            },
            [
                (
                    (g["code"], code),
                    {
                        "goal_id": goals[g["code"]].pk,
                        "indicator_id": indicators[code].pk,
                        "order": i,
                    },
                )
                for _aim, _i, g in goal_rows
                for i, code in enumerate(g.get("indicators") or [])
            ],
        )
        self.load_change_factors(strategy, goals, indicators)
        self.load_targets(strategy, indicators)
        self.load_plans(strategy, goals, indicators)

    def load_change_factors(self, strategy, goals, indicators):
        factors_data = self.data.get("change_factors") or []
        factors = self.sync(
            "change factor",
            m.ChangeFactor,
            {x.code: x for x in strategy.change_factors.all()},
            [
                (
                    f["code"],
                    {
                        "strategy_id": strategy.pk,
                        **_part(f, i),
                    },
                )
                for i, f in enumerate(factors_data)
            ],
        )
        for label, model, attr, targets in (
            ("change factor goal", m.ChangeFactorGoal, "goal", goals),
            ("change factor indicator", m.ChangeFactorIndicator, "indicator", indicators),
        ):
            existing = model.objects.filter(change_factor__strategy=strategy).select_related(
                "change_factor", attr
            )
            self.sync(
                label,
                model,
                {(x.change_factor.code, getattr(x, attr).code): x for x in existing},
                [
                    (
                        (f["code"], code),
                        {"change_factor_id": factors[f["code"]].pk, f"{attr}_id": targets[code].pk},
                    )
                    for f in factors_data
                    for code in f.get(f"{attr}s") or []
                ],
            )

    def load_targets(self, strategy, indicators):
        rows = list(enumerate(self.data.get("targets") or []))
        existing = m.Target.objects.filter(indicator__strategy=strategy).select_related("indicator")
        targets = self.sync(
            "target",
            m.Target,
            {(x.indicator.code, x.year): x for x in existing},
            [
                (
                    (t["indicator"], t["year"]),
                    {
                        "indicator_id": indicators[t["indicator"]].pk,
                        "year": t["year"],
                        "value": Decimal(t["value"] if "value" in t else t["range"]["min"]),
                        "value_high": _decimal((t.get("range") or {}).get("max")),
                        "cumulative_from": t.get("cumulative_from"),
                        "baseline_year": (t.get("baseline") or {}).get("year"),
                        "baseline_value": _decimal((t.get("baseline") or {}).get("value")),
                        "tolerance": _decimal(t.get("tolerance")),
                        "note": _text(t.get("note")),
                        "is_example": self.definition.is_example(("targets", i)),
                    },
                )
                for i, t in rows
            ],
        )
        existing = m.Milestone.objects.filter(target__indicator__strategy=strategy).select_related(
            "target__indicator"
        )
        self.sync(
            "milestone",
            m.Milestone,
            {(x.target.indicator.code, x.target.year, x.year): x for x in existing},
            [
                (
                    (t["indicator"], t["year"], ms["year"]),
                    {
                        "target_id": targets[(t["indicator"], t["year"])].pk,
                        "year": ms["year"],
                        "value": Decimal(ms["value"]),
                    },
                )
                for _i, t in rows
                for ms in t.get("milestones") or []
            ],
        )

    def load_plans(self, strategy, goals, indicators):
        rows = list(enumerate(self.data.get("plans") or []))
        by_code = {p["code"]: p for _i, p in rows}
        ordered = sorted(rows, key=lambda r: _depth(r[1]["code"], by_code))  # parents first
        plans = {x.code: x for x in strategy.plans.all()}
        wanted = []
        for i, p in ordered:
            wanted.append(
                (
                    p["code"],
                    {
                        "strategy_id": strategy.pk,
                        "code": p["code"],
                        "order": i,
                        "kind": p["kind"],
                        "name": _text(p["name"]),
                        "description": _text(p.get("description")),
                        "start_year": p["years"]["start"],
                        "end_year": p["years"]["end"],
                        "owner_unit": _text(p.get("owner_unit")),
                        "is_example": self.definition.is_example(("plans", i)),
                        "parent_id": _Ref(p["parent"]) if p.get("parent") else None,
                    },
                )
            )
        plans = self.sync("plan", m.Plan, plans, wanted)
        goal_rows = [(p, j, g) for _i, p in ordered for j, g in enumerate(p.get("goals") or [])]
        existing = {x.code: x for x in m.PlanGoal.objects.filter(plan__strategy=strategy)}
        self.sync(
            "plan goal",
            m.PlanGoal,
            existing,
            [
                (
                    g["code"],
                    {
                        "plan_id": plans[p["code"]].pk,
                        "code": g["code"],
                        "order": j,
                        "name": _text(g["name"]),
                        "serves_id": goals[g["serves"]].pk,
                        "indicator_id": indicators[g["indicator"]].pk
                        if g.get("indicator")
                        else None,
                        "target_value": _decimal((g.get("target") or {}).get("value")),
                        "target_year": (g.get("target") or {}).get("year"),
                        "parent_goal_id": _Ref(g["parent_goal"]) if g.get("parent_goal") else None,
                    },
                )
                for p, j, g in goal_rows
            ],
        )


@dataclass(frozen=True)
class _Ref:
    """A field value naming another row of the same sync, resolved to its key when written."""

    key: object


def _depth(code, by_code) -> int:
    depth, seen = 0, set()
    while (parent := by_code.get(code, {}).get("parent")) and parent not in seen:
        seen.add(parent)
        depth, code = depth + 1, parent
    return depth


def _has_children(obj, pending) -> bool:
    if isinstance(obj, m.Plan):
        return any(getattr(o, "parent_id", None) == obj.pk for o in pending if o is not obj)
    if isinstance(obj, m.PlanGoal):
        return any(getattr(o, "parent_goal_id", None) == obj.pk for o in pending if o is not obj)
    return False


def _show(value) -> str:
    if isinstance(value, tuple):
        return "/".join(str(v) for v in value)
    if isinstance(value, dict):
        return repr(TranslatedText(value).in_language("fi"))
    if isinstance(value, Decimal):
        return plain(value)
    return str(value)
