"""The reports' addresses: the mid-term evaluation's and the statistical overview's pages, and
files to download (the reports sit above the pages: they reuse the pages' charts, cache and
public gate, so they are not in web/urls.py)."""

from django.urls import path

from . import midterm_page, overview_page, views

urlpatterns = [
    path("app/tilastokatsaus/", overview_page.statistics, name="statistics"),
    path("app/valiarviointi/", midterm_page.midterm, name="midterm"),
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
