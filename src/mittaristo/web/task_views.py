"""My tasks: values due, assessments due; for the strategy lead, everything overdue."""

from django.shortcuts import render
from django.utils import timezone

from mittaristo.core.roles import can_run_rounds, role_required
from mittaristo.reviews.tasks import overdue, pending, tasks_for
from mittaristo.strategy.roles import can_view_internal
from mittaristo.web.cache import cached_record, current_with_version


@role_required(can_view_internal)
def my_tasks(request):
    today = timezone.localdate()
    lead = can_run_rounds(request.user)
    strategy_version = current_with_version(today=today)
    # One evaluation record (the cached one) for both lists.
    record = None
    if strategy_version:
        strategy, version = strategy_version
        record = cached_record(strategy, today=today, version=version)
    found = pending(today, record)
    return render(
        request,
        "web/tasks.html",
        {
            "tasks": tasks_for(request.user, today, found),
            "overdue": overdue(today, found) if lead else None,
            "today": today,
        },
    )
