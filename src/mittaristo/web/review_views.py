"""Review rounds in the internal application.

The strategy lead opens a round, returns or approves assessments and publishes the round;
a goal's owner writes and submits its assessment. The rules of each step are in
reviews.services; who may take it is checked here (core.roles), 403 otherwise.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mittaristo.core.roles import (
    can_assess_goal,
    can_run_rounds,
    current_organisation,
    role_required,
)
from mittaristo.reviews import services
from mittaristo.reviews.models import Assessment, ReviewRound
from mittaristo.strategy.roles import can_view_internal

from .review_forms import AssessmentForm, ReturnForm, RoundForm
from .strategy_views import current_strategy


@role_required(can_view_internal)
def round_list(request):
    strategy = current_strategy()
    form = RoundForm(request.POST or None)
    if request.method == "POST":
        if not can_run_rounds(request.user):
            raise PermissionDenied
        if form.is_valid():
            try:
                review = services.round_open(
                    strategy=strategy, user=request.user, **form.cleaned_data
                )
            except services.ReviewError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The round is open: the goals' owners can assess."))
                return redirect("round", review.pk)
    rounds = strategy.rounds.all()
    return render(
        request,
        "web/rounds.html",
        {"rounds": rounds, "form": form, "can_run": can_run_rounds(request.user)},
    )


@role_required(can_view_internal)
def round_detail(request, pk):
    review = get_object_or_404(ReviewRound.objects.of(current_organisation()), pk=pk)
    assessments = review.assessments.select_related("goal", "goal__owner", "goal__aim")
    return render(
        request,
        "web/round.html",
        {
            "review": review,
            "assessments": [
                (a, can_assess_goal(request.user, a.goal) and a.is_editable) for a in assessments
            ],
            "waiting": services.round_waiting(review),
            "can_run": can_run_rounds(request.user),
            "return_form": ReturnForm(),
        },
    )


@role_required(can_view_internal)
def assessment_edit(request, pk):
    assessment = get_object_or_404(
        Assessment.objects.of(current_organisation()).select_related("round", "goal"), pk=pk
    )
    if not can_assess_goal(request.user, assessment.goal):
        raise PermissionDenied
    initial = {
        "commentary": assessment.commentary,
        "next_steps": assessment.next_steps,
        "status_override": assessment.status_override,
        "justification": assessment.justification,
    }
    form = AssessmentForm(
        request.POST or None, initial=initial, computed=assessment.computed_status
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_save(assessment=assessment, user=request.user, **form.cleaned_data)
            if "submit" in request.POST:
                services.assessment_submit(assessment=assessment, user=request.user)
                messages.success(request, _("The assessment was submitted for approval."))
            else:
                messages.success(request, _("The draft was saved."))
        except services.ReviewError as error:
            form.add_error(None, str(error))
        else:
            return redirect("round", assessment.round_id)
    return render(request, "web/assessment.html", {"assessment": assessment, "form": form})


@require_POST
@role_required(can_run_rounds)
def assessment_decide(request, pk):
    assessment = get_object_or_404(
        Assessment.objects.of(current_organisation()).select_related("round"), pk=pk
    )
    try:
        if request.POST.get("decision") == "approve":
            services.assessment_approve(assessment=assessment, user=request.user)
            messages.success(request, _("The assessment was approved."))
        else:
            form = ReturnForm(request.POST)
            reason = form.data.get("reason", "")
            services.assessment_return(assessment=assessment, user=request.user, reason=reason)
            messages.success(request, _("The assessment was returned to its owner."))
    except services.ReviewError as error:
        messages.error(request, str(error))
    return redirect("round", assessment.round_id)


@require_POST
@role_required(can_run_rounds)
def round_publish(request, pk):
    review = get_object_or_404(ReviewRound.objects.of(current_organisation()), pk=pk)
    try:
        services.round_publish(review=review, user=request.user)
    except services.ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The round was published on the public site."))
    return redirect("round", review.pk)
