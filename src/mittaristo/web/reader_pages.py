"""Internal pages that every reader of an organisation gets alike but for the frame, kept whole.

The overview's content is the same for every reader of an organisation (its strategy part is
cached per data version already, web/cache.py), but rendering the page around it costs more
than the rest of a request (docs/performance.md, "National scale"). The frame (base.html) is
personal: the navigation offers what the person's role may open, with the count of proposals
waiting for a strategy lead; the chooser lists the organisations they hold a role in; the
logout button names them; every form carries their CSRF token. So the whole page is kept per
the caller's `key` (which must name everything the content shows: the data version), the
address, the language and *who*: the person's roles here, the navigation's offers and the
chooser's organisations, all read anew on each request (from what the person holds, one query:
strategy/roles.holdings; the count of proposals is kept in the cache). Their name and CSRF
token are written into the kept page in place of markers. A request with a query string or a
message waiting is rendered as usual.
"""

import hashlib

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import get_language

from mittaristo.core.roles import groups_of

from .navigation import navigation
from .shared_pages import CSRF_MARK

TIMEOUT = 24 * 60 * 60  # the keys name the date (in the data version)
NAME_MARK = "name-of-this-reader-8c2e"


class _Named:
    """The user as the kept page's frame sees it: logged in, named by a marker."""

    is_authenticated = True

    def get_username(self):
        return NAME_MARK


def keepable(request) -> bool:
    """Whether `request`'s page may come from the kept copies: a logged-in GET without a
    query string and with no message waiting to be shown."""
    return (
        request.method == "GET"
        and not request.GET
        and request.user.is_authenticated
        and not len(get_messages(request))
    )


def who(request) -> tuple:
    """What the frame shows of the person besides their name: read anew on each request."""
    user = request.user
    shown = navigation(request)
    offers = shown["nav"]
    chooser = tuple(
        (o["organisation"].pk, str(o["organisation"].name), o["address"], o["current"])
        for o in shown["organisations"]
    )
    return (
        user.is_superuser,  # who may open everything: their roles change nothing shown
        () if user.is_superuser else tuple(sorted(groups_of(user))),
        tuple(sorted(offers.items())),
        chooser,
    )


def reader_page(request, key: tuple, template: str, context) -> HttpResponse:
    """The page of `template` for `request` (see `keepable`), rendered once per `key`, person
    (`who`), address and language; `context` is the template's context, or a function that
    reads it (called only when the page is not kept)."""
    name = repr((key, who(request), request.path, get_language()))
    cache_key = "reader-page:" + hashlib.sha256(name.encode()).hexdigest()
    html = cache.get(cache_key)
    if html is None:
        context = context() if callable(context) else context
        html = render_to_string(
            template, {**context, "csrf_token": CSRF_MARK, "user": _Named()}, request
        )
        cache.set(cache_key, html, TIMEOUT)
    html = html.replace(CSRF_MARK, get_token(request))
    html = html.replace(NAME_MARK, escape(request.user.get_username()))
    return HttpResponse(html)
