"""The reports' addresses: files to download, not pages (the phone test opens pages only)."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "app/kierrokset/<int:pk>/raportit/<str:kind>-<str:lang>.<str:fmt>",
        views.round_report,
        name="round-report",
    ),
    path("app/raportit/<str:kind>/", views.dated_report, name="dated-report"),
    path(
        "kierrokset/<int:pk>/raportit/<str:kind>-<str:lang>.<str:fmt>",
        views.public_round_report,
        name="public-round-report",
    ),
]
