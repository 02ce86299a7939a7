"""Changing the rest of the strategy in the app, by decision: an indicator's texts, a goal's
owner and an indicator's responsible person, the plans and plan goals of the cascade, and the
change factors with their links.

The same revision mechanism as a target's or a goal's change (services.py): each change is one
`Revision`, and every row it saves, adds or deletes is stamped for simple-history with the date
the change takes effect, the reason and the decision, so the change log shows it like a change
loaded from the file. Each service checks its own rules, then writes, then checks that the
strategy still makes a valid strategy file (`export-strategy` writes it and `load-strategy`
reloads it with no change): what the file's checks refuse (an unknown parent, a loop, a year
outside the horizon, a duplicate code) is refused here too, with nothing saved.
`preview_of(change)` runs a change and rolls it back: what it would do, before → after.
"""

import re
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DecimalField, Max
from django.utils.translation import gettext as _

from mittaristo.core import formatting
from mittaristo.core.translation import CONTENT_LANGUAGES, TranslatedText, TranslatedTextField

from . import models as m
from .definition.check import check
from .definition.export import strategy_export
from .definition.parse import Definition, DefinitionError, _validate, schema
from .services import Decision, Preview, _log, _mark, _stamp

# The translated texts the app changes, per kind of part (the file owns the same ones).
INDICATOR_TEXTS = ("name", "description", "unit", "method", "responsible_unit")
PLAN_TEXTS = ("name", "description", "owner_unit")
FACTOR_TEXTS = ("name", "description")


class _Rollback(Exception):
    def __init__(self, preview):
        self.preview = preview


def preview_of(change: Callable[[], m.Revision]) -> list[Preview]:
    """What the service call `change()` would do, before → after, saving nothing (its rules
    apply: a ValidationError says what is wrong)."""
    try:
        with transaction.atomic():
            revision = change()
            raise _Rollback(revision.preview)
    except _Rollback as done:
        return done.preview


# -- what a change shows -----------------------------------------------------------------------


def person_name(user) -> str:
    return "—" if user is None else (user.get_full_name() or user.get_username())


def _shown(field, value) -> str:
    if value is None or value == "":
        return "—"
    if field.is_relation:
        if field.related_model is get_user_model():
            return person_name(field.related_model.objects.filter(pk=value).first())
        related = field.related_model.objects.filter(pk=value).first()
        return f"{related.code} {related.name}" if related else "—"
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if isinstance(field, DecimalField):
        return formatting.number(value)
    return str(value)


def fields_preview(part, fields: dict) -> list[Preview]:
    """What setting `fields` (name → value; a related part or person as itself) on `part`
    would change; a translated text per language. `part` unsaved: all of it is new."""
    result = []
    for name, new in fields.items():
        field = type(part)._meta.get_field(name)
        label = str(field.verbose_name)
        if isinstance(field, TranslatedTextField):
            before, after = TranslatedText(getattr(part, name)), TranslatedText(new)
            for lang in [*CONTENT_LANGUAGES, *sorted(set(before) | set(after))]:
                old_text, new_text = before.pop(lang, ""), after.pop(lang, "")
                if old_text != new_text:
                    result.append(Preview(f"{label} ({lang})", old_text or "—", new_text or "—"))
            continue
        old = getattr(part, field.attname)
        new = new.pk if field.is_relation and new is not None else new
        if old != new and not (old is not None and new is not None and str(old) == str(new)):
            result.append(Preview(label, _shown(field, old), _shown(field, new)))
    return result


# -- the one way to write ----------------------------------------------------------------------


def strategy_of(part) -> m.Strategy:
    """The strategy a part belongs to."""
    if isinstance(part, m.Goal):
        return part.aim.strategy
    if isinstance(part, m.PlanGoal):
        return part.plan.strategy
    return part.strategy


def _file_guard(strategy) -> None:
    """Refuse (ValidationError) a state that would not make a valid strategy file."""
    # The file's data as export writes it, without the YAML text between (its writing and
    # reading cost a second on Heinola; export's own tests hold that the text reads back).
    definition = Definition(data=strategy_export(strategy), file="app")
    try:
        _validate(definition, schema())
        problems = check(definition)
    except DefinitionError as error:
        problems = error.problems
    if problems:
        raise ValidationError(sorted({p.message for p in problems}))


def _write(
    *, strategy, subject, preview, decision, user, saves=(), deletes=(), action="~"
) -> m.Revision:
    """Save and delete the rows of one change, stamped, as one revision."""
    if not preview:
        raise ValidationError(_("Nothing would change."))
    when = _stamp(strategy, decision)
    for obj in deletes:
        _mark(obj, when, decision)
        obj.delete()
    for obj in saves:
        _mark(obj, when, decision)
        obj.save()
    _file_guard(strategy)
    revision = _log(strategy, when, decision, user, subject, preview, action)
    revision.preview = preview
    return revision


def _fresh(part):
    """`part` as stored now, held until the change is saved: a change starts from the stored
    row (not from an object read before), and leaves the caller's object as it was (a
    preview is rolled back, and its objects must be too)."""
    return type(part).objects.select_for_update().get(pk=part.pk)


def _set(part, fields: dict):
    for name, value in fields.items():
        setattr(part, name, TranslatedText(value) if isinstance(value, dict) else value)
    return part


def _texts_check(fields: dict) -> None:
    """A name needs its Finnish text, and so does any other text in some language (the
    file's rule: Finnish is the text, the others its translations)."""
    errors = {}
    for name, value in fields.items():
        if not isinstance(value, dict) or TranslatedText(value).get("fi"):
            continue
        if name == "name":
            errors[name] = [_("A Finnish name is needed.")]
        elif TranslatedText(value):
            errors[name] = [_("A text in another language needs its Finnish text too.")]
    if errors:
        raise ValidationError(errors)


# What the revision's lines call each kind of part (the loader's labels).
_KINDS = {
    m.Indicator: "indicator",
    m.Goal: "goal",
    m.Plan: "plan",
    m.PlanGoal: "plan goal",
    m.ChangeFactor: "change factor",
}


# -- an indicator's texts, a goal's owner, an indicator's responsible person, a plan, a plan goal


@transaction.atomic
def part_change(*, part, fields: dict, decision: Decision, user) -> m.Revision:
    """Change `fields` of an existing part (an indicator, goal, plan, plan goal or change
    factor) as one revision by `decision`."""
    _texts_check(fields)
    part = _fresh(part)
    preview = fields_preview(part, fields)
    subject = f"{_KINDS[type(part)]} {part.code}"
    return _write(
        strategy=strategy_of(part),
        subject=subject,
        preview=preview,
        decision=decision,
        user=user,
        saves=[_set(part, fields)],
    )


CODE = re.compile(schema()["$defs"]["code"]["pattern"])


def _unique_code(model, code, **scope) -> None:
    """A new code: as the file writes codes, and not yet in use."""
    if not CODE.match(code):
        raise ValidationError(
            {
                "code": [
                    _(
                        "A code has letters a–z, digits, dots, hyphens and underscores, and "
                        "begins with a letter or a digit."
                    )
                ]
            }
        )
    if model.objects.filter(code=code, **scope).exists():
        raise ValidationError(
            {"code": [_("The code %(code)s is already in use.") % {"code": code}]}
        )


@transaction.atomic
def plan_add(*, strategy: m.Strategy, fields: dict, decision: Decision, user) -> m.Revision:
    """Add a plan to the cascade (`fields` with its code, kind, texts, years, parent)."""
    _texts_check(fields)
    _unique_code(m.Plan, fields["code"], strategy=strategy)
    order = (
        (strategy.plans.aggregate(n=Max("order"))["n"] or 0) + 1 if strategy.plans.exists() else 0
    )
    plan = m.Plan(strategy=strategy, order=order)
    preview = fields_preview(plan, fields)
    return _write(
        strategy=strategy,
        subject=f"plan {fields['code']}",
        action="+",
        preview=preview,
        decision=decision,
        user=user,
        saves=[_set(plan, fields)],
    )


@transaction.atomic
def plan_goal_add(*, plan: m.Plan, fields: dict, decision: Decision, user) -> m.Revision:
    """Add a goal to `plan`, with the strategy goal it serves and its indicator and target."""
    _texts_check(fields)
    # The file names a plan goal by its code alone: unique in the whole strategy.
    _unique_code(m.PlanGoal, fields["code"], plan__strategy=plan.strategy)
    _plan_goal_target(fields)
    goal = m.PlanGoal(plan=plan, order=plan.goals.count())
    preview = fields_preview(goal, fields)
    return _write(
        strategy=plan.strategy,
        subject=f"plan goal {plan.code}/{fields['code']}",
        action="+",
        preview=preview,
        decision=decision,
        user=user,
        saves=[_set(goal, fields)],
    )


def _plan_goal_target(fields: dict) -> None:
    """A plan goal's target has both a level and a year, or neither (the file's rule)."""
    if (fields.get("target_value") is None) != (fields.get("target_year") is None):
        raise ValidationError(
            {"target_year": [_("Give both the target level and its year, or neither.")]}
        )


@transaction.atomic
def plan_goal_change(*, plan_goal: m.PlanGoal, fields: dict, decision: Decision, user):
    """Change a plan goal (its name, the goal it serves, its indicator and target)."""
    stored = {"target_value": plan_goal.target_value, "target_year": plan_goal.target_year}
    _plan_goal_target({**stored, **fields})
    return part_change(part=plan_goal, fields=fields, decision=decision, user=user)


@transaction.atomic
def plan_goal_remove(*, plan_goal: m.PlanGoal, decision: Decision, user) -> m.Revision:
    """Remove a plan goal that no goal of a plan below names; the plan's later goals move up,
    as they stand in the file."""
    if plan_goal.child_goals.exists():
        raise ValidationError(
            _("Goals of the plans below name this goal: change or remove them first.")
        )
    plan_goal = _fresh(plan_goal)
    plan = plan_goal.plan
    later = list(plan.goals.filter(order__gt=plan_goal.order).order_by("order", "pk"))
    for goal in later:
        goal.order -= 1
    preview = [Preview(str(m.PlanGoal._meta.verbose_name), str(plan_goal), "—")]
    return _write(
        strategy=plan.strategy,
        subject=f"plan goal {plan.code}/{plan_goal.code}",
        preview=preview,
        decision=decision,
        user=user,
        deletes=[plan_goal],
        action="-",
        saves=later,
    )


# -- a change factor and its links ------------------------------------------------------------


@transaction.atomic
def factor_change(
    *, factor: m.ChangeFactor, fields: dict, goals, indicators, decision: Decision, user
) -> m.Revision:
    """Change a change factor's texts and the goals and indicators it bears on."""
    _texts_check(fields)
    factor = _fresh(factor)
    preview = fields_preview(factor, fields)
    saves, deletes = [_set(factor, fields)], []
    for model, attr, wanted, label in (
        (m.ChangeFactorGoal, "goal", goals, _("Goals it bears on")),
        (m.ChangeFactorIndicator, "indicator", indicators, _("Indicators that track it")),
    ):
        links = {
            getattr(x, attr): x
            for x in model.objects.filter(change_factor=factor).select_related(attr)
        }
        wanted = set(wanted)
        before, after = set(links), wanted
        if before != after:
            preview.append(Preview(label, _codes(before), _codes(after)))
        deletes += [link for part, link in links.items() if part not in wanted]
        saves += [model(change_factor=factor, **{attr: part}) for part in wanted - before]
    return _write(
        strategy=factor.strategy,
        subject=f"change factor {factor.code}",
        preview=preview,
        decision=decision,
        user=user,
        saves=saves,
        deletes=deletes,
    )


def _codes(parts) -> str:
    return ", ".join(sorted(p.code for p in parts)) or "—"
