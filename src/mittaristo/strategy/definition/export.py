"""Writing a stored strategy back as a definition file (docs/strategy-file.md).

`strategy_export(strategy)` gives the file's data and `strategy_yaml(strategy)` its text: every
field the loader owns, in the order and shape a person writes them, so that `check-strategy`
accepts it and loading it changes nothing. Example targets and plans say `example: true`.
What the file does not own (goal owners, responsible people, the weights of indicators) is not
written. The loader keeps the text of the last load (`StrategyLoad.state`) to tell what was
changed in the app since.
"""

from decimal import Decimal

import yaml
from django.utils import timezone

from mittaristo.core.numbers import plain
from mittaristo.core.translation import TranslatedText

from .. import models as m
from .index import index_ordered as _index

HEADER = (
    "# %(strategy)s, written by `mittaristo export-strategy` on %(date)s.\n"
    "# The format: docs/strategy-file.md; the schema: docs/strategy-schema.json.\n"
)


def strategy_export(strategy: m.Strategy) -> dict:
    """The strategy as the data of a definition file."""
    data = {
        "schema_version": 1,
        "organisation": {
            "code": strategy.organisation.code,
            "name": _text(strategy.organisation.name),
            **({"slug": strategy.organisation.slug} if strategy.organisation.slug else {}),
        },
        "strategy": _drop_empty(
            {
                "code": strategy.code,
                "name": _text(strategy.name),
                "vision": _text(strategy.vision),
                "mission": _text(strategy.mission),
                "levels": _levels(strategy.levels),
                "description": _text(strategy.description),
                "follow_up": _text(strategy.follow_up),
                "targets_note": _text(strategy.targets_note),
                "thresholds": dict(strategy.thresholds or {}) or None,
                "horizon": {"start": strategy.horizon_start, "end": strategy.horizon_end},
                "council_term": {
                    "start": strategy.council_term_start,
                    "end": strategy.council_term_end,
                },
                "translations": _translations(strategy.translations),
            }
        ),
        "approvals": [
            _drop_empty(
                {"body": _text(a.body), "date": a.date.isoformat(), "decision": a.decision_ref}
            )
            for a in strategy.approvals.order_by("order", "pk")
        ],
        "process": [
            _drop_empty(
                {
                    "kind": None if e.kind == m.ProcessEvent.Kind.EVENT else e.kind,
                    "name": _text(e.name),
                    "description": _text(e.description),
                    "date": e.start.isoformat() if e.start else None,
                    "end": e.end.isoformat() if e.end else None,
                }
            )
            for e in strategy.process_events.order_by("order", "pk")
        ],
        "values": [_part(v) for v in strategy.values.order_by("order", "pk")],
        "groupings": [
            _drop_empty({**_part(g), "kind": None if g.kind == g.Kind.OTHER else g.kind})
            for g in strategy.groupings.order_by("order", "pk")
        ],
        "change_factors": _change_factors(strategy),
        "aims": _aims(strategy),
        "indicators": [_indicator(x) for x in strategy.indicators.order_by("order", "pk")],
        "targets": _targets(strategy),
        "plans": _plans(strategy),
    }
    return data


def strategy_yaml(strategy: m.Strategy) -> str:
    """The strategy as the text of a definition file."""
    body = yaml.dump(
        strategy_export(strategy),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
    header = HEADER % {"strategy": strategy.code, "date": timezone.localdate().isoformat()}
    return header + body


def _translations(translations: dict) -> dict | None:
    """Who translated each language, in the order fi, sv, en, with `by` before `note`."""
    found = {
        language: {key: translations[language][key] for key in ("by", "note") if key in entry}
        for language in ("fi", "sv", "en")
        if (entry := (translations or {}).get(language))
    }
    return found or None


def _change_factors(strategy) -> list[dict]:
    goals: dict[int, list[str]] = {}
    for link in (
        m.ChangeFactorGoal.objects.filter(change_factor__strategy=strategy)
        .select_related("goal")
        .order_by("pk")
    ):
        goals.setdefault(link.change_factor_id, []).append(link.goal.code)
    indicators: dict[int, list[str]] = {}
    for link in (
        m.ChangeFactorIndicator.objects.filter(change_factor__strategy=strategy)
        .select_related("indicator")
        .order_by("pk")
    ):
        indicators.setdefault(link.change_factor_id, []).append(link.indicator.code)
    return [
        _drop_empty(
            {
                **_part(f),
                "goals": goals.get(f.pk),
                "indicators": indicators.get(f.pk),
            }
        )
        for f in strategy.change_factors.order_by("order", "pk")
    ]


def _aims(strategy) -> list[dict]:
    links: dict[int, list[str]] = {}
    for link in (
        m.GoalIndicator.objects.filter(goal__aim__strategy=strategy)
        .select_related("indicator")
        .order_by("order", "pk")
    ):
        links.setdefault(link.goal_id, []).append(link.indicator.code)
    # Goals by the goal above them (None: a goal of the aim), then written as a tree.
    below: dict[tuple, list] = {}
    for goal in (
        m.Goal.objects.filter(aim__strategy=strategy)
        .select_related("grouping")
        .order_by("order", "pk")
    ):
        below.setdefault((goal.aim_id, goal.parent_id), []).append(goal)

    def written(goal, seen) -> dict:
        seen = seen | {goal.pk}  # a loop made by hand in the admin is cut, not followed
        children = [g for g in below.get((goal.aim_id, goal.pk), []) if g.pk not in seen]
        return _drop_empty(
            {
                **_part(goal),
                "owner_unit": _text(goal.owner_unit),
                "grouping": goal.grouping.code if goal.grouping else None,
                "indicators": links.get(goal.pk),
                "goals": [written(g, seen) for g in children],
            }
        )

    return [
        {
            **_part(aim),
            **({"grouping": aim.grouping.code} if aim.grouping else {}),
            "goals": [written(g, set()) for g in below.get((aim.pk, None), [])],
        }
        for aim in strategy.aims.select_related("grouping").order_by("order", "pk")
    ]


def _levels(levels: dict) -> dict | None:
    """The names of the levels the strategy gives, in the schema's order."""
    found = {key: _text(levels[key]) for key in m.Strategy.LEVELS if key in (levels or {})}
    return _drop_empty(found) or None


def _indicator(x: m.Indicator) -> dict:
    has_range = x.range_min is not None and x.range_max is not None
    return _drop_empty(
        {
            **_part(x),
            "unit": _text(x.unit),
            "direction": x.direction,
            "range": {"min": x.range_min, "max": x.range_max} if has_range else None,
            "compare": None if x.compare == m.Indicator.Compare.LEVEL else x.compare,
            "frequency": x.frequency,
            "source_kind": x.source_kind,
            "method": _text(x.method),
            "responsible_unit": _text(x.responsible_unit),
            "natural_limit": x.natural_limit,
            "publication_lag_days": x.publication_lag_days,
            "binding": dict(x.binding or {}) or None,
            "index": _index(x.index),
        }
    )


def _targets(strategy) -> list[dict]:
    milestones: dict[int, list[dict]] = {}
    for ms in m.Milestone.objects.filter(target__indicator__strategy=strategy).order_by(
        "year", "pk"
    ):
        milestones.setdefault(ms.target_id, []).append({"year": ms.year, "value": ms.value})
    targets = m.Target.objects.filter(indicator__strategy=strategy).select_related("indicator")
    result = []
    for t in targets.order_by("indicator__order", "indicator__pk", "year"):
        has_baseline = t.baseline_year is not None and t.baseline_value is not None
        band = t.value_high is not None
        result.append(
            _drop_empty(
                {
                    "indicator": t.indicator.code,
                    "year": t.year,
                    "value": None if band else t.value,
                    "range": {"min": t.value, "max": t.value_high} if band else None,
                    "cumulative_from": t.cumulative_from,
                    "baseline": {"year": t.baseline_year, "value": t.baseline_value}
                    if has_baseline
                    else None,
                    "tolerance": t.tolerance,
                    "milestones": milestones.get(t.pk),
                    "note": _text(t.note),
                    "example": True if t.is_example else None,
                }
            )
        )
    return result


def _plans(strategy) -> list[dict]:
    goals: dict[int, list[dict]] = {}
    plan_goals = m.PlanGoal.objects.filter(plan__strategy=strategy).select_related(
        "serves", "indicator", "parent_goal"
    )
    for g in plan_goals.order_by("order", "pk"):
        has_target = g.target_value is not None and g.target_year is not None
        goals.setdefault(g.plan_id, []).append(
            _drop_empty(
                {
                    "code": g.code,
                    "name": _text(g.name),
                    "serves": g.serves.code,
                    "parent_goal": g.parent_goal.code if g.parent_goal else None,
                    "indicator": g.indicator.code if g.indicator else None,
                    "target": {"value": g.target_value, "year": g.target_year}
                    if has_target
                    else None,
                }
            )
        )
    return [
        _drop_empty(
            {
                "code": p.code,
                "kind": p.kind,
                "name": _text(p.name),
                "description": _text(p.description),
                "years": {"start": p.start_year, "end": p.end_year},
                "owner_unit": _text(p.owner_unit),
                "parent": p.parent.code if p.parent else None,
                "example": True if p.is_example else None,
                "goals": goals.get(p.pk),
            }
        )
        for p in strategy.plans.select_related("parent").order_by("order", "pk")
    ]


def _part(item) -> dict:
    return _drop_empty(
        {"code": item.code, "name": _text(item.name), "description": _text(item.description)}
    )


def _text(value):
    """A translated text as a person writes it: plain Finnish alone, else by language."""
    text = TranslatedText(value)
    if not text:
        return None
    if set(text) == {"fi"}:
        return text["fi"]
    return {lang: text[lang] for lang in ("fi", "sv", "en") if lang in text} | {
        lang: v for lang, v in text.items() if lang not in ("fi", "sv", "en")
    }


def _drop_empty(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if v not in (None, "", [], {})}


class FileDumper(yaml.SafeDumper):
    """YAML as people write it, for every definition file the project writes (the strategy's,
    a survey's): decimals as plain numbers, long texts as blocks, small mappings on one line,
    list items indented under their key."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _decimal(dumper, value: Decimal):
    text = plain(value)
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


def _str(dumper, value: str):
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _list(dumper, value: list):
    # [T1.1, T1.2], and an index's [5, 95]
    flow = all(isinstance(v, str | int | float) for v in value) and len(value) <= 8
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


def _dict(dumper, value: dict):
    # {start: 2022, end: 2030}, {year: 2026, value: 6100}, {fi: …, en: …} when short
    scalars = all(not isinstance(v, dict | list) for v in value.values())
    short = scalars and len(value) <= 3 and sum(len(str(v)) for v in value.values()) < 60
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=short)


FileDumper.add_representer(Decimal, _decimal)
FileDumper.add_representer(str, _str)
FileDumper.add_representer(TranslatedText, _dict)
FileDumper.add_representer(dict, _dict)


class _Dumper(FileDumper):
    """The strategy file's: lists of codes on one line too."""


_Dumper.add_representer(list, _list)
