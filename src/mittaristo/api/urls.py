"""The open API, mounted at /api/: the endpoints at /api/v1/, the OpenAPI 3.1 schema at
/api/schema/ and its human-readable docs at /api/docs/ (Swagger UI from the app's own static
files, no CDN, no inline script)."""

from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import Throttled, ValidationError

from . import fallback, write
from .head import with_head
from .responses import ApiError, error_response
from .throttling import ReadThrottle, throttled
from .views import router

api = NinjaAPI(
    title="Mittaristo open API",
    version="1",
    description=(
        "What the public site shows, as open data: the published review rounds of each "
        "strategy and their evaluation records, read without login; and POST /api/v1/observations/ "
        "for the city's own systems, with a token. See docs/api.md."
    ),
    urls_namespace="api",
    openapi_url="/schema/",
    docs_url="/docs/",
)
write.register(router)  # POST /v1/observations/, with a token and a rate of its own
api.add_router("/v1/", router, throttle=ReadThrottle())
api.add_exception_handler(Throttled, throttled)


@api.exception_handler(ApiError)
def api_error(request, exc):
    return exc.response()


@api.exception_handler(ValidationError)
def invalid(request, exc):
    first = exc.errors[0] if exc.errors else {}
    name = str(first.get("loc", ["", "?"])[-1])
    return error_response(
        400,
        _("“%(name)s” is not valid: %(problem)s.")
        % {"name": name, "problem": first.get("msg", "")},
    )


# HEAD answered as GET (api/head.py); last, a JSON 404 for any other address (api/fallback.py).
urlpatterns = with_head([*api.urls[0], fallback.pattern])
