"""Changing the strategy in the app, by decision: a target with its milestones, a goal's texts.

Each change goes through the same revision mechanism as the strategy file's loader
(definition/load.py): every saved row is stamped for simple-history with the date the change
takes effect, the reason and the decision, and one `Revision` logs the whole change, so it shows
in the change log (changelog.py) like a change loaded from the file. A change cannot take effect
before the strategy's latest recorded revision (the loader's rule), so the history keeps the
order of decisions. `*_preview` says what a change would do, before → after, saving nothing.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mittaristo.core import formatting
from mittaristo.core.translation import TranslatedText

from . import models as m
from .definition.load import REASON_LENGTH, _as_datetime


@dataclass(frozen=True)
class Decision:
    """When a change takes effect, why, and by which decision ("Kv 16.5.2022 § 45")."""

    effective: dt.date
    reason: str
    decision: str


@dataclass(frozen=True)
class Preview:
    label: str
    before: str
    after: str


def _stamp(strategy, decision: Decision) -> dt.datetime:
    """The moment the change is recorded at: its day, after the latest revision of that day."""
    if len(decision.reason) > REASON_LENGTH:
        raise ValidationError(
            _("The reason may be at most %(n)s characters.") % {"n": REASON_LENGTH}
        )
    when = _as_datetime(decision.effective)
    last = strategy.revisions.order_by("-effective").first()
    if last and when <= last.effective:
        if timezone.localdate(last.effective) > decision.effective:
            raise ValidationError(
                _(
                    "The change cannot take effect on %(date)s: the latest recorded change of "
                    "the strategy took effect on %(last)s."
                )
                % {
                    "date": formatting.day(decision.effective),
                    "last": formatting.day(timezone.localdate(last.effective)),
                }
            )
        when = last.effective + dt.timedelta(seconds=1)
    return when


def _mark(obj, when, decision: Decision):
    obj._history_date = when
    obj._change_reason = decision.reason
    obj._decision_ref = decision.decision


def _number(value) -> str:
    return "—" if value is None else formatting.number(value)


# -- a target and its milestones -------------------------------------------------------------


@dataclass(frozen=True)
class TargetEdit:
    year: int
    value: Decimal
    value_high: Decimal | None
    milestones: dict[int, Decimal]


def target_check(target: m.Target, edit: TargetEdit) -> None:
    """The file's rules for a target (Target.clean), the horizon, and one target a year."""
    strategy = target.indicator.strategy
    errors = {}
    copy = m.Target(
        indicator=target.indicator,
        year=edit.year,
        value=edit.value,
        value_high=edit.value_high,
        cumulative_from=target.cumulative_from,
    )
    try:
        copy.clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    if not strategy.horizon_start <= edit.year <= strategy.horizon_end:
        errors.setdefault("year", []).append(
            _("The target year must be within the strategy's horizon %(horizon)s.")
            % {"horizon": strategy.horizon}
        )
    elif m.Target.objects.filter(indicator=target.indicator, year=edit.year).exclude(pk=target.pk):
        errors.setdefault("year", []).append(
            _("The indicator already has a target for %(year)s.") % {"year": edit.year}
        )
    late = [y for y in edit.milestones if not strategy.horizon_start <= y < edit.year]
    if late:
        errors.setdefault("milestones", []).append(
            _(
                "A milestone's year must be within the horizon and before the target year: "
                "%(years)s."
            )
            % {"years": ", ".join(str(y) for y in sorted(late))}
        )
    if errors:
        raise ValidationError(errors)


def target_preview(target: m.Target, edit: TargetEdit) -> list[Preview]:
    """What saving `edit` would change, before → after (empty: nothing)."""
    label = m.Target._meta.get_field
    result = [
        Preview(str(label(name).verbose_name), _number(getattr(target, name)), _number(new))
        for name, new in (
            ("year", edit.year),
            ("value", edit.value),
            ("value_high", edit.value_high),
        )
        if not _equal(getattr(target, name), new)
    ]
    if result and result[0].label == str(label("year").verbose_name):
        result[0] = Preview(result[0].label, str(target.year), str(edit.year))
    old = {ms.year: ms.value for ms in target.milestones.all()}
    for year in sorted(set(old) | set(edit.milestones)):
        before, after = old.get(year), edit.milestones.get(year)
        if not _equal(before, after):
            result.append(
                Preview(_("milestone %(year)s") % {"year": year}, _number(before), _number(after))
            )
    return result


def _equal(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return Decimal(a) == Decimal(b)


@transaction.atomic
def target_change(*, target: m.Target, edit: TargetEdit, decision: Decision, user) -> m.Revision:
    """Save `edit` of `target` as a revision by `decision`; ValidationError if it breaks a rule
    or changes nothing."""
    target_check(target, edit)
    preview = target_preview(target, edit)
    if not preview:
        raise ValidationError(_("Nothing would change."))
    strategy = target.indicator.strategy
    when = _stamp(strategy, decision)
    subject = f"target {target.indicator.code}/{target.year}"
    target.year, target.value, target.value_high = edit.year, edit.value, edit.value_high
    _mark(target, when, decision)
    target.save()
    existing = {ms.year: ms for ms in target.milestones.all()}
    for year, milestone in existing.items():
        if year not in edit.milestones:
            _mark(milestone, when, decision)
            milestone.delete()
        elif not _equal(milestone.value, edit.milestones[year]):
            milestone.value = edit.milestones[year]
            _mark(milestone, when, decision)
            milestone.save()
    for year, value in edit.milestones.items():
        if year not in existing:
            milestone = m.Milestone(target=target, year=year, value=value)
            _mark(milestone, when, decision)
            milestone.save()
    return _log(strategy, when, decision, user, subject, preview)


def _log(strategy, when, decision, user, subject, preview, action="~") -> m.Revision:
    """The revision of a change made in the app; `action` as the loader writes it: "+" added,
    "~" changed, "-" removed."""
    return m.Revision.objects.create(
        strategy=strategy,
        effective=when,
        reason=decision.reason,
        decision_ref=decision.decision,
        source=_("changed in the app"),
        user=user,
        changes=[f"{action} {subject}: {p.label} {p.before} → {p.after}" for p in preview],
    )


# -- a goal's texts ----------------------------------------------------------------------------


GOAL_TEXTS = m.proposals.GOAL_TEXTS  # the texts a change (or a proposal) of a goal may touch


def goal_preview(goal: m.Goal, texts: dict[str, dict]) -> list[Preview]:
    """What saving the goal's `texts` ({"name": {"fi": …}, …}) would change, per language."""
    result = []
    for name in GOAL_TEXTS:
        before, after = TranslatedText(getattr(goal, name)), TranslatedText(texts[name])
        for language in sorted(set(before) | set(after)):
            if before.get(language, "") != after.get(language, ""):
                label = m.Goal._meta.get_field(name).verbose_name
                result.append(
                    Preview(
                        f"{label} ({language})",
                        before.get(language, "") or "—",
                        after.get(language, "") or "—",
                    )
                )
    return result


@transaction.atomic
def goal_change(*, goal: m.Goal, texts: dict[str, dict], decision: Decision, user) -> m.Revision:
    """Save the goal's new texts as a revision by `decision`."""
    if not TranslatedText(texts["name"]).get("fi"):
        raise ValidationError({"name": [_("The goal needs a Finnish name.")]})
    preview = goal_preview(goal, texts)
    if not preview:
        raise ValidationError(_("Nothing would change."))
    strategy = goal.aim.strategy
    when = _stamp(strategy, decision)
    for name in GOAL_TEXTS:
        setattr(goal, name, TranslatedText(texts[name]))
    _mark(goal, when, decision)
    goal.save()
    return _log(strategy, when, decision, user, f"goal {goal.code}", preview)
