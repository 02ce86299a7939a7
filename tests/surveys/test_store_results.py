"""A round's bound results stored as its indicators' values, and the closing command."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from mittaristo.evaluation import surveys as stats
from mittaristo.observations.models import Observation
from mittaristo.surveys.store import store_results

pytestmark = pytest.mark.django_db

ROWS = [(5, 10), (4, 9), (4, 9), (3, 7), (2, 3), (5, 10), (4, 8)]


def fill(survey, survey_round, rows=ROWS):
    for likert, scale in rows:
        survey.answer(survey_round, unit="a", likert=likert, scale=scale)


def current(indicator):
    return Observation.objects.get(indicator=indicator, superseded_at__isnull=True)


def test_each_binding_stores_its_value_by_its_rule(survey, django_user_model):
    fill(survey, survey.autumn)
    user = django_user_model.objects.create_user("vetaja")
    report = store_results(survey.autumn, user=user)
    assert report.created == 3 and not report.suppressed
    likert = [r[0] for r in ROWS]
    mean = current(survey.indicators["tyytyvaisyys"])
    assert mean.value == Decimal(str(round(stats.mean(likert).value, 2)))  # 3.86
    assert mean.period == "2026 kevät" and mean.status == "final"
    assert mean.source_kind == "survey" and mean.recorded_by == user
    assert mean.area.code == survey.strategy.organisation.code
    agree = current(survey.indicators["samaa-mielta"])
    assert agree.value == Decimal("71.4")  # 5 of 7 at 4 or above, in per cent
    nps = current(survey.indicators["nps"])
    assert nps.value == Decimal(str(round(stats.nps([r[1] for r in ROWS]).value, 1)))  # 28.6
    survey.autumn.refresh_from_db()
    assert survey.autumn.results_stored is not None


def test_storing_again_changes_nothing(survey):
    fill(survey, survey.autumn)
    store_results(survey.autumn)
    again = store_results(survey.autumn)
    assert (again.created, again.changed, again.unchanged) == (0, 0, 3)


def test_too_few_answers_store_nothing_and_say_so(survey):
    fill(survey, survey.autumn, ROWS[:4])
    report = store_results(survey.autumn)
    assert report.created == 0 and len(report.suppressed) == 3 and report.stored == []
    assert not Observation.objects.filter(source_kind="survey").exists()


def test_the_stored_value_appears_in_the_evaluation(survey):
    fill(survey, survey.autumn)
    store_results(survey.autumn)
    out = StringIO()
    call_command("evaluate", strategy=survey.strategy.code, format="json", stdout=out)
    record = json.loads(out.getvalue())
    indicators = record["indicators"]
    (value,) = indicators["tyytyvaisyys"]["values"]
    assert value["period"] == "2026 kevät" and Decimal(value["value"]) == Decimal("3.86")
    assert value["source"] == "survey"


def test_close_survey_rounds_takes_the_closed_rounds_once(survey):
    fill(survey, survey.spring)
    fill(survey, survey.autumn)
    survey.autumn.closes = timezone.now() + dt.timedelta(days=1)  # still open
    survey.autumn.save()
    out = StringIO()
    call_command("close-survey-rounds", stdout=out)
    assert "3 values stored" in out.getvalue()
    survey.spring.refresh_from_db()
    survey.autumn.refresh_from_db()
    assert survey.spring.results_stored and not survey.autumn.results_stored
    out = StringIO()
    call_command("close-survey-rounds", stdout=out)
    assert "No survey round to close." in out.getvalue()
    assert Observation.objects.filter(period="2025 kevät").count() == 3


def test_a_round_with_a_bad_period_stops_no_other(survey):
    fill(survey, survey.spring)
    fill(survey, survey.autumn)
    type(survey.spring).objects.filter(pk=survey.spring.pk).update(period="keväällä")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("close-survey-rounds", stdout=StringIO(), stderr=err)
    assert err.getvalue()
    survey.spring.refresh_from_db()
    survey.autumn.refresh_from_db()
    assert not survey.spring.results_stored and survey.autumn.results_stored
