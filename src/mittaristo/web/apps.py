from django.apps import AppConfig

from . import checks  # noqa: F401  (registers the deployment checks)


class WebConfig(AppConfig):
    name = "mittaristo.web"
    verbose_name = "Web"
