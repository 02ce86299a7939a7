"""The page of a server error: the request's id for the person to quote, nothing that can fail.

It reads neither the database nor the user (either may be what failed) and extends no template
that does; the error itself is logged with its traceback and the same id (core/logs.py).
"""

from django.http import HttpResponseServerError
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token

from mittaristo.core.logs import request_id


@requires_csrf_token
def server_error(request):
    html = render_to_string("500.html", {"request_id": request_id.get()})
    return HttpResponseServerError(html)
