"""Pages that every first-time visitor gets alike, made once and kept in the cache.

A public survey round's landing page and thank-you page are asked for once per answer, by
people with no session: rendering them (the site's frame, the questions) cost most of the
server's time per answer (docs/performance.md, "Answering a survey under load"). For a visitor
whose request carries nothing personal (a GET without a query string, and no cookie but the
CSRF and language cookies: so no session, no login, no message waiting), the page depends
only on its address, the language and what `key` names. It is rendered once with markers in
place of the CSRF token and of any per-visitor value, kept, and each visitor gets a copy with
their own token (Django's `get_token`, which also sets the CSRF cookie) and values written in.

`key` must name everything the page shows that can change: the callers put in it the rows'
own change stamps and the fields they show. `TIMEOUT` bounds anything else (a renamed
organisation, a deployed translation) to minutes.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import get_language

TIMEOUT = 5 * 60
CSRF_MARK = "csrf-token-of-this-visitor-5b1f"


def first_visit(request) -> bool:
    """Whether the request carries nothing that makes its page personal."""
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return request.method == "GET" and not request.GET and set(request.COOKIES) <= allowed


def shared_page(request, key: tuple, template: str, context, fill=None) -> HttpResponse:
    """The page for a first visit (see the module's docstring), rendered once per `key`,
    address and language. `context` is the template's context, or a function that reads it
    (called only when the page is not kept: a page whose key needs no query costs none);
    `fill` maps markers in it to this visitor's values."""
    name = repr((key, request.path, get_language()))
    cache_key = "shared-page:" + hashlib.sha256(name.encode()).hexdigest()
    html = cache.get(cache_key)
    if html is None:
        context = context() if callable(context) else context
        html = render_to_string(template, {**context, "csrf_token": CSRF_MARK}, request)
        cache.set(cache_key, html, TIMEOUT)
    html = html.replace(CSRF_MARK, get_token(request))
    for mark, value in (fill or {}).items():
        html = html.replace(mark, value)
    return HttpResponse(html)
