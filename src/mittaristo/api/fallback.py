"""An address under /api/ that no endpoint has answers 404 in JSON like every other error of
the API (not the site's HTML page), naming where the addresses are listed. Only addresses that
end in a slash: one without it is still redirected to the address with it (APPEND_SLASH)."""

from django.urls import re_path
from django.utils.translation import gettext as _

from .responses import error_response


def not_found(request, path=""):
    return error_response(
        404,
        _("The API has no address %(path)s; /api/docs/ lists those there are.")
        % {"path": request.path},
    )


pattern = re_path(r"^(?P<path>.*/)$", not_found, name="not_found")
