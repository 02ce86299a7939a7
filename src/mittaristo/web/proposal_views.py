"""A goal owner's proposals to change their own goal, and the strategy lead's answer.

The owner proposes with the lead's change form without the decision (web/proposal_forms.py),
sees a preview before → after, and may withdraw the proposal while it is open; the lead sees it
against the strategy as it is now and accepts it with a decision (one revision in the change
log) or returns it with a reply. The rules are in strategy/proposals.py; who may take a step is
checked here (core/roles), 403 otherwise.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mittaristo.core.roles import (
    can_change_strategy,
    can_propose_change,
    current_organisation,
    role_required,
)
from mittaristo.strategy import proposals
from mittaristo.strategy.models import Proposal
from mittaristo.strategy.roles import can_view_internal, goals_to_propose_on
from mittaristo.strategy.services import goal_preview, target_preview

from .change_views import _confirmed_or_preview, current_goal, current_target
from .proposal_forms import AcceptForm, GoalProposalForm, ReplyForm, TargetProposalForm


def _sent():
    return _("The proposal was sent to the strategy lead; its state shows among your proposals.")


@role_required(can_view_internal)
def target_propose(request, code, year):
    strategy, target = current_target(code, year)
    goal = goals_to_propose_on(request.user, target.indicator).first()
    if goal is None:
        raise PermissionDenied
    context = {"strategy": strategy, "target": target, "indicator": target.indicator, "goal": goal}
    if request.method != "POST":
        form = TargetProposalForm(initial=TargetProposalForm.initial_for(target), target=target)
        return render(request, "web/propose_target.html", {**context, "form": form})
    form = TargetProposalForm(request.POST, target=target)
    response = _confirmed_or_preview(
        request,
        form,
        "web/propose_target.html",
        context,
        lambda: target_preview(target, form.edit),
        lambda: proposals.target_proposal_create(
            goal=goal,
            target=target,
            edit=form.edit,
            reason=form.cleaned_data["reason"],
            user=request.user,
        ),
        saved=_sent(),
    )
    return response or redirect("tasks")


@role_required(can_view_internal)
def goal_propose(request, code):
    strategy, goal = current_goal(code)
    if not can_propose_change(request.user, goal):
        raise PermissionDenied
    context = {"strategy": strategy, "goal": goal}
    if request.method != "POST":
        form = GoalProposalForm(initial=GoalProposalForm.initial_for(goal))
        return render(request, "web/propose_goal.html", {**context, "form": form})
    form = GoalProposalForm(request.POST)
    response = _confirmed_or_preview(
        request,
        form,
        "web/propose_goal.html",
        context,
        lambda: goal_preview(goal, form.texts()),
        lambda: proposals.goal_proposal_create(
            goal=goal, texts=form.texts(), reason=form.cleaned_data["reason"], user=request.user
        ),
        saved=_sent(),
    )
    return response or redirect("tasks")


def _proposal(request, pk) -> Proposal:
    """The proposal, for the strategy lead, its proposer and its goal's owner; else 403."""
    proposal = get_object_or_404(
        Proposal.objects.of(current_organisation()).select_related(
            "goal__aim", "target__indicator", "proposed_by", "decided_by", "revision"
        ),
        pk=pk,
    )
    user = request.user
    if not (
        can_change_strategy(user)
        or proposal.proposed_by_id == user.pk
        or can_propose_change(user, proposal.goal)
    ):
        raise PermissionDenied
    return proposal


def _detail(request, proposal, *, accept_form=None, reply_form=None):
    user = request.user
    can_decide = proposal.is_open and can_change_strategy(user)
    return render(
        request,
        "web/proposal.html",
        {
            "proposal": proposal,
            "preview": proposals.proposal_preview(proposal) if proposal.is_open else None,
            "changed_since": proposal.is_open and proposal.changed_since(),
            "can_decide": can_decide,
            "can_withdraw": proposal.is_open and proposal.proposed_by_id == user.pk,
            "accept_form": accept_form or (AcceptForm(proposal=proposal) if can_decide else None),
            "reply_form": reply_form or (ReplyForm() if can_decide else None),
        },
    )


def _closed(request, proposal, error):
    """When the proposal was decided or withdrawn meanwhile (a second submit): say so on its
    page. Otherwise None: the error is the form's."""
    proposal.refresh_from_db()  # a failed step was rolled back
    if proposal.is_open:
        return None
    messages.error(request, " ".join(error.messages))
    return redirect("proposal", pk=proposal.pk)


@role_required(can_view_internal)
def proposal_detail(request, pk):
    return _detail(request, _proposal(request, pk))


@require_POST
@role_required(can_change_strategy)
def proposal_accept(request, pk):
    proposal = _proposal(request, pk)
    form = AcceptForm(request.POST, proposal=proposal)
    if form.is_valid():
        try:
            proposals.proposal_accept(
                proposal=proposal, decision=form.decision_made(), user=request.user
            )
        except ValidationError as error:
            if closed := _closed(request, proposal, error):
                return closed
            form.add_error(None, error.messages)
        else:
            messages.success(
                request, _("The proposal was accepted. The change shows in the change log.")
            )
            if proposal.target_id:
                return redirect("indicator", code=proposal.target.indicator.code)
            return redirect("goal", code=proposal.goal.code)
    return _detail(request, proposal, accept_form=form)


@require_POST
@role_required(can_change_strategy)
def proposal_return(request, pk):
    proposal = _proposal(request, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            proposals.proposal_return(
                proposal=proposal, reply=form.cleaned_data["reply"], user=request.user
            )
        except ValidationError as error:
            if closed := _closed(request, proposal, error):
                return closed
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The proposal was returned to its proposer."))
            return redirect("tasks")
    return _detail(request, proposal, reply_form=form)


@require_POST
@role_required(can_view_internal)
def proposal_withdraw(request, pk):
    proposal = _proposal(request, pk)
    if proposal.proposed_by_id != request.user.pk:
        raise PermissionDenied
    try:
        proposals.proposal_withdraw(proposal=proposal, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You withdrew the proposal."))
    return redirect("tasks")
