"""Every run of every job in the admin, to read, never to edit."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import JobRun

OUTCOME_CHARS = 120  # of a result or an error shown in the list


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = [
        "task",
        "state",
        "attempt",
        "started_at",
        "finished_at",
        "duration",
        "outcome",
        "job_id",
        "worker",
    ]
    list_filter = ["state", "task", "inline"]
    search_fields = ["task", "error", "result"]
    date_hierarchy = "started_at"
    readonly_fields = [f.name for f in JobRun._meta.fields]

    @admin.display(description=_("seconds"))
    def duration(self, run):
        seconds = run.seconds
        return "—" if seconds is None else f"{seconds:.1f}"

    @admin.display(description=_("result or error"))
    def outcome(self, run):
        """The result, or the error's last line (the exception and its message)."""
        text = run.result or (run.error.strip().splitlines() or [""])[-1]
        return text if len(text) <= OUTCOME_CHARS else text[: OUTCOME_CHARS - 1] + "…"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
