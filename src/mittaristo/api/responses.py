"""How the API answers: the format asked for, pages, validators for a conditional GET, and
errors in JSON that say what to change.

A published round's snapshot never changes, so an answer depends only on the published rounds
(records.published_state), the URL and the format: its ETag is made from those before any
snapshot is read, and a harvester's conditional GET is answered 304 at the cost of one query.
"""

import hashlib
import json
import math

from django.http import HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from pydantic import BaseModel

from .csv import rows_csv

# Raised when the shape of an answer changes, so that no cached copy of the old one is reused.
SHAPE = "1"
PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
JSON = "application/json"
CSV = "text/csv"


class ApiError(Exception):
    """A request the API cannot answer, with a message a person can act on."""

    def __init__(self, status: int, message: str, parameter: str | None = None):
        super().__init__(message)
        self.status, self.message, self.parameter = status, message, parameter

    def response(self) -> JsonResponse:
        body = {"status": self.status, "message": self.message}
        if self.parameter:
            body["parameter"] = self.parameter
        return JsonResponse(body, status=self.status)


def error_response(status: int, message: str) -> JsonResponse:
    return ApiError(status, message).response()


def check_parameters(request, allowed) -> None:
    for name in request.GET:
        if name not in allowed:
            raise ApiError(
                400,
                _("Unknown parameter “%(name)s”. This address takes: %(allowed)s.")
                % {"name": name, "allowed": ", ".join(sorted(allowed))},
                name,
            )


def answer_format(request, *, csv: bool) -> str:
    """`json` or `csv`: `?format=` first, then the Accept header; JSON by default."""
    asked = request.GET.get("format")
    if asked is None:
        accept = request.headers.get("Accept", "")
        asked = "csv" if csv and CSV in accept and JSON not in accept else "json"
    if asked == "json" or (asked == "csv" and csv):
        return asked
    offered = "json, csv" if csv else "json"
    raise ApiError(
        400,
        _("Unknown format “%(format)s”. This address answers in: %(offered)s.")
        % {"format": asked, "offered": offered},
        "format",
    )


def not_modified(request, fmt: str, state: list[tuple]):
    """(the 304 answer or None, the validators to put on the full answer)."""
    key = repr((SHAPE, request.path, sorted(request.GET.lists()), fmt, state))
    etag = f'"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'
    times = [published_at for _pk, published_at, *_rest in state if published_at]
    last_modified = int(max(times).timestamp()) if times else None
    return get_conditional_response(request, etag=etag, last_modified=last_modified), (
        etag,
        last_modified,
    )


def with_validators(response: HttpResponse, validators) -> HttpResponse:
    etag, last_modified = validators
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    patch_vary_headers(response, ["Accept"])
    return response


def _whole_number(request, name: str, default: int) -> int:
    text = request.GET.get(name)
    if text is None:
        return default
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise ApiError(
            400, _("“%(name)s” must be a whole number from 1 up.") % {"name": name}, name
        )
    return number


def page_of(request, rows: list) -> tuple[list, dict]:
    """The page asked for, and what the answer says of it."""
    size = _whole_number(request, "page_size", PAGE_SIZE)
    if size > MAX_PAGE_SIZE:
        raise ApiError(
            400,
            _("A page holds at most %(max)s rows; ask for page_size=%(max)s and the next pages.")
            % {"max": MAX_PAGE_SIZE},
            "page_size",
        )
    number = _whole_number(request, "page", 1)
    pages = max(1, math.ceil(len(rows) / size))
    if number > pages:
        raise ApiError(
            404,
            _(
                "Page %(page)s is beyond the last page, %(pages)s "
                "(%(count)s rows at %(size)s a page)."
            )
            % {"pages": pages, "size": size, "count": len(rows), "page": number},
            "page",
        )
    links = {}
    if number > 1:
        links["previous"] = _page_url(request, number - 1)
    if number < pages:
        links["next"] = _page_url(request, number + 1)
    meta = {"count": len(rows), "page": number, "pages": pages, "page_size": size, **links}
    return rows[(number - 1) * size : number * size], meta


def _page_url(request, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def list_response(request, fmt: str, model: type[BaseModel], rows: list) -> HttpResponse:
    page, meta = page_of(request, rows)
    if fmt == "csv":
        response = HttpResponse(rows_csv(model, page), content_type="text/csv; charset=utf-8")
    else:
        body = {
            "count": meta["count"],
            "page": meta["page"],
            "pages": meta["pages"],
            "page_size": meta["page_size"],
            "next": meta.get("next"),
            "previous": meta.get("previous"),
            "results": [row.model_dump(mode="json") for row in page],
        }
        response = HttpResponse(json.dumps(body, ensure_ascii=False), content_type=JSON)
    response["X-Total-Count"] = str(meta["count"])
    links = [f'<{meta[rel]}>; rel="{rel}"' for rel in ("next", "previous") if rel in meta]
    if links:
        response["Link"] = ", ".join(links)
    return response


def record_response(record: BaseModel) -> HttpResponse:
    return HttpResponse(record.model_dump_json(), content_type=JSON)
