"""The admin for every strategy model, each with its history (django-simple-history).

An edit in the admin asks for the reason and the decision, which go into the history
beside the change, as they do for changes loaded from a definition file.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from mittaristo.core.admin import ReadableAdmin

from . import models as m
from .shared import indicator_saved, values_hidden


class RevisionForm(forms.ModelForm):
    revision_reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        help_text=_("Kept in the history with the change, e.g. 'Mid-term evaluation 2023'."),
    )
    revision_decision = forms.CharField(
        label=_("Decision"), required=False, help_text=_('e.g. "Kv 16.5.2022 § 45"')
    )


class HistoryAdmin(ReadableAdmin, SimpleHistoryAdmin):
    form = RevisionForm
    history_list_display = ["history_change_reason", "decision_ref"]

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("revision_reason") or ""
        obj._decision_ref = form.cleaned_data.get("revision_decision") or ""
        super().save_model(request, obj, form, change)


class Inline(ReadableAdmin, admin.TabularInline):
    extra = 0
    show_change_link = True


class ApprovalInline(Inline):
    model = m.Approval


class ProcessEventInline(Inline):
    model = m.ProcessEvent


class ValueInline(Inline):
    model = m.Value


class AimInline(Inline):
    model = m.Aim
    fields = ["code", "order", "name"]


@admin.register(m.Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["code", "name"]


@admin.register(m.Membership)
class MembershipAdmin(ReadableAdmin, admin.ModelAdmin):
    """A person's role in one organisation (docs/organisations.md)."""

    list_display = ["user", "organisation", "role"]
    list_filter = ["organisation", "role"]
    search_fields = ["user__username"]


@admin.register(m.Strategy)
class StrategyAdmin(HistoryAdmin):
    list_display = ["code", "name", "organisation", "horizon", "council_term"]
    inlines = [ApprovalInline, ProcessEventInline, ValueInline, AimInline]


@admin.register(m.Approval)
class ApprovalAdmin(HistoryAdmin):
    list_display = ["strategy", "body", "date", "decision_ref"]


@admin.register(m.ProcessEvent)
class ProcessEventAdmin(HistoryAdmin):
    list_display = ["strategy", "order", "kind", "name", "start", "end"]
    list_filter = ["kind"]


@admin.register(m.Value)
class ValueAdmin(HistoryAdmin):
    list_display = ["code", "name", "strategy"]


@admin.register(m.Grouping)
class GroupingAdmin(HistoryAdmin):
    list_display = ["code", "name", "kind", "strategy"]
    list_filter = ["kind"]


class GoalInline(Inline):
    model = m.Goal
    fields = ["code", "order", "name", "parent", "owner"]


@admin.register(m.Aim)
class AimAdmin(HistoryAdmin):
    list_display = ["code", "name", "strategy"]
    inlines = [GoalInline]


class GoalIndicatorInline(Inline):
    model = m.GoalIndicator
    autocomplete_fields = ["indicator"]


@admin.register(m.Goal)
class GoalAdmin(HistoryAdmin):
    list_display = ["code", "name", "aim", "parent", "owner"]
    list_filter = ["aim__strategy", "aim"]
    search_fields = ["code"]
    inlines = [GoalIndicatorInline]


class TargetInline(Inline):
    model = m.Target
    fields = [
        *("year", "value", "value_high", "cumulative_from"),
        *("baseline_year", "baseline_value", "tolerance", "is_example"),
    ]


class NationalFilter(admin.SimpleListFilter):
    """The national series (shared by every organisation that binds them) or the indicators
    of the organisations' strategies."""

    title = _("national series")
    parameter_name = "national"

    def lookups(self, request, model_admin):
        return [("yes", _("national series")), ("no", _("indicators of strategies"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(strategy__isnull=self.value() == "yes")
        return queryset


@admin.register(m.Indicator)
class IndicatorAdmin(HistoryAdmin):
    list_display = [
        *("code", "name", "unit", "direction", "frequency", "source_kind"),
        *("readers", "unread_since"),
    ]
    list_filter = [NationalFilter, "strategy", "source_kind", "frequency", "direction"]
    search_fields = ["code"]
    inlines = [TargetInline]
    # Which national series an indicator reads follows from its binding (strategy/shared.py).
    readonly_fields = ["series", "series_key"]
    # A national series is named by its binding: changing the binding, code or owner in place
    # would make every organisation reading it read another statistic under the old name.
    SERIES_FIXED = ["strategy", "code", "binding", "unread_since"]

    def get_readonly_fields(self, request, obj=None):
        fixed = self.SERIES_FIXED if obj is not None and obj.is_national else []
        return [*self.readonly_fields, *fixed]

    def get_queryset(self, request):
        # How many organisations read each national series: a subquery per row shown, not a
        # GROUP BY over every indicator (the page's count leaves an unused subquery out).
        readers = (
            m.Indicator.objects.filter(series=OuterRef("pk"))
            .values("series")
            .annotate(n=Count("strategy__organisation", distinct=True))
            .values("n")
        )
        count = Coalesce(Subquery(readers), 0)
        return super().get_queryset(request).annotate(reader_count=count)

    @admin.display(description=_("organisations reading it"), ordering="reader_count")
    def readers(self, obj):
        return obj.reader_count if obj.is_national else None

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        indicator_saved(indicator=obj)
        if hidden := values_hidden(obj):
            messages.warning(
                request,
                ngettext(
                    "This indicator has %(count)d value of its own, entered before it was "
                    "bound to open data. While it reads the national series, that value is "
                    "not shown; removing the binding shows it again.",
                    "This indicator has %(count)d values of its own, entered before it was "
                    "bound to open data. While it reads the national series, they are not "
                    "shown; removing the binding shows them again.",
                    hidden,
                )
                % {"count": hidden},
            )


@admin.register(m.GoalIndicator)
class GoalIndicatorAdmin(HistoryAdmin):
    list_display = ["goal", "indicator", "order", "weight"]


class ChangeFactorGoalInline(Inline):
    model = m.ChangeFactorGoal


class ChangeFactorIndicatorInline(Inline):
    model = m.ChangeFactorIndicator


@admin.register(m.ChangeFactor)
class ChangeFactorAdmin(HistoryAdmin):
    list_display = ["code", "name", "strategy"]
    inlines = [ChangeFactorGoalInline, ChangeFactorIndicatorInline]


@admin.register(m.ChangeFactorGoal)
class ChangeFactorGoalAdmin(HistoryAdmin):
    list_display = ["change_factor", "goal"]


@admin.register(m.ChangeFactorIndicator)
class ChangeFactorIndicatorAdmin(HistoryAdmin):
    list_display = ["change_factor", "indicator"]


class MilestoneInline(Inline):
    model = m.Milestone


@admin.register(m.Target)
class TargetAdmin(HistoryAdmin):
    list_display = ["indicator", "year", "value", "baseline_year", "baseline_value", "is_example"]
    list_filter = ["is_example", "year"]
    inlines = [MilestoneInline]


@admin.register(m.Milestone)
class MilestoneAdmin(HistoryAdmin):
    list_display = ["target", "year", "value"]


class PlanGoalInline(Inline):
    model = m.PlanGoal
    fk_name = "plan"
    fields = ["code", "order", "name", "serves", "indicator", "target_value", "target_year"]


@admin.register(m.Plan)
class PlanAdmin(HistoryAdmin):
    list_display = ["code", "name", "kind", "period", "parent", "is_example"]
    list_filter = ["kind", "is_example"]
    inlines = [PlanGoalInline]


@admin.register(m.PlanGoal)
class PlanGoalAdmin(HistoryAdmin):
    list_display = ["code", "name", "plan", "serves", "indicator", "target_value", "target_year"]


@admin.register(m.Revision)
class RevisionAdmin(ReadableAdmin, admin.ModelAdmin):
    list_display = ["effective", "strategy", "reason", "decision_ref", "source", "recorded"]
    readonly_fields = [f.name for f in m.Revision._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(m.StrategyLoad)
class StrategyLoadAdmin(admin.ModelAdmin):
    """The loads of strategy files, each with the strategy as it stood after it (read only:
    the next load compares the app with the latest)."""

    list_display = ["loaded", "strategy", "file", "revision"]
    readonly_fields = [f.name for f in m.StrategyLoad._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(m.Proposal)
class ProposalAdmin(ReadableAdmin, admin.ModelAdmin):
    """Goal owners' proposals (read only: they are made and decided in the app, where the
    accepted ones become revisions)."""

    list_display = ["proposed_at", "goal", "kind", "target", "state", "proposed_by", "decided_by"]
    list_filter = ["state", "kind"]
    readonly_fields = [f.name for f in m.Proposal._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
