"""The login page with its single sign-on button, and the two single sign-on addresses.

The addresses are mozilla-django-oidc's views (core/sso.py), answering 404 while single
sign-on is off (settings.OIDC_ENABLED), so an installation without it has no such door.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from .throttle import ThrottledAuthenticationForm


class LoginView(auth_views.LoginView):
    """Django's login with the throttled form; the single sign-on button when it is on."""

    authentication_form = ThrottledAuthenticationForm

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "sso": settings.OIDC_ENABLED,
            "sso_provider": settings.OIDC_PROVIDER_NAME,
            "sso_failed": settings.OIDC_ENABLED and self.request.GET.get("sso") == "failed",
        }


def sso_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


sso_start = sso_only(OIDCAuthenticationRequestView.as_view())
sso_callback = sso_only(OIDCAuthenticationCallbackView.as_view())
