from django.apps import AppConfig

from . import checks  # noqa: F401  (registers the deployment checks)


class WebConfig(AppConfig):
    name = "mittaristo.web"
    verbose_name = "Web"

    def ready(self):
        # The public front page's stamp renewed with every change to what it shows.
        from . import public_stamps  # noqa: F401
