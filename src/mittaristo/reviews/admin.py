from django.contrib import admin

from mittaristo.core.admin import ReadableAdmin

from .models import Assessment, ReviewRound, SentReminder


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


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    """Who was reminded of what, on which day, and whether the e-mail was confirmed sent."""

    list_display = ["day", "person", "kind", "label", "due", "decided_at", "sent_at"]
    list_filter = ["kind", "day"]
    search_fields = ["person__username", "person__email", "label"]
    readonly_fields = [f.name for f in SentReminder._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
