from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "mittaristo.strategy"
    verbose_name = _("Strategy")

    def ready(self):
        # data_stamps renews the data stamps with every history row; history connects the
        # revision fields to simple-history.
        from . import data_stamps, history  # noqa: F401
