"""The rules of a survey file that its schema cannot state: unique codes, what each kind of
question may have, and which rule may bind which question to an indicator.

Pure: takes a Definition whose data passed the schema, returns problems. Whether a bound
indicator exists is the loader's question (it needs the database). The app checks its edits
with these rules too (surveys/edit_check.py), on data with no lines: a problem then names no
line.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from mittaristo.strategy.definition.parse import Definition, Problem

CHOICE_KINDS = ("single", "multiple")
LABELLED_KINDS = ("likert", "scale")
NUMERIC_KINDS = ("likert", "scale", "number")
# The values a Likert question and a 0–10 scale take (the answering pages offer these).
SCALES = {"likert": (Decimal(1), Decimal(5)), "scale": (Decimal(0), Decimal(10))}


def questions(data: dict):
    """(path, question) of every question of the file, in order."""
    for s, section in enumerate(data.get("sections") or []):
        for q, question in enumerate(section.get("questions") or []):
            yield ("sections", s, "questions", q), question


def bindings(data: dict):
    """(path, question, binding) of every binding of the file, in order."""
    for path, question in questions(data):
        for b, binding in enumerate(question.get("bindings") or []):
            yield (*path, "bindings", b), question, binding


def check(definition: Definition) -> list[Problem]:
    problems: list[Problem] = []
    data = definition.data

    def problem(path, message):
        problems.append(definition.problem(path, message))

    def unique(items, label):
        seen = {}
        for path, code in items:
            if code in seen and not definition.where:  # the app's edits: no lines
                problem(
                    path, _("duplicate %(what)s code '%(code)s'") % {"what": label, "code": code}
                )
            elif code in seen:
                line = definition.locate(seen[code])[1]
                problem(
                    path,
                    _("duplicate %(what)s code '%(code)s' (first at line %(line)s)")
                    % {"what": label, "code": code, "line": line},
                )
            else:
                seen[code] = path

    unique([((*p, "code"), q["code"]) for p, q in questions(data)], _("question"))
    for path, question in questions(data):
        _check_question(path, question, problem, unique)
    seen_indicators = {}
    for path, question, binding in bindings(data):
        _check_binding(path, question, binding, problem)
        indicator = binding["indicator"]
        if indicator in seen_indicators and not definition.where:
            problem(
                (*path, "indicator"),
                _(
                    "indicator '%(indicator)s' is already bound by another question: one "
                    "question gives an indicator its value"
                )
                % {"indicator": indicator},
            )
        elif indicator in seen_indicators:
            line = definition.locate(seen_indicators[indicator])[1]
            problem(
                (*path, "indicator"),
                _(
                    "indicator '%(indicator)s' is already bound at line %(line)s: one "
                    "question gives an indicator its value"
                )
                % {"indicator": indicator, "line": line},
            )
        else:
            seen_indicators[indicator] = (*path, "indicator")
    return problems


def _check_question(path, question, problem, unique) -> None:
    code, kind = question["code"], question["kind"]
    names = {"code": code}
    choices = question.get("choices") or []
    if kind in CHOICE_KINDS:
        if len(choices) < 2:
            problem(
                (*path, "choices") if "choices" in question else (*path, "kind"),
                _("question '%(code)s': a choice question needs at least two choices") % names,
            )
        unique(
            [((*path, "choices", i, "code"), c["code"]) for i, c in enumerate(choices)],
            _("choice"),
        )
    elif "choices" in question:
        problem(
            (*path, "choices"),
            _("question '%(code)s': only single and multiple choice questions have choices")
            % names,
        )
    if kind in LABELLED_KINDS:
        for key in ("low", "high"):
            if key not in question:
                problem(
                    (*path, "kind"),
                    _("question '%(code)s': a Likert or 0–10 scale question needs '%(label)s'")
                    % {**names, "label": key},
                )
    else:
        for key in ("low", "high"):
            if key in question:
                problem(
                    (*path, key),
                    _("question '%(code)s': only Likert and 0–10 scale questions have '%(label)s'")
                    % {**names, "label": key},
                )
    if kind != "number":
        for key in ("min", "max"):
            if key in question:
                problem(
                    (*path, key),
                    _("question '%(code)s': only number questions have '%(limit)s'")
                    % {**names, "limit": key},
                )
    elif "min" in question and "max" in question and question["min"] > question["max"]:
        problem((*path, "max"), _("question '%(code)s': 'max' is below 'min'") % names)
    if question.get("background") and kind != "single":
        problem(
            (*path, "background"),
            _("question '%(code)s': a background question must be a single choice question")
            % names,
        )


def _check_binding(path, question, binding, problem) -> None:
    code, kind, rule = question["code"], question["kind"], binding["rule"]
    names = {"code": code, "rule": rule}
    if rule in ("mean", "share_at_least") and kind not in NUMERIC_KINDS:
        problem(
            (*path, "rule"),
            _(
                "question '%(code)s': the rule %(rule)s needs a Likert, 0–10 scale or "
                "number question"
            )
            % names,
        )
    if rule == "nps" and kind != "scale":
        problem(
            (*path, "rule"),
            _("question '%(code)s': the rule nps needs a 0–10 scale question") % names,
        )
    if rule == "share_of_choice" and kind not in CHOICE_KINDS:
        problem(
            (*path, "rule"),
            _("question '%(code)s': the rule share_of_choice needs a choice question") % names,
        )
    if rule == "share_at_least":
        if "level" not in binding:
            problem(
                (*path, "rule"),
                _("question '%(code)s': the rule share_at_least needs a 'level'") % names,
            )
        elif kind in NUMERIC_KINDS:
            low, high = _scale(question)
            level = Decimal(binding["level"])
            if (low is not None and level < low) or (high is not None and level > high):
                problem(
                    (*path, "level"),
                    _("question '%(code)s': level %(level)s is outside the scale %(scale)s")
                    % {**names, "level": binding["level"], "scale": _span(low, high)},
                )
    elif "level" in binding:
        problem(
            (*path, "level"),
            _("question '%(code)s': only the rule share_at_least has a 'level'") % names,
        )
    if rule == "share_of_choice":
        known = {c["code"] for c in question.get("choices") or []}
        if "choice" not in binding:
            problem(
                (*path, "rule"),
                _("question '%(code)s': the rule share_of_choice needs a 'choice'") % names,
            )
        elif kind in CHOICE_KINDS and binding["choice"] not in known:
            problem(
                (*path, "choice"),
                _("question '%(code)s' has no choice '%(choice)s'")
                % {**names, "choice": binding["choice"]},
            )
    elif "choice" in binding:
        problem(
            (*path, "choice"),
            _("question '%(code)s': only the rule share_of_choice has a 'choice'") % names,
        )


def _scale(question) -> tuple[Decimal | None, Decimal | None]:
    if question["kind"] in SCALES:
        return SCALES[question["kind"]]
    low, high = question.get("min"), question.get("max")
    return (
        None if low is None else Decimal(low),
        None if high is None else Decimal(high),
    )


def _span(low, high) -> str:
    return f"{'' if low is None else low}–{'' if high is None else high}"
