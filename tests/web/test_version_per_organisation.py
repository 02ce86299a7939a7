"""The data version is per organisation (web/cache.py): an edit in one organisation renews
its own cached pages only, while a change to a national series renews the pages of every
organisation that reads it (docs/organisations.md)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from mittaristo.core.periods import parse_period
from mittaristo.observations.services import ObservationRow, observations_upsert
from mittaristo.sources.models import FetchRecord
from mittaristo.strategy.models import Aim, Goal, Target
from mittaristo.web.cache import data_version
from tests.sources.test_shared_series import BINDING_YAML
from tests.sources.test_shared_series import _load as load_strategy

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 6, 1)


def _load(tmp_path, code, name, binding=""):
    """The small strategy file for `code` (tests/sources), its own area stored."""
    strategy = load_strategy(tmp_path, code, name, binding=binding)
    strategy.organisation.get_or_create_area()
    return strategy


@pytest.fixture
def two(tmp_path):
    """A and B, each its own organisation and strategy; B's "mittari" reads a national series."""
    return _load(tmp_path, "091", "Helsinki"), _load(tmp_path, "049", "Espoo", BINDING_YAML)


def versions(*strategies):
    return [data_version(s, today=DAY) for s in strategies]


def store(indicator_id, area, values):
    rows = [
        ObservationRow(indicator_id, area.pk, parse_period(p), Decimal(v))
        for p, v in values.items()
    ]
    observations_upsert(rows=rows, source_kind="manual")


def test_an_edit_in_one_organisation_leaves_the_others_version(two):
    a, b = two
    a_before, b_before = versions(a, b)
    goal = Goal.objects.get(aim__strategy=a, code="T1")
    goal.name = {"fi": "Uusi nimi"}
    goal.save()
    a_renamed, b_after = versions(a, b)
    assert a_renamed != a_before and b_after == b_before
    target = Target.objects.get(indicator__strategy=a)
    target.value += 1
    target.save()
    a_target, b_after = versions(a, b)
    assert a_target != a_renamed and b_after == b_before
    # A value of A's own indicator in A's area.
    store(a.indicators.get(code="mittari").pk, a.organisation.area, {"2024": "1"})
    a_value, b_after = versions(a, b)
    assert a_value != a_target and b_after == b_before
    # A new aim, and deleting it again (its history row outlives it).
    Aim.objects.create(strategy=a, code="P9", order=9, name={"fi": "Uusi"})
    a_aim, b_after = versions(a, b)
    assert a_aim != a_value and b_after == b_before
    Aim.objects.get(strategy=a, code="P9").delete()
    a_deleted, b_after = versions(a, b)
    assert a_deleted != a_aim and b_after == b_before
    # A fetch's credit elsewhere: no value of B's changed.
    FetchRecord.objects.create(indicator_code="x", sources="statfin:x", fetched_at=timezone.now())
    assert versions(b) == [b_before]


def test_a_change_to_a_series_an_organisation_reads_renews_its_version(two):
    a, b = two
    series = b.indicators.get(code="mittari").series
    assert series is not None and series.strategy_id is None
    a_before, b_before = versions(a, b)
    # Values of the series in another municipality: not read by B's record.
    store(series.pk, a.organisation.area, {"2024": "5"})
    assert versions(a, b) == [a_before, b_before]
    # In B's own area: B's version changes, A's (which reads no series) does not.
    store(series.pk, b.organisation.area, {"2024": "7"})
    a_after, b_after = versions(a, b)
    assert b_after != b_before and a_after == a_before
    # The series itself changed (its history): B's version changes.
    series.unit = "henkeä"
    series.save()
    assert versions(b) != [b_after]
    assert versions(a) == [a_before]


def test_a_goal_moved_to_another_organisation_renews_both(two):
    a, b = two
    a_before, b_before = versions(a, b)
    goal = Goal.objects.get(aim__strategy=a, code="T1")
    goal.aim = Aim.objects.filter(strategy=b).first()
    goal.code = "T9"
    goal.save()
    a_after, b_after = versions(a, b)
    assert a_after != a_before and b_after != b_before


def test_a_change_rolled_back_never_lends_its_version_to_the_next(two):
    """A rolled-back change's version may have been read (and a record cached under it) inside
    its own transaction: the next change must get another (strategy/data_stamps.py)."""
    from django.db import transaction

    a, _b = two
    goal = Goal.objects.get(aim__strategy=a, code="T1")
    with pytest.raises(RuntimeError), transaction.atomic():
        goal.name = {"fi": "Peruttu"}
        goal.save()
        inside = versions(a)
        raise RuntimeError("rolled back")
    goal.name = {"fi": "Pysyvä"}
    goal.save()
    assert versions(a) != inside


def test_binding_an_indicator_to_a_series_renews_its_version(two):
    """Linking makes no history row (strategy/shared.py): the link renews the stamp itself."""
    from mittaristo.strategy.shared import indicators_link

    a, b = two
    indicator = a.indicators.get(code="mittari")
    series = b.indicators.get(code="mittari").series
    a_before, b_before = versions(a, b)
    type(indicator).objects.filter(pk=indicator.pk).update(binding=series.binding)
    indicator.refresh_from_db()
    assert indicators_link(indicators=[indicator]) == 1
    assert indicator.series_id == series.pk
    a_after, b_after = versions(a, b)
    assert a_after != a_before and b_after == b_before
