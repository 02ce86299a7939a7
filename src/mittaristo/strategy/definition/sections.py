"""What each section of a strategy file becomes: the parts (values, aims, goals, indicators and
their links), the change factors, the targets and the plans of the cascade.

`Sections` is the half of the loader that knows the file's shape; `load._Loader` inherits it
and brings the generic half (`sync`, the history stamp, deletions), which these methods call.
"""

import json
from dataclasses import dataclass
from decimal import Decimal

from mittaristo.core.dates import parse_date
from mittaristo.core.translation import TranslatedText

from .. import models as m
from .check import walk_goals
from .index import index_data


class Sections:
    """The per-section loading of `_Loader` (load.py), which supplies `sync` and `report`."""

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
                        "index": index_data(x.get("index")),
                    },
                )
                for i, x in enumerate(d.get("indicators") or [])
            ],
        )
        groupings = self.sync(
            "grouping",
            m.Grouping,
            {x.code: x for x in strategy.groupings.all()},
            [
                (
                    x["code"],
                    {"strategy_id": sid, **_part(x, i), "kind": x.get("kind") or "other"},
                )
                for i, x in enumerate(d.get("groupings") or [])
            ],
        )

        def grouping_id(item):
            return groupings[item["grouping"]].pk if item.get("grouping") else None

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
                        "grouping_id": grouping_id(a),
                    },
                )
                for i, a in enumerate(d.get("aims") or [])
            ],
        )
        # Each goal before its sub-goals (walk_goals' order), so a parent is written first.
        goal_rows = [(d["aims"][path[1]], path[-1], g, parent) for path, g, parent in walk_goals(d)]
        goals = self.sync(
            "goal",
            m.Goal,
            {x.code: x for x in m.Goal.objects.filter(aim__strategy=strategy)},
            [
                (
                    g["code"],
                    {
                        "aim_id": aims[aim["code"]].pk,
                        "parent_id": _Ref(parent) if parent else None,
                        **_part(g, i),
                        "owner_unit": _text(g.get("owner_unit")),
                        "grouping_id": grouping_id(g),
                    },
                )
                for aim, i, g, parent in goal_rows
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
                for _aim, _i, g, _parent in goal_rows
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
