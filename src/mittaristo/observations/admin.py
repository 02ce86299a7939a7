"""Observations in the admin: to look at, never to edit. Values change only through the
storing path (data entry, import, data sources), which keeps every version."""

from django.contrib import admin

from mittaristo.core.admin import ReadableAdmin

from .models import ImportRun, Observation


class ReadOnlyAdmin(ReadableAdmin, admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = [
        "indicator",
        "area",
        "period",
        "breakdown",
        "value",
        "status",
        "source_kind",
        "recorded_at",
        "superseded_at",
        "is_deletion",
        "is_example",
    ]
    list_filter = ["status", "source_kind", "is_example", "is_late", "is_deletion"]
    list_select_related = ["indicator", "area"]
    search_fields = ["indicator__code", "period", "source_ref"]


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "user", "recorded_at", "created", "changed", "unchanged"]
