from django.contrib import admin

from .models import Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["key", "name", "kind", "region", "size_class"]
    list_filter = ["kind", "size_class"]
    search_fields = ["code"]
