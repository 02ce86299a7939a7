from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "mittaristo.strategy"
    verbose_name = _("Strategy")

    def ready(self):
        from . import history  # noqa: F401  (connects the revision fields to simple-history)
