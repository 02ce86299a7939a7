"""API tokens in the admin: the administrator makes one per system (the token is shown once,
on the page after saving), chooses the indicators it may write, and revokes it."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mittaristo.core.admin import ReadableAdmin

from .models import ApiToken
from .tokens import give_secret, indicators_outside


class ApiTokenForm(forms.ModelForm):
    """A token's indicators are all of its organisation's."""

    class Meta:
        model = ApiToken
        fields = ["organisation", "name", "indicators"]

    def clean(self):
        data = super().clean()
        organisation = data.get("organisation") or getattr(self.instance, "organisation", None)
        indicators = data.get("indicators")
        if organisation is not None and indicators is not None:
            outside = indicators_outside(indicators.select_related("strategy"), organisation)
            if outside:
                self.add_error(
                    "indicators",
                    _("These are not indicators of %(organisation)s: %(codes)s.")
                    % {"organisation": organisation, "codes": ", ".join(outside)},
                )
        return data


@admin.register(ApiToken)
class ApiTokenAdmin(ReadableAdmin, admin.ModelAdmin):
    form = ApiTokenForm
    list_display = [
        "organisation",
        "name",
        "prefix",
        "codes",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["organisation", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix"]
    filter_horizontal = ["indicators"]
    readonly_fields = ["prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("organisation")
            .prefetch_related("indicators")
        )

    @admin.display(description=_("indicators it may write"))
    def codes(self, token):
        return ", ".join(sorted(i.code for i in token.indicators.all()))

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["organisation", "name", "indicators"]
        return ["organisation", "name", "indicators", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        # What a token wrote names it: it stays its organisation's.
        return [*self.readonly_fields, "organisation"] if obj is not None else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        # Revoked, never deleted: the values a system sent name its token.
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            request._api_token_secret = give_secret(obj)
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        """The token, this once, on a page of its own (not in a message kept in the session)."""
        response = TemplateResponse(
            request,
            "admin/api/apitoken/created.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "token": obj,
                "secret": request._api_token_secret,
                "codes": self.codes(obj),
            },
        )
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Revoke the chosen tokens"))
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)s token revoked.", "%(count)s tokens revoked.", count)
            % {"count": count},
            messages.SUCCESS,
        )
