"""The reports' pages: the mid-term evaluation and the statistical overview (the reports sit
above the pages: they reuse the pages' charts and helpers, so they are not in web/urls.py)."""

from django.urls import path

from . import midterm_page, overview_page

urlpatterns = [
    path("app/tilastokatsaus/", overview_page.statistics, name="statistics"),
    path("app/valiarviointi/", midterm_page.midterm, name="midterm"),
]
