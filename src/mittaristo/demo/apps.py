from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "mittaristo.demo"
    verbose_name = "Demo"
