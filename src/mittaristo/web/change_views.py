"""Changing the strategy in the app: a target and its milestones, a goal's texts.

Each change asks for the date it takes effect, the reason and the decision (all three
required), shows a preview before → after, and is saved only when confirmed from the preview,
as a revision (strategy/services.py) that the change log shows.
"""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mittaristo.core.numbers import NumberError, parse_number
from mittaristo.core.roles import can_change_strategy, role_required
from mittaristo.core.translation import CONTENT_LANGUAGES, TranslatedText
from mittaristo.strategy.models import Goal, Target
from mittaristo.strategy.services import (
    Decision,
    TargetEdit,
    goal_change,
    goal_preview,
    target_change,
    target_check,
    target_preview,
)

from .strategy_views import current_strategy

DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]


class DecisionForm(forms.Form):
    effective = forms.DateField(
        label=gettext_lazy("In effect from"),
        input_formats=DATE_FORMATS,
        help_text=gettext_lazy("The date the decision takes effect, e.g. 16.5.2022."),
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=100)
    decision = forms.CharField(
        label=gettext_lazy("Decision"),
        max_length=200,
        help_text=gettext_lazy('The decision reference, e.g. "Kv 16.5.2022 § 45".'),
    )

    def decision_made(self) -> Decision:
        data = self.cleaned_data
        return Decision(data["effective"], data["reason"].strip(), data["decision"].strip())


class TargetForm(DecisionForm):
    field_order = ["year", "value", "value_high", "milestones"]
    year = forms.IntegerField(label=gettext_lazy("Target year"), min_value=1900, max_value=2200)
    value = forms.CharField(label=gettext_lazy("Target level"), max_length=40)
    value_high = forms.CharField(
        label=gettext_lazy("Upper edge of the target band"), max_length=40, required=False
    )
    milestones = forms.CharField(
        label=gettext_lazy("Milestones"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy('One a line: the year and the level, e.g. "2026 6 100".'),
    )

    def __init__(self, *args, target, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = target
        if target.indicator.direction != "range":
            del self.fields["value_high"]

    def _number(self, name, text):
        try:
            return parse_number(text, strict=False)
        except NumberError as error:
            raise ValidationError(_("Not a number: %(text)s") % {"text": text}) from error

    def clean_value(self):
        return self._number("value", self.cleaned_data["value"])

    def clean_value_high(self):
        text = self.cleaned_data.get("value_high", "").strip()
        return self._number("value_high", text) if text else None

    def clean_milestones(self):
        result: dict[int, Decimal] = {}
        for number, line in enumerate(self.cleaned_data["milestones"].splitlines(), start=1):
            if not line.strip():
                continue
            year, _sep, value = line.strip().partition(" ")
            if not year.isdigit() or not value.strip():
                raise ValidationError(
                    _('Line %(line)s: write the year and the level, e.g. "2026 6 100".')
                    % {"line": number}
                )
            result[int(year)] = self._number("milestones", value.strip())
        return result

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        self.edit = TargetEdit(
            year=data["year"],
            value=data["value"],
            value_high=data.get("value_high"),
            milestones=data["milestones"],
        )
        try:
            target_check(self.target, self.edit)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                self.add_error(field if field in self.fields else None, problems)
        return data

    @staticmethod
    def initial_for(target) -> dict:
        return {
            "year": target.year,
            "value": _plain(target.value),
            "value_high": _plain(target.value_high) if target.value_high is not None else "",
            "milestones": "\n".join(
                f"{ms.year} {_plain(ms.value)}" for ms in target.milestones.all()
            ),
        }


def _plain(value) -> str:
    return format(Decimal(value).normalize(), "f")


def _confirmed_or_preview(request, form, template, context, preview, save, saved=None):
    """The preview (nothing saved) or, when confirmed from it, the saved change (None: the
    caller redirects). `saved`: the message then; a change by decision's by default."""
    if form.is_valid():
        changes = preview()
        if not changes:
            form.add_error(None, _("Nothing would change."))
        elif "confirm" in request.POST:
            try:
                save()
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(
                    request, saved or _("The change was saved. It shows in the change log.")
                )
                return None
        else:
            context["preview"] = changes
    return render(request, template, {**context, "form": form})


def current_target(code, year):
    """The strategy in force and its indicator's target of `year`, or 404."""
    strategy = current_strategy()
    target = get_object_or_404(
        Target.objects.select_related("indicator__strategy"),
        indicator__strategy=strategy,
        indicator__code=code,
        year=year,
    )
    return strategy, target


def current_goal(code):
    """The strategy in force and its goal `code`, or 404."""
    strategy = current_strategy()
    goal = get_object_or_404(
        Goal.objects.select_related("aim__strategy"), aim__strategy=strategy, code=code
    )
    return strategy, goal


@role_required(can_change_strategy)
def target_edit(request, code, year):
    strategy, target = current_target(code, year)
    context = {"strategy": strategy, "target": target, "indicator": target.indicator}
    if request.method != "POST":
        form = TargetForm(initial=TargetForm.initial_for(target), target=target)
        return render(request, "web/change_target.html", {**context, "form": form})
    form = TargetForm(request.POST, target=target)
    response = _confirmed_or_preview(
        request,
        form,
        "web/change_target.html",
        context,
        lambda: target_preview(target, form.edit),
        lambda: target_change(
            target=target, edit=form.edit, decision=form.decision_made(), user=request.user
        ),
    )
    return response or redirect("indicator", code=code)


class GoalForm(DecisionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        texts = {}
        for language in CONTENT_LANGUAGES:
            texts[f"name_{language}"] = forms.CharField(
                label=_("Name (%(language)s)") % {"language": language},
                required=language == "fi",
                max_length=500,
            )
        for language in CONTENT_LANGUAGES:
            texts[f"description_{language}"] = forms.CharField(
                label=_("Description (%(language)s)") % {"language": language},
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        self.fields = {**texts, **self.fields}

    def texts(self) -> dict:
        return {
            name: TranslatedText(
                {lang: self.cleaned_data[f"{name}_{lang}"].strip() for lang in CONTENT_LANGUAGES}
            )
            for name in ("name", "description")
        }

    @staticmethod
    def initial_for(goal) -> dict:
        return {
            f"{name}_{lang}": TranslatedText(getattr(goal, name)).get(lang, "")
            for name in ("name", "description")
            for lang in CONTENT_LANGUAGES
        }


@role_required(can_change_strategy)
def goal_edit(request, code):
    strategy, goal = current_goal(code)
    context = {"strategy": strategy, "goal": goal}
    if request.method != "POST":
        form = GoalForm(initial=GoalForm.initial_for(goal))
        return render(request, "web/change_goal.html", {**context, "form": form})
    form = GoalForm(request.POST)
    response = _confirmed_or_preview(
        request,
        form,
        "web/change_goal.html",
        context,
        lambda: goal_preview(goal, form.texts()),
        lambda: goal_change(
            goal=goal, texts=form.texts(), decision=form.decision_made(), user=request.user
        ),
    )
    return response or redirect("goal", code=code)
