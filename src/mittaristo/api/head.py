"""HEAD on every GET address of the API: answered as GET (status, ETag, Last-Modified,
Content-Type, Content-Length, X-Total-Count, Link), without the body, so that a harvester can
check cheaply. django-ninja answers only the methods an operation declares, and declaring HEAD
beside GET would repeat every operation in the OpenAPI schema; so the URL patterns' views are
wrapped instead (api/urls.py). A HEAD on an address without GET answers 405 as before.
"""

import functools


def head_as_get(view):
    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        if request.method != "HEAD":
            return view(request, *args, **kwargs)
        request.method = "GET"
        try:
            response = view(request, *args, **kwargs)
        finally:
            request.method = "HEAD"
        if not response.streaming:
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response

    return answer


def with_head(patterns: list) -> list:
    """The URL patterns with their views answering HEAD as GET."""
    for pattern in patterns:
        pattern.callback = head_as_get(pattern.callback)
    return patterns
