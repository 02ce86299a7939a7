from django.contrib import admin

from mittaristo.core.admin import ReadableAdmin

from .models import Assessment, ReviewRound


class AssessmentInline(ReadableAdmin, admin.TabularInline):
    model = Assessment
    extra = 0
    fields = ["goal", "state", "computed_status", "status_override", "author", "submitted_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(ReviewRound)
class ReviewRoundAdmin(ReadableAdmin, admin.ModelAdmin):
    list_display = ["name", "strategy", "as_of", "state", "published_at"]
    list_filter = ["state", "kind"]
    readonly_fields = ["state", "opened_by", "opened_at", "published_at", "published_by"]
    inlines = [AssessmentInline]
