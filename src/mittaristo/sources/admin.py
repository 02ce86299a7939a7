"""Fetch records in the admin: provenance to look at, never to edit."""

from django.contrib import admin

from mittaristo.observations.admin import ReadOnlyAdmin

from .models import FetchRecord


@admin.register(FetchRecord)
class FetchRecordAdmin(ReadOnlyAdmin):
    list_display = ["indicator_code", "sources", "table_updated", "licence", "fetched_at"]
    list_filter = ["licence"]
    search_fields = ["indicator_code", "sources"]
