from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "mittaristo.web"
    verbose_name = "Web"
