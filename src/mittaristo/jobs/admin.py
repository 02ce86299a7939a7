"""Every run of every job in the admin, to read, never to edit."""

from django.contrib import admin

from .models import JobRun


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ["task", "state", "attempt", "started_at", "finished_at", "job_id", "worker"]
    list_filter = ["state", "task", "inline"]
    search_fields = ["task", "error", "result"]
    date_hierarchy = "started_at"
    readonly_fields = [f.name for f in JobRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
