"""Changing the rest of the strategy in the app by decision: an indicator's texts, a goal's
owner, an indicator's responsible person, the plans and plan goals of the cascade, the change
factors and their links (strategy/edits.py).

Every page is the same: a form with the date the change takes effect, the reason and the
decision; "Preview" shows the change before → after with nothing saved (the service run and
rolled back, so its rules apply to the preview too), "Save" saves it as a revision. The
decision may be left empty only where no council decision is made: naming a goal's owner or an
indicator's responsible person.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from mittaristo.core.roles import can_change_strategy, role_required
from mittaristo.monitoring.indices import index_values_store
from mittaristo.strategy import edits, index_edit
from mittaristo.strategy.models import ChangeFactor, Goal, Indicator, Plan, PlanGoal

from .change_views import DecisionForm
from .edit_forms import (
    FactorForm,
    IndexForm,
    IndicatorTextsForm,
    PersonForm,
    PlanForm,
    PlanGoalForm,
)
from .strategy_views import current_strategy


def _change_page(request, form, context, change, done):
    """The form (GET), the preview (POST), or, confirmed from the preview, the saved change."""
    if request.method == "POST" and form.is_valid():

        def call():
            return change(form, form.decision_made())

        try:
            if "confirm" in request.POST:
                call()
                messages.success(request, _("The change was saved. It shows in the change log."))
                return redirect(done)
            context["preview"] = edits.preview_of(call)
        except ValidationError as error:
            _add_errors(form, error)
    return render(request, "web/edit.html", {**context, "form": form, "cancel_url": done})


def _add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def _page(strategy, title, intro, back_name):
    return {"strategy": strategy, "title": title, "intro": intro, "back_name": back_name}


def _by_decision():
    return _(
        "A change by decision: give the date it takes effect, the reason and the decision. "
        "You see the change before it is saved, and it is kept in the change log."
    )


def _indicator(code):
    return get_object_or_404(
        Indicator.objects.select_related("strategy", "responsible_person"),
        strategy=current_strategy(),
        code=code,
    )


@role_required(can_change_strategy)
def indicator_edit(request, code):
    indicator = _indicator(code)
    form = IndicatorTextsForm(request.POST or None, part=indicator)
    context = _page(
        indicator.strategy,
        _("Change the texts of %(name)s") % {"name": indicator.name},
        _by_decision(),
        indicator.name,
    )
    return _change_page(
        request,
        form,
        context,
        lambda f, d: edits.part_change(
            part=indicator, fields=f.texts(), decision=d, user=request.user
        ),
        reverse("indicator", args=[code]),
    )


@role_required(can_change_strategy)
def indicator_index(request, code):
    indicator = _indicator(code)
    if indicator.source_kind != Indicator.SourceKind.COMPOSITE_INDEX:
        raise Http404
    form = IndexForm(request.POST or None, indicator=indicator)
    intro = (
        _by_decision()
        + " "
        + _(
            "When it is saved, the index is computed again for every year and area; the values "
            "of the old definition stay in their history."
        )
    )
    title = _("Change the definition of %(name)s") % {"name": indicator.name}

    def change(f, decision):
        revision = index_edit.index_change(
            indicator=indicator,
            text=f.cleaned_data["definition"],
            decision=decision,
            user=request.user,
        )
        changed = Indicator.objects.get(pk=indicator.pk)
        if "confirm" in request.POST and changed.index:
            stored = index_values_store(indicator=changed, user=request.user)
            messages.info(
                request,
                _(
                    "The index was computed again: %(created)s values created, %(changed)s "
                    "changed, %(unchanged)s unchanged, %(removed)s removed."
                )
                % vars(stored),
            )
        return revision

    return _change_page(
        request,
        form,
        _page(indicator.strategy, title, intro, indicator.name),
        change,
        reverse("indicator", args=[code]),
    )


def _person_page(request, part, field, title, done):
    form = PersonForm(request.POST or None, part=part, field=field)
    intro = _(
        "Give the date from which the person is responsible and the reason; the decision if "
        "one was made. The person is shown only inside the application, never on the public "
        "site."
    )
    return _change_page(
        request,
        form,
        _page(edits.strategy_of(part), title, intro, part.name),
        lambda f, d: edits.part_change(
            part=part, fields={field: f.cleaned_data["person"]}, decision=d, user=request.user
        ),
        done,
    )


@role_required(can_change_strategy)
def indicator_person(request, code):
    indicator = _indicator(code)
    title = _("Change the responsible person of %(name)s") % {"name": indicator.name}
    return _person_page(
        request, indicator, "responsible_person", title, reverse("indicator", args=[code])
    )


@role_required(can_change_strategy)
def goal_owner(request, code):
    goal = get_object_or_404(
        Goal.objects.select_related("aim__strategy", "owner"),
        aim__strategy=current_strategy(),
        code=code,
    )
    title = _("Change the owner of %(name)s") % {"name": goal.name}
    return _person_page(request, goal, "owner", title, reverse("goal", args=[code]))


# -- the cascade -------------------------------------------------------------------------------


@role_required(can_change_strategy)
def plan_add(request):
    strategy = current_strategy()
    form = PlanForm(request.POST or None, strategy=strategy)
    return _change_page(
        request,
        form,
        _page(strategy, _("Add a plan to the cascade"), _by_decision(), _("Cascade")),
        lambda f, d: edits.plan_add(
            strategy=strategy, fields=f.fields_made(), decision=d, user=request.user
        ),
        reverse("cascade"),
    )


def _plan(code):
    return get_object_or_404(
        Plan.objects.select_related("strategy"), strategy=current_strategy(), code=code
    )


@role_required(can_change_strategy)
def plan_edit(request, code):
    plan = _plan(code)
    form = PlanForm(request.POST or None, strategy=plan.strategy, plan=plan)
    return _change_page(
        request,
        form,
        _page(
            plan.strategy,
            _("Change the plan %(name)s") % {"name": plan.name},
            _by_decision(),
            _("Cascade"),
        ),
        lambda f, d: edits.part_change(
            part=plan, fields=f.fields_made(), decision=d, user=request.user
        ),
        reverse("cascade"),
    )


@role_required(can_change_strategy)
def plan_goal_add(request, code):
    plan = _plan(code)
    form = PlanGoalForm(request.POST or None, plan=plan)
    return _change_page(
        request,
        form,
        _page(
            plan.strategy,
            _("Add a goal to %(plan)s") % {"plan": plan.name},
            _by_decision(),
            _("Cascade"),
        ),
        lambda f, d: edits.plan_goal_add(
            plan=plan, fields=f.fields_made(), decision=d, user=request.user
        ),
        reverse("cascade"),
    )


def _plan_goal(plan_code, code):
    return get_object_or_404(
        PlanGoal.objects.select_related("plan__strategy"),
        plan__strategy=current_strategy(),
        plan__code=plan_code,
        code=code,
    )


@role_required(can_change_strategy)
def plan_goal_edit(request, plan, code):
    goal = _plan_goal(plan, code)
    form = PlanGoalForm(request.POST or None, plan=goal.plan, plan_goal=goal)
    title = _("Change the plan goal %(name)s") % {"name": goal.name}
    return _change_page(
        request,
        form,
        _page(goal.plan.strategy, title, _by_decision(), _("Cascade")),
        lambda f, d: edits.plan_goal_change(
            plan_goal=goal, fields=f.fields_made(), decision=d, user=request.user
        ),
        reverse("cascade"),
    )


@role_required(can_change_strategy)
def plan_goal_remove(request, plan, code):
    goal = _plan_goal(plan, code)
    form = DecisionForm(request.POST or None)
    title = _("Remove the plan goal %(name)s") % {"name": goal.name}
    return _change_page(
        request,
        form,
        _page(goal.plan.strategy, title, _by_decision(), _("Cascade")),
        lambda f, d: edits.plan_goal_remove(plan_goal=goal, decision=d, user=request.user),
        reverse("cascade"),
    )


# -- change factors ----------------------------------------------------------------------------


@role_required(can_change_strategy)
def factor_edit(request, code):
    factor = get_object_or_404(
        ChangeFactor.objects.select_related("strategy"), strategy=current_strategy(), code=code
    )
    form = FactorForm(request.POST or None, factor=factor)
    title = _("Change the change factor %(name)s") % {"name": factor.name}
    return _change_page(
        request,
        form,
        _page(factor.strategy, title, _by_decision(), _("Change factors")),
        lambda f, d: edits.factor_change(
            factor=factor,
            fields=f.texts(),
            goals=f.cleaned_data["goals"],
            indicators=f.cleaned_data["indicators"],
            decision=d,
            user=request.user,
        ),
        reverse("factors"),
    )
