from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcesConfig(AppConfig):
    name = "mittaristo.sources"
    verbose_name = _("Open-data sources")
