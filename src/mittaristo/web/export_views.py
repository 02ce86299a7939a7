"""Downloading observations: the same export as the command line, for what a person may read."""

import io

from django.http import HttpResponse, HttpResponseBadRequest

from mittaristo.core.roles import current_organisation, role_required
from mittaristo.observations import exports
from mittaristo.strategy.roles import can_view_internal

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


@role_required(can_view_internal)
def export_download(request):
    """?format=csv|xlsx|json&strategy=&aim=&goal=&indicator=&area=&from=&to= (repeatable)."""
    fmt = request.GET.get("format", "csv")
    if fmt not in exports.FORMATS:
        return HttpResponseBadRequest("format: csv, xlsx or json")
    try:
        first = int(request.GET["from"]) if request.GET.get("from") else None
        last = int(request.GET["to"]) if request.GET.get("to") else None
    except ValueError:
        return HttpResponseBadRequest("from, to: years")
    selection = exports.Selection(
        strategy=request.GET.get("strategy", ""),
        aims=tuple(request.GET.getlist("aim")),
        goals=tuple(request.GET.getlist("goal")),
        indicators=tuple(request.GET.getlist("indicator")),
        areas=tuple(request.GET.getlist("area")),
        first_year=first,
        last_year=last,
    )
    # The values of the request's organisation's indicators only (docs/organisations.md).
    codes = selection.codes(current_organisation())
    found = selection.queryset(codes)
    if fmt == "xlsx":
        buffer = io.BytesIO()
        exports.export_xlsx(found, buffer, codes)
        body = buffer.getvalue()
    else:
        text = io.StringIO()
        getattr(exports, f"export_{fmt}")(found, text, codes)
        body = ("\ufeff" if fmt == "csv" else "") + text.getvalue()
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="mittaristo.{fmt}"'
    return response
