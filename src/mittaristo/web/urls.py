from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.decorators.debug import sensitive_post_parameters

from . import entry_views, export_views, import_views, views
from .throttle import ThrottledAuthenticationForm

login_view = auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm)

urlpatterns = [
    path("", views.overview, name="overview"),
    path("app/", views.app_home, name="app-home"),
    path("app/login/", sensitive_post_parameters()(login_view), name="login"),
    path("app/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("app/vienti/", export_views.export_download, name="export"),
    path("app/tuonti/", import_views.import_upload, name="import-upload"),
    path("app/tuonti/tallenna/", import_views.import_store, name="import-store"),
    path("app/syotto/", entry_views.entry_list, name="entry-list"),
    path("app/syotto/<int:pk>/", entry_views.entry_indicator, name="entry-indicator"),
    path(
        "app/syotto/<int:pk>/historia/<int:area_pk>/<str:period>/",
        entry_views.entry_history,
        name="entry-history",
    ),
]
