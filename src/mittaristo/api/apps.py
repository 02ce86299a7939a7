from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "mittaristo.api"
    label = "api"
    verbose_name = "Open API"
