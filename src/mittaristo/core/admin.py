"""The admin in the reader's language: translated texts as text, decimals as numbers.

Django's admin shows a JSON column as JSON ({"fi": …, "en": …}) and a decimal with all its
places (6800.000000). `ReadableAdmin` (a mixin for every admin of the project, inlines too)
shows a translated text in the reader's language (Finnish as the fallback) and a decimal as
core/formatting.py writes it (6 800, −41,2), in the change list and on a page the user may
only view; a decimal in a form reads 6800 or 41,2, and is read back in the same way.
"""

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from .formatting import number
from .models import Area
from .translation import TranslatedTextField


def _readable(model, name):
    """A column showing the field `name` of `model` as text, or `name` itself when it needs none."""
    if not isinstance(name, str):
        return name
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    if isinstance(field, TranslatedTextField):
        show = str
    elif isinstance(field, models.DecimalField):
        show = number
    else:
        return name

    def column(obj):
        value = getattr(obj, name)
        return "—" if value in (None, "") else show(value)

    column.short_description = field.verbose_name
    column.admin_order_field = name
    column.__name__ = f"{name}_readable"
    return column


class ReadableDecimalField(forms.DecimalField):
    """A decimal in a form without the column's trailing zeros (6800, not 6800.000000), in the
    reader's writing (41,2 in Finnish), and read back in the same way."""

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            integral = value == value.to_integral_value()
            return value.quantize(Decimal(1)) if integral else value.normalize()
        return value


class ReadableAdmin:
    """A mixin for ModelAdmin and inlines: see the module's docstring."""

    def get_list_display(self, request):
        return [_readable(self.model, name) for name in super().get_list_display(request)]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fields
        # A page the user may only view shows every field as text: the readable ones by a
        # method of this admin (a view-only page allows methods among its fields).
        shown = []
        for name in fields:
            column = _readable(self.model, name)
            if column is not name:
                setattr(self, column.__name__, column)
                name = column.__name__
            shown.append(name)
        return shown

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DecimalField) and not db_field.choices:
            kwargs.setdefault("form_class", ReadableDecimalField)
            kwargs.setdefault("localize", True)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Area)
class AreaAdmin(ReadableAdmin, admin.ModelAdmin):
    list_display = ["key", "name", "kind", "region", "size_class"]
    list_filter = ["kind", "size_class"]
    search_fields = ["code"]
