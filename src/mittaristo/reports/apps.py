from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "mittaristo.reports"
    verbose_name = _("Reports")

    def ready(self):
        # A published round's files are built by the worker (prebuild.py); the reviews send
        # the signal without knowing the reports.
        from mittaristo.reviews.signals import round_published

        from . import prebuild

        round_published.connect(prebuild.round_published, dispatch_uid="reports-prebuild")
