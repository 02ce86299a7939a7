"""The checks a schema cannot express: unique codes, references, years, dates, loops.

Pure: takes a Definition whose data already passed the JSON Schema, returns problems.
"""

from django.utils.translation import gettext as _

from mittaristo.core.dates import parse_date
from mittaristo.strategy.addresses import slug_problem
from mittaristo.strategy.bindings import BindingError, read_binding

from .index import check_indices
from .parse import Definition, Problem

LEVELS = {"programme": 1, "plan": 1, "roadmap": 1, "budget": 2, "operating_plan": 3}


def check(definition: Definition) -> list[Problem]:
    data = definition.data
    problems: list[Problem] = []

    def problem(path, message):
        problems.append(definition.problem(path, message))

    def unique(items, path_of, label):
        seen = {}
        for path, code in items:
            if code in seen:
                problem(
                    path_of(path),
                    _("duplicate %(what)s code '%(code)s' (first at line %(line)s)")
                    % {"what": label, "code": code, "line": definition.locate(seen[code])[1]},
                )
            else:
                seen[code] = path_of(path)
        return set(seen)

    def coded(key):
        return [((key, i), item["code"]) for i, item in enumerate(data.get(key) or [])]

    def code_path(path):
        return (*path, "code")

    goals = [(path, goal["code"]) for path, goal, _parent in walk_goals(data)]
    plan_goals = [
        (("plans", p, "goals", g), goal["code"])
        for p, plan in enumerate(data.get("plans") or [])
        for g, goal in enumerate(plan.get("goals") or [])
    ]
    slug = data["organisation"].get("slug")
    if slug and (why := slug_problem(slug)):
        problem(("organisation", "slug"), why)
    unique(coded("values"), code_path, _("value"))
    unique(coded("change_factors"), code_path, _("change factor"))
    unique(coded("aims"), code_path, _("aim"))
    grouping_codes = unique(coded("groupings"), code_path, _("grouping"))
    goal_codes = unique(goals, code_path, _("goal"))
    indicator_codes = unique(coded("indicators"), code_path, _("indicator"))
    plan_codes = unique(coded("plans"), code_path, _("plan"))
    plan_goal_codes = unique(plan_goals, code_path, _("plan goal"))

    def refer(path, code, known, label):
        if code is not None and code not in known:
            problem(path, _("unknown %(what)s '%(code)s'") % {"what": label, "code": code})

    for i, aim in enumerate(data.get("aims") or []):
        refer(("aims", i, "grouping"), aim.get("grouping"), grouping_codes, _("grouping"))
    for path, _code in goals:
        goal = _get(data, path)
        refer((*path, "grouping"), goal.get("grouping"), grouping_codes, _("grouping"))
        for i, code in enumerate(goal.get("indicators") or []):
            refer((*path, "indicators", i), code, indicator_codes, _("indicator"))
    for i, factor in enumerate(data.get("change_factors") or []):
        for j, code in enumerate(factor.get("goals") or []):
            refer(("change_factors", i, "goals", j), code, goal_codes, _("goal"))
        for j, code in enumerate(factor.get("indicators") or []):
            refer(("change_factors", i, "indicators", j), code, indicator_codes, _("indicator"))

    strategy = data["strategy"]
    horizon = strategy["horizon"]
    for key in ("horizon", "council_term"):
        span = strategy[key]
        if span["start"] > span["end"]:
            problem(("strategy", key), _("%(what)s starts after it ends") % {"what": key})

    def in_horizon(path, year):
        if not horizon["start"] <= year <= horizon["end"]:
            problem(
                path,
                _("year %(year)s is outside the strategy's horizon %(start)s–%(end)s")
                % {"year": year, **horizon},
            )

    for i, indicator in enumerate(data.get("indicators") or []):
        try:
            binding = read_binding(indicator.get("binding") or {})
        except BindingError as error:
            at = ("indicators", i, *error.path.split("."))  # the line of the bad key
            problem(at, _("binding: %(problem)s") % {"problem": error})
        else:
            if binding and binding.release and indicator["frequency"] != "yearly":
                problem(
                    ("indicators", i, "binding", "release"),
                    _("binding: a release date is for yearly values; this indicator is %(f)s")
                    % {"f": indicator["frequency"]},
                )
        if indicator["direction"] == "range" and "range" not in indicator:
            problem(("indicators", i), _("direction 'range' needs a range: {min: ..., max: ...}"))
        if "range" in indicator and indicator["range"]["min"] > indicator["range"]["max"]:
            problem(("indicators", i, "range"), _("the range's min is greater than its max"))

    check_indices(definition, problem)

    directions = {x["code"]: x["direction"] for x in data.get("indicators") or []}
    seen_targets = {}
    for i, target in enumerate(data.get("targets") or []):
        path = ("targets", i)
        refer((*path, "indicator"), target["indicator"], indicator_codes, _("indicator"))
        in_horizon((*path, "year"), target["year"])
        key = (target["indicator"], target["year"])
        if key in seen_targets:
            problem(
                path,
                _("a second target for %(indicator)s in %(year)s (first at line %(line)s)")
                % {
                    "indicator": key[0],
                    "year": key[1],
                    "line": definition.locate(seen_targets[key])[1],
                },
            )
        seen_targets.setdefault(key, path)
        _check_target_level(target, directions.get(target["indicator"]), path, problem)
        baseline = target.get("baseline")
        if baseline and baseline["year"] >= target["year"]:
            problem(
                (*path, "baseline", "year"), _("the baseline year must be before the target year")
            )
        years = set()
        for j, milestone in enumerate(target.get("milestones") or []):
            mpath = (*path, "milestones", j, "year")
            in_horizon(mpath, milestone["year"])
            if milestone["year"] >= target["year"]:
                problem(mpath, _("a milestone must come before the target year"))
            if milestone["year"] in years:
                problem(mpath, _("a second milestone for %(year)s") % {"year": milestone["year"]})
            years.add(milestone["year"])

    _check_dates(data, problem)
    _check_cascade(
        data, problem, goal_codes, indicator_codes, plan_codes, plan_goal_codes, refer, in_horizon
    )
    return problems


def walk_goals(data):
    """Every goal of the file with its path and the code of the goal above it (None for a goal
    of an aim), each before its sub-goals: the tree in the order written.

    A file is a tree, so a sub-goal cannot loop back to a goal above it; the codes being
    unique across the whole file (checked above) keeps each goal one node."""
    pending = [
        (("aims", a, "goals", g), goal, None)
        for a, aim in enumerate(data.get("aims") or [])
        for g, goal in enumerate(aim.get("goals") or [])
    ]
    pending.reverse()
    while pending:
        path, goal, parent = pending.pop()
        yield path, goal, parent
        children = [
            ((*path, "goals", g), child, goal["code"])
            for g, child in enumerate(goal.get("goals") or [])
        ]
        pending.extend(reversed(children))


def _check_target_level(target, direction, path, problem):
    """A level (`value`) for most indicators, a band (`range`) for a range indicator."""
    if direction == "range":
        if "range" not in target:
            problem(path, _("a range indicator's target needs a range: {min: ..., max: ...}"))
        elif target["range"]["min"] > target["range"]["max"]:
            problem((*path, "range"), _("the range's min is greater than its max"))
        if "value" in target:
            problem((*path, "value"), _("a range indicator's target is a range, not a value"))
        if "cumulative_from" in target:
            problem((*path, "cumulative_from"), _("a band cannot be a total over years"))
    elif direction is not None:
        if "value" not in target:
            problem(path, _("the target needs a value"))
        if "range" in target:
            problem((*path, "range"), _("only an indicator with direction 'range' has a band"))
    first = target.get("cumulative_from")
    if first is not None and first > target["year"]:
        problem((*path, "cumulative_from"), _("a total must start no later than its target year"))


def _get(data, path):
    for key in path:
        data = data[key]
    return data


def _check_dates(data, problem):
    def valid(path, text):
        try:
            return parse_date(text)
        except ValueError:
            problem(path, _("'%(value)s' is not a real date") % {"value": text})
            return None

    if "revision" in data:
        valid(("revision", "date"), data["revision"]["date"])
    for i, approval in enumerate(data.get("approvals") or []):
        valid(("approvals", i, "date"), approval["date"])
    for i, event in enumerate(data.get("process") or []):
        start = valid(("process", i, "date"), event["date"]) if "date" in event else None
        end = valid(("process", i, "end"), event["end"]) if "end" in event else None
        if end and not start:
            problem(("process", i), _("an end date needs a start date ('date')"))
        if start and end and end < start:
            problem(("process", i, "end"), _("the end date is before the start date"))


def _check_cascade(
    data, problem, goal_codes, indicator_codes, plan_codes, plan_goal_codes, refer, in_horizon
):
    plans = {plan["code"]: (i, plan) for i, plan in enumerate(data.get("plans") or [])}
    goal_plan = {}
    for i, plan in enumerate(data.get("plans") or []):
        path = ("plans", i)
        if plan["years"]["start"] > plan["years"]["end"]:
            problem((*path, "years"), _("the plan starts after it ends"))
        parent = plan.get("parent")
        refer((*path, "parent"), parent, plan_codes, _("plan"))
        if parent in plans and LEVELS[plans[parent][1]["kind"]] > LEVELS[plan["kind"]]:
            problem(
                (*path, "parent"),
                _("a %(kind)s cannot stand below a %(parent_kind)s")
                % {"kind": plan["kind"], "parent_kind": plans[parent][1]["kind"]},
            )
        for j, goal in enumerate(plan.get("goals") or []):
            goal_plan[goal["code"]] = plan["code"]
            gpath = (*path, "goals", j)
            refer((*gpath, "serves"), goal["serves"], goal_codes, _("goal"))
            refer((*gpath, "indicator"), goal.get("indicator"), indicator_codes, _("indicator"))
            refer((*gpath, "parent_goal"), goal.get("parent_goal"), plan_goal_codes, _("plan goal"))
            if "target" in goal:
                in_horizon((*gpath, "target", "year"), goal["target"]["year"])

    # Loops: a plan may not be its own ancestor, nor a plan goal its own parent goal.
    for i, plan in enumerate(data.get("plans") or []):
        if _loops(plan["code"], lambda code: plans.get(code, (0, {}))[1].get("parent")):
            problem(
                ("plans", i, "parent"),
                _("the cascade loops: plan '%(code)s' is its own ancestor")
                % {"code": plan["code"]},
            )
    parent_goal = {
        goal["code"]: goal.get("parent_goal")
        for plan in data.get("plans") or []
        for goal in plan.get("goals") or []
    }
    for i, plan in enumerate(data.get("plans") or []):
        ancestors = _ancestors(plan["code"], plans)
        for j, goal in enumerate(plan.get("goals") or []):
            gpath = ("plans", i, "goals", j, "parent_goal")
            if _loops(goal["code"], parent_goal.get):
                problem(
                    gpath,
                    _("the cascade loops: goal '%(code)s' is its own parent")
                    % {"code": goal["code"]},
                )
            elif (
                goal.get("parent_goal") in goal_plan
                and goal_plan[goal["parent_goal"]] not in ancestors
            ):
                problem(
                    gpath,
                    _(
                        "goal '%(parent)s' belongs to plan '%(plan)s', "
                        "which is not above plan '%(this)s'"
                    )
                    % {
                        "parent": goal["parent_goal"],
                        "plan": goal_plan[goal["parent_goal"]],
                        "this": plan["code"],
                    },
                )


def _loops(start, parent_of) -> bool:
    seen = {start}
    current = parent_of(start)
    while current is not None:
        if current in seen:
            return current == start
        seen.add(current)
        current = parent_of(current)
    return False


def _ancestors(code, plans) -> set:
    result, current = set(), plans.get(code, (0, {}))[1].get("parent")
    while current is not None and current not in result:
        result.add(current)
        current = plans.get(current, (0, {}))[1].get("parent")
    return result
