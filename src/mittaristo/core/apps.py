from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mittaristo.core"
    verbose_name = "Core"
