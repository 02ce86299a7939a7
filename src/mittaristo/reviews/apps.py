from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "mittaristo.reviews"
    verbose_name = _("Review rounds")
