"""A round's results as its bound indicators' values: each `Binding` gives one observation of
its indicator in the organisation's own area for the round's period, stored through
`observations_upsert` (the one storing path), source "survey", status final.

A result with fewer than `SURVEY_MIN_GROUP` answers stores nothing, and the report says so: an
indicator's value is public, so it obeys the same anonymity rule as the results page. Storing
again stores only what changed (the upsert compares), so the command that closes rounds may
run as often as it likes.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mittaristo.core.periods import parse_period
from mittaristo.observations.models import Observation
from mittaristo.observations.services import ObservationRow, UpsertReport, observations_upsert

from .models import SurveyRound
from .results import round_results


@dataclass
class StoreReport(UpsertReport):
    """The upsert's counts, and which bindings stored a value and which were suppressed."""

    stored: list = field(default_factory=list)  # (binding, value)
    suppressed: list = field(default_factory=list)  # bindings with too few answers


@transaction.atomic
def store_results(survey_round: SurveyRound, *, user=None) -> StoreReport:
    """Store the round's bound results as observations and mark the round stored."""
    survey_round = SurveyRound.objects.select_related("survey__organisation").get(
        pk=survey_round.pk
    )
    results = round_results(survey_round)
    period = parse_period(survey_round.period)
    area = survey_round.survey.organisation.get_or_create_area()
    rows, stored, suppressed = [], [], []
    for question in results.questions:
        for binding_result in question.bindings:
            value = binding_result.value
            if value is None:
                suppressed.append(binding_result.binding)
                continue
            stored.append((binding_result.binding, value))
            rows.append(
                ObservationRow(
                    indicator_id=binding_result.binding.indicator_id,
                    area_id=area.pk,
                    period=period,
                    value=value,
                    status=Observation.Status.FINAL,
                    is_example=survey_round.is_example,
                )
            )
    upsert = (
        observations_upsert(
            rows=rows,
            source_kind=Observation.SourceKind.SURVEY,
            source_ref=f"{survey_round.survey.code}: {survey_round.period}"[:300],
            user=user,
        )
        if rows
        else UpsertReport()
    )
    report = StoreReport(
        created=upsert.created,
        changed=upsert.changed,
        unchanged=upsert.unchanged,
        late=upsert.late,
        per_indicator=upsert.per_indicator,
        stored=stored,
        suppressed=suppressed,
    )
    SurveyRound.objects.filter(pk=survey_round.pk).update(results_stored=timezone.now())
    return report


@transaction.atomic
def round_results_store(*, survey_round: SurveyRound, user=None) -> StoreReport:
    """Store a closed round's results again (the strategy lead's button on the round's page):
    after a binding changed, answers were imported or open texts moderated. Only what changed
    is stored; an open or upcoming round is refused, as its results are not final."""
    if survey_round.closes > timezone.now():
        raise ValidationError(_("The round has not closed: its results are stored once it closes."))
    return store_results(survey_round, user=user)


def rounds_to_close(now=None):
    """The rounds whose closing time has passed and whose results are not stored yet."""
    return SurveyRound.objects.filter(
        closes__lte=now or timezone.now(), results_stored__isnull=True
    ).order_by("closes", "pk")
