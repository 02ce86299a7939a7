"""The write API: `POST /api/v1/observations/`, a batch of observations from one of the city's
systems, stored through the file import (the one storing path, with its checks, outliers and
all-or-nothing transaction), answered with the import's report.

Order of the checks: the token (401), the rate (429), the request key (400), the body (400,
413 above API_WRITE_MAX_ROWS), a key already used (the first answer again, or 422 for another
body), then the import: indicators outside the token's (403), rows that cannot be read (422),
values far from what is expected and not accepted (422), another store of the same indicators
in progress (503), else stored (200). Nothing is stored unless the answer is 200.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from ninja import Router
from pydantic import BaseModel, Field

from mittaristo.core.roles import current_organisation
from mittaristo.observations.imports.service import ImportReport, import_table
from mittaristo.observations.models import Observation

from .batch import FIELDS, Batch, as_table, outside_problems, read_batch, shape_problems
from .models import ApiToken, RequestKey
from .responses import ApiError
from .throttling import WriteThrottle
from .tokens import TokenAuth
from .views import Problem

PROBLEMS_SHOWN = 1000
KEY_HEADER = "Idempotency-Key"


class ObservationIn(BaseModel):
    """One observation: the import file's columns (docs/observations.md)."""

    indicator: str = Field(description="The indicator's code, e.g. toimintakate.")
    area: str = Field(description="111, KU111, MK07, SSS, or a name (Heinola).")
    period: str | int = Field(description="2024, 2024H1, 2024Q3, 2024M03, 2024 kevät.")
    value: str | float | None = Field(
        description="A number, or text as Finns write it (1 234,5); null or empty: no value."
    )
    status: str | None = Field(None, description="final (default), provisional or estimate.")
    note: str | None = None
    breakdown: str | None = Field(None, description="e.g. sukupuoli=naiset; empty: the total.")
    example: bool | None = Field(None, description="Example data, not the city's figure.")
    vintage: str | None = Field(None, description="When the figure was published: 2025-03-15.")


class RowProblem(BaseModel):
    row: int | None = Field(description="The observation's place in the list, from 1.")
    field: str | None = None
    value: str | None = Field(None, description="As sent.")
    message: str


class ValueOut(BaseModel):
    row: int
    indicator: str
    area: str
    period: str
    breakdown: str
    old: str | None = Field(description="The value it replaces; null: none yet.")
    new: str
    low: str | None = Field(None, description="An outlier's plausible range.")
    high: str | None = None


class WriteReport(BaseModel):
    """What the batch did, or would have done: the import's report."""

    status: int
    message: str
    stored: bool
    rows: int
    created: int
    changed: int
    unchanged: int
    late: int
    skipped_empty: int = Field(description="Observations without a value, not stored.")
    problem_count: int
    problems: list[RowProblem] = Field(description=f"The first {PROBLEMS_SHOWN}.")
    changes: list[ValueOut] = Field(description="The first 100 new and changed values.")
    outlier_count: int
    outliers: list[ValueOut]
    outlier_digest: str
    not_allowed: list[str] = Field(description="Indicators this token may not write.")


def _body_schema() -> dict:
    return {
        "type": "object",
        "required": ["observations"],
        "additionalProperties": False,
        "properties": {
            "observations": {
                "type": "array",
                "minItems": 1,
                "maxItems": settings.API_WRITE_MAX_ROWS,
                "items": {
                    **ObservationIn.model_json_schema(),
                    "additionalProperties": False,
                },
            },
            "accept_outliers": {
                "anyOf": [{"type": "boolean"}, {"type": "string"}],
                "default": False,
                "description": (
                    "Store values far from what is expected: true, or the outlier_digest of "
                    "the answer that listed them (then only if they are still those)."
                ),
            },
        },
    }


def post_observations(request):
    """Store a batch of observations, all or none; see docs/api.md, "Writing"."""
    here = current_organisation()
    if here is not None and here.pk != request.auth.organisation_id:
        raise ApiError(
            403,
            _(
                "This token writes the indicators of %(organisation)s: send the batch to "
                "/api/v1/observations/ or /%(organisation)s/api/v1/observations/."
            )
            % {"organisation": request.auth.organisation.address},
        )
    key = _request_key(request)
    try:
        body = request.body
    except RequestDataTooBig:
        raise ApiError(
            413,
            _("The body is larger than %(mb)s MB; send the observations in several batches.")
            % {"mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2**20},
        ) from None
    batch = read_batch(body, max_rows=settings.API_WRITE_MAX_ROWS)
    status, answer, replayed = observations_post(token=request.auth, key=key, batch=batch)
    response = JsonResponse(answer, status=status, json_dumps_params={"ensure_ascii": False})
    if replayed:
        response["Idempotent-Replayed"] = "true"
    if status == 503:
        response["Retry-After"] = str(max(1, round(settings.IMPORT_LOCK_WAIT)))
    return response


def _request_key(request) -> str:
    key = request.headers.get(KEY_HEADER, "").strip()
    if not key or len(key) > 200 or not key.isprintable() or not key.isascii():
        raise ApiError(
            400,
            _(
                "Send a request key of your own in the header “Idempotency-Key” (at most 200 "
                "characters, e.g. a UUID): a batch sent again with the same key is stored once."
            ),
            KEY_HEADER,
        )
    return key


def observations_post(*, token: ApiToken, key: str, batch: Batch) -> tuple[int, dict, bool]:
    """Store the batch once per request key: (status, answer, whether it is a replay)."""
    earlier = RequestKey.objects.filter(token=token, key=key).first()
    if earlier is not None:
        return _replay(earlier, batch, key)
    with transaction.atomic():
        try:
            # Taken first, in the same transaction: a second request with this key waits on
            # it (PostgreSQL's unique index) and then replays what this one stored.
            with transaction.atomic():
                taken = RequestKey.objects.create(token=token, key=key, body_digest=batch.digest)
        except IntegrityError:
            return _replay(RequestKey.objects.get(token=token, key=key), batch, key)
        status, answer = _store(token, batch)
        if status == 200:
            taken.status, taken.answer = status, answer
            taken.save(update_fields=["status", "answer"])
        else:  # nothing stored: the key is not kept, the batch may be corrected and resent
            transaction.set_rollback(True)
    return status, answer, False


def _replay(earlier: RequestKey, batch: Batch, key: str) -> tuple[int, dict, bool]:
    if earlier.body_digest != batch.digest:
        # As the IETF draft "The Idempotency-Key HTTP Header Field" asks: 422.
        raise ApiError(
            422,
            _(
                "The request key “%(key)s” was used on %(when)s for another batch. A retry must "
                "send the same body; a new batch needs a new key."
            )
            % {"key": key, "when": date_format(earlier.created_at, "DATETIME_FORMAT")},
            KEY_HEADER,
        )
    return earlier.status, earlier.answer, True


def _store(token: ApiToken, batch: Batch) -> tuple[int, dict]:
    shape = shape_problems(batch.observations)
    shape += outside_problems(batch.observations, token.organisation, skip={p.row for p in shape})
    # Only the token's organisation's, whatever else it was once given (docs/organisations.md).
    indicators = list(
        token.indicators.filter(strategy__organisation=token.organisation_id).select_related(
            "strategy"
        )
    )
    strategies = {indicator.strategy for indicator in indicators}
    report = import_table(
        table=as_table(batch.observations, name=f"API {token.name}", skip={p.row for p in shape}),
        sha256=batch.digest,
        source_kind=Observation.SourceKind.API,
        source_ref=token.name,
        # A code is looked up in the token's strategy, where it has one: strategies that
        # follow each other share codes.
        strategy=strategies.pop() if len(strategies) == 1 else None,
        allowed_indicators=indicators,
        accept_outliers=batch.accept_outliers,
        organisation=token.organisation,
        dry_run=bool(shape),
    )
    if shape:
        report.problems = sorted([*shape, *report.problems], key=lambda p: getattr(p, "row", 0))
    status, message = _outcome(report, token, indicators)
    return status, _answer(report, status, message)


def _outcome(report: ImportReport, token, indicators) -> tuple[int, str]:
    if report.not_allowed:
        return 403, _(
            "This token may not write %(indicators)s (it may write %(allowed)s). "
            "Nothing was stored."
        ) % {
            "indicators": ", ".join(report.not_allowed),
            "allowed": ", ".join(sorted(i.code for i in indicators)),
        }
    if report.busy:
        return 503, _(
            "Another batch or import of these indicators is being stored; nothing was stored. "
            "Send the batch again in a moment, with the same request key."
        )
    if report.problems:
        return 422, _(
            "%(count)s problem(s), listed with their rows: nothing was stored. Correct them "
            "and send the whole batch again."
        ) % {"count": len(report.problems)}
    if report.needs_confirmation:
        return 422, _(
            "%(count)s value(s) are far from what is expected (listed in outliers): nothing "
            "was stored. If they are right, send the batch again with "
            '"accept_outliers": "%(digest)s".'
        ) % {"count": report.outlier_count, "digest": report.outlier_digest}
    return 200, report.summary() + " " + _("Stored.")


def _problem(problem, columns: dict) -> dict:
    if isinstance(problem, str):
        return {"row": None, "field": None, "value": None, "message": problem}
    column = columns.get(problem.column, problem.column)
    return {
        "row": problem.row,
        "field": column or None,
        "value": problem.value or None,
        "message": problem.message,
    }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _value(change) -> dict:
    return {
        "row": change.row,
        "indicator": change.indicator,
        "area": change.area,
        "period": change.period,
        "breakdown": change.breakdown,
        "old": _text(change.old),
        "new": _text(change.new),
        "low": _text(change.low),
        "high": _text(change.high),
    }


def _answer(report: ImportReport, status: int, message: str) -> dict:
    # The import names the columns it resolves in the reader's language; the API's fields.
    columns = {str(_(name)): name for name in ("indicator", "area", "period")}
    columns.update({name: name for name in FIELDS})
    return {
        "status": status,
        "message": message,
        "stored": report.stored,
        "rows": report.rows,
        "created": report.created,
        "changed": report.changed,
        "unchanged": report.unchanged,
        "late": report.late,
        "skipped_empty": report.skipped_empty,
        "problem_count": len(report.problems),
        "problems": [_problem(p, columns) for p in report.problems[:PROBLEMS_SHOWN]],
        "changes": [_value(c) for c in report.changes],
        "outlier_count": report.outlier_count,
        "outliers": [_value(c) for c in report.outliers],
        "outlier_digest": report.outlier_digest,
        "not_allowed": list(report.not_allowed),
    }


def register(router: Router) -> None:
    """Add the write endpoint beside the read list at the same address."""
    router.add_api_operation(
        "/observations/",
        ["POST"],
        post_observations,
        auth=TokenAuth(),
        throttle=[WriteThrottle()],
        response={
            200: WriteReport,
            400: Problem,
            401: Problem,
            403: WriteReport,
            413: Problem,
            422: WriteReport | Problem,
            429: Problem,
            503: WriteReport,
        },
        operation_id="post_observations",
        summary="Store a batch of observations (a city system's token)",
        description=(
            "The import file's columns as JSON, stored all or none through the import, "
            "with its checks and report. Needs `Authorization: Bearer <token>` and an "
            "`Idempotency-Key` header. See docs/api.md."
        ),
        openapi_extra={
            "parameters": [
                {
                    "in": "header",
                    "name": KEY_HEADER,
                    "required": True,
                    "schema": {"type": "string", "minLength": 1, "maxLength": 200},
                    "description": "Your own key for this batch, e.g. a UUID.",
                }
            ],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _body_schema()}},
            },
        },
    )
