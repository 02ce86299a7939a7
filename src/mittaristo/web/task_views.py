"""My tasks: values due, assessments due, one's proposals; for the strategy lead, everything
overdue, the proposals to decide and the survey rounds to watch."""

from django.shortcuts import render
from django.utils import timezone

from mittaristo.core.roles import can_change_strategy, can_run_rounds, role_required
from mittaristo.reviews.tasks import overdue, pending, tasks_for
from mittaristo.strategy.models import Proposal
from mittaristo.strategy.roles import can_view_internal
from mittaristo.surveys.roles import can_manage_surveys
from mittaristo.surveys.rounds import round_watch
from mittaristo.web.cache import cached_record, current_with_version
from mittaristo.web.organisations import request_organisation

PROPOSAL_ROWS = ("goal", "target__indicator")


@role_required(can_view_internal)
def my_tasks(request):
    today = timezone.localdate()
    lead = can_run_rounds(request.user)
    organisation = request_organisation(request)
    strategy_version = current_with_version(today=today, organisation=organisation)
    # One evaluation record (the cached one) for both lists.
    record = strategy = None
    if strategy_version:
        strategy, version = strategy_version
        record = cached_record(strategy, today=today, version=version)
    found = pending(today, record, strategy=strategy)
    return render(
        request,
        "web/tasks.html",
        {
            "tasks": tasks_for(request.user, today, found),
            "overdue": overdue(today, found) if lead else None,
            "today": today,
            "my_proposals": Proposal.objects.of(organisation)
            .by(request.user)
            .select_related(*PROPOSAL_ROWS),
            "open_proposals": (
                Proposal.objects.of(organisation)
                .open()
                .select_related("proposed_by", *PROPOSAL_ROWS)
                if can_change_strategy(request.user)
                else None
            ),
            "survey_rounds": round_watch(organisation=organisation)
            if can_manage_surveys(request.user)
            else None,
        },
    )
