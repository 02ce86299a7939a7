from django.contrib import admin

from mittaristo.core.admin import ReadableAdmin

from .models import CashFlow, Project


class CashFlowInline(ReadableAdmin, admin.TabularInline):
    model = CashFlow
    extra = 0


@admin.register(Project)
class ProjectAdmin(ReadableAdmin, admin.ModelAdmin):
    list_display = ["code", "name", "organisation", "first_year", "last_year", "status"]
    list_filter = ["status", "is_example"]
    search_fields = ["code"]
    filter_horizontal = ["goals"]
    inlines = [CashFlowInline]
