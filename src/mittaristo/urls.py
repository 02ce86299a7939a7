from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from mittaristo.core.health import health
from mittaristo.web.throttle import ThrottledAdminAuthenticationForm

# A server error's page quotes the request's id, under which its traceback is logged.
handler500 = "mittaristo.web.errors.server_error"

# The admin's login counts failures with the app's (web/throttle.py): no second door for guessing.
admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path("admin/", admin.site.urls),
    # For the load balancer: JSON, no login, never cached (core/health.py).
    path("health/", health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
    # The open API (read-only, published rounds only): /api/v1/, /api/schema/, /api/docs/.
    path("api/", include(("mittaristo.api.urls", "api"))),
    # The reports sit above the pages (they reuse the pages' charts), so not in web/urls.py.
    path("", include("mittaristo.reports.urls")),
    path("", include("mittaristo.web.urls")),
]
