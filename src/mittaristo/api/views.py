"""The endpoints of /api/v1/: thin, each reads the published records and answers a list of
rows (JSON or CSV, paged) or a whole record (JSON)."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router
from pydantic import BaseModel, create_model

from mittaristo.core.roles import current_organisation
from mittaristo.monitoring.records import StrategyRecord
from mittaristo.web.published import published_round

from . import jsonstat, records, rows, selection
from .responses import (
    ApiError,
    answer_format,
    check_parameters,
    list_response,
    not_modified,
    record_response,
    with_validators,
)

router = Router()


class Problem(BaseModel):
    """What went wrong and what to change."""

    status: int
    message: str
    parameter: str | None = None


DESCRIPTIONS = {
    "organisation": "Municipality code(s), e.g. 111; comma-separated for several.",
    "strategy": "Strategy code(s); comma-separated for several.",
    "round": "A published round's id, or `all`; by default each strategy's latest round.",
    "goal": "Goal code(s), e.g. T2.2; comma-separated for several.",
    "indicator": "Indicator code(s), e.g. tyopaikat; comma-separated for several.",
    "area": "Area key(s), e.g. KU111; comma-separated for several.",
    "period": "Period code(s), e.g. 2023 or 2024Q3; comma-separated for several.",
    "format": "`json` (the default) or `csv`; `Accept: text/csv` asks for CSV too.",
}


def _filters(name: str, parameters, descriptions=DESCRIPTIONS, formats=("json", "csv")):
    fields = {
        p: (str | None, Field(None, description=descriptions[p]))
        for p in DESCRIPTIONS
        if p in parameters
    }
    # The formats as an enum in the schema (so that schemathesis asks for each); checked by
    # the view, whose error names them (responses.answer_format).
    fields["format"] = (
        str | None,
        Field(None, description=descriptions["format"], json_schema_extra={"enum": formats}),
    )
    fields["page"] = (int, Field(1, ge=1, description="The page, from 1."))
    fields["page_size"] = (int, Field(100, ge=1, description="Rows a page; at most 1000."))
    return create_model(name, **fields)


def _page_model(model):
    return create_model(
        f"{model.__name__}Page",
        count=(int, ...),
        page=(int, ...),
        pages=(int, ...),
        page_size=(int, ...),
        next=(str | None, None),
        previous=(str | None, None),
        results=(list[model], ...),
    )


CSV_TOO = {"responses": {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}}


def listing(request, make_rows, model, *, every_round=False):
    """Any list: check the parameters, answer 304 if nothing changed, else the page."""
    check_parameters(request, selection.parameters(model))
    fmt = answer_format(request, csv=True)
    unchanged, validators = not_modified(request, fmt, records.published_state())
    if unchanged is not None:
        return unchanged
    items = selection.chosen(request, every_round=every_round)
    found = selection.kept(request, items, make_rows(items), model)
    return with_validators(list_response(request, fmt, model, found), validators)


def _list(path, make_rows, model, summary, *, every_round=False, cube=False):
    """A list; with `cube`, also one JSON-stat dataset (api/jsonstat.py)."""
    descriptions = {**DESCRIPTIONS, "format": jsonstat.FORMAT} if cube else DESCRIPTIONS
    formats = jsonstat.FORMATS if cube else ("json", "csv")
    filters = _filters(
        f"{model.__name__}Filters", selection.parameters(model), descriptions, formats
    )

    def view(request, filters: Query[filters]):  # noqa: ARG001 (read from request.GET)
        if cube and jsonstat.asked(request):
            return jsonstat.observations(request)
        return listing(request, make_rows, model, every_round=every_round)

    page = _page_model(model)
    router.add_api_operation(
        path,
        ["GET"],
        view,
        response={
            200: page | jsonstat.JsonStatDataset if cube else page,
            304: None,
            400: Problem,
            404: Problem,
            429: Problem,
        },
        operation_id=f"list_{path.strip('/')}",
        summary=summary,
        openapi_extra=CSV_TOO,
    )


_list("/organisations/", rows.organisation_rows, rows.OrganisationRow, "Organisations")
_list("/strategies/", rows.strategy_rows, rows.StrategyRow, "Published strategies")
_list("/rounds/", rows.round_rows, rows.RoundRow, "Published review rounds", every_round=True)
_list("/aims/", rows.aim_rows, rows.AimRow, "Aims")
_list("/goals/", rows.goal_rows, rows.GoalRow, "Goals, with their approved assessments")
_list("/assessments/", rows.assessment_rows, rows.AssessmentRow, "Approved assessments")
_list("/indicators/", rows.indicator_rows, rows.IndicatorRow, "Indicators")
_list("/targets/", rows.target_rows, rows.TargetRow, "Targets")
_list("/milestones/", rows.milestone_rows, rows.MilestoneRow, "Milestones of targets")
_list("/plans/", rows.plan_goal_rows, rows.PlanGoalRow, "The cascade: plans' goals")
_list(
    "/observations/",
    rows.observation_rows,
    rows.ObservationRow,
    "Observations (values); also as one JSON-stat 2.0 dataset",
    cube=True,
)


def _record(request, find):
    check_parameters(request, {"format"})
    fmt = answer_format(request, csv=False)
    unchanged, validators = not_modified(request, fmt, records.published_state())
    if unchanged is not None:
        return unchanged
    return with_validators(record_response(find()), validators)


@router.get(
    "/rounds/{int:round_id}/",
    response={200: StrategyRecord, 304: None, 400: Problem, 404: Problem, 429: Problem},
    summary="A published round's evaluation record, as the round keeps it",
)
def round_record(request, round_id: int):
    def find():
        try:
            review = published_round(round_id, every_organisation=current_organisation() is None)
        except Http404:
            raise ApiError(
                404,
                _("No published round has the id %(id)s; /api/v1/rounds/ lists them.")
                % {"id": round_id},
            ) from None
        return records.read([review])[0].record

    return _record(request, find)


@router.get(
    "/strategies/{organisation}/{code}/",
    response={200: StrategyRecord, 304: None, 400: Problem, 404: Problem, 429: Problem},
    summary="A strategy's latest published evaluation record",
)
def strategy_record(request, organisation: str, code: str):
    def find():
        rounds = [
            r
            for r in records.published_rounds()
            if r.strategy.organisation.code == organisation and r.strategy.code == code
        ]
        if not rounds:
            raise ApiError(
                404,
                _(
                    "No strategy %(code)s of organisation %(organisation)s is published; "
                    "/api/v1/strategies/ lists those that are."
                )
                % {"code": code, "organisation": organisation},
            )
        return records.read(rounds[:1])[0].record

    return _record(request, find)
