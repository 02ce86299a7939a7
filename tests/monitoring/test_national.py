"""The national matrix: every area's yearly values of many indicators in one query."""

import datetime as dt
import math

import numpy as np
import pytest
from django.db.models import F

from mittaristo.monitoring.national import yearly_matrix
from mittaristo.observations.packs import RECORD

from .test_evaluate import moment, store

pytestmark = pytest.mark.django_db


def test_matrix_rows_columns_and_gaps(minimal_strategy):
    indicator = minimal_strategy.indicators.get()
    store(
        minimal_strategy,
        {"2020": "1.5", "2022": "3", "2023Q1": "9"},
        when=moment("2024-01-01T00:00"),
    )
    store(minimal_strategy, {"2022": "4"}, when=moment("2024-06-01T00:00"))
    m = yearly_matrix([indicator.pk])
    assert len(m.keys) == 1 and m.keys[0][0] == indicator.pk
    assert m.years.tolist() == [2020, 2022]  # the quarter is not a year
    assert m.values.tolist() == [[1.5, 4.0]]
    then = yearly_matrix([indicator.pk], as_of=dt.date(2024, 3, 1))
    assert then.values.tolist() == [[1.5, 3.0]]
    assert yearly_matrix([indicator.pk], as_of=dt.date(2023, 1, 1)).values.shape == (0, 0)
    assert yearly_matrix([]).keys == []


def test_missing_years_are_nan(minimal_strategy):
    indicator = minimal_strategy.indicators.get()
    store(minimal_strategy, {"2020": "1"})
    copy = type(indicator).objects.get(pk=indicator.pk)
    copy.pk, copy.code = None, "toinen"
    copy.save()
    store(minimal_strategy, {"2021": "2"}, code="toinen")
    m = yearly_matrix([indicator.pk, copy.pk])
    assert m.years.tolist() == [2020, 2021]
    first, second = m.values.tolist()
    assert first[0] == 1 and math.isnan(first[1])
    assert math.isnan(second[0]) and second[1] == 2


def test_packs_follow_every_write(minimal_strategy):
    """The matrix comes from a cached pack: each change and deletion must show at once."""
    from mittaristo.observations.models import Observation, YearlyPack
    from mittaristo.observations.services import observation_delete

    indicator = minimal_strategy.indicators.get()
    store(minimal_strategy, {"2020": "1", "2021": "2"})
    assert yearly_matrix([indicator.pk]).values.tolist() == [[1.0, 2.0]]
    pack = YearlyPack.objects.get(indicator=indicator)
    assert pack.built_version == pack.version  # built by that read
    store(minimal_strategy, {"2021": "5"})  # a change
    assert yearly_matrix([indicator.pk]).values.tolist() == [[1.0, 5.0]]
    store(minimal_strategy, {"2022": "7"})  # a new year
    assert yearly_matrix([indicator.pk]).values.tolist() == [[1.0, 5.0, 7.0]]
    observation_delete(observation=Observation.objects.current().get(period="2020"))
    assert yearly_matrix([indicator.pk]).values.tolist() == [[5.0, 7.0]]
    store(minimal_strategy, {"2022": "7"})  # unchanged: the pack stays built
    before = YearlyPack.objects.get(indicator=indicator)
    assert before.built_version == before.version
    assert yearly_matrix([indicator.pk]).values.tolist() == [[5.0, 7.0]]


def test_a_pack_behind_its_version_is_rebuilt(minimal_strategy):
    """A pack built from values older than its version (a write landed meanwhile) is not used."""
    from mittaristo.observations.models import YearlyPack

    indicator = minimal_strategy.indicators.get()
    store(minimal_strategy, {"2020": "1"})
    (key,) = yearly_matrix([indicator.pk]).keys
    stale = np.array([(key[1], 2020, 99.0)], dtype=RECORD).tobytes()
    YearlyPack.objects.filter(indicator=indicator).update(
        data=stale, built_version=F("version") - 1
    )
    assert yearly_matrix([indicator.pk]).values.tolist() == [[1.0]]
    # The same bytes labelled as current would be read as they are: the version is what counts.
    YearlyPack.objects.filter(indicator=indicator).update(data=stale, built_version=F("version"))
    assert yearly_matrix([indicator.pk]).values.tolist() == [[99.0]]


def test_an_indicator_without_values_has_an_empty_pack(minimal_strategy):
    indicator = minimal_strategy.indicators.get()
    assert yearly_matrix([indicator.pk]).values.shape == (0, 0)
    store(minimal_strategy, {"2020Q1": "3"})  # not a year
    assert yearly_matrix([indicator.pk]).values.shape == (0, 0)


def test_a_range_indicator_is_judged_against_its_own_band_in_the_national_matrix(
    minimal_strategy,
):
    """Band 5 900–6 100: 6 000 (2023) is inside, achieved; the organisation's own target
    (6 200 by 2030) is not the country's and is not used."""
    from mittaristo.monitoring.national import national_trends

    minimal_strategy.indicators.update(direction="range", range_min=5900, range_max=6100)
    store(minimal_strategy, {"2022": "5950", "2023": "6000"})
    [row] = national_trends(minimal_strategy)
    assert (row["status"], row["method"]) == ("achieved", "")
    # Above the band, rising: judged as lower is better toward 6 100 — moving away.
    store(minimal_strategy, {"2022": "6150", "2023": "6300"})
    [row] = national_trends(minimal_strategy)
    assert (row["status"], row["method"]) == ("moving_away", "growth_rate")


def test_a_large_write_builds_its_packs_so_that_the_first_reader_does_not(
    minimal_strategy, django_assert_num_queries
):
    """A national import or fetch (PACK_BUILD_ROWS rows or more) leaves its indicators' packs
    current: the first read after it reads them as they are (no rebuild)."""
    from decimal import Decimal

    from mittaristo.core.models import Area
    from mittaristo.core.periods import parse_period
    from mittaristo.observations.models import YearlyPack
    from mittaristo.observations.services import (
        PACK_BUILD_ROWS,
        ObservationRow,
        observations_upsert,
    )

    indicator = minimal_strategy.indicators.get()
    areas = Area.objects.bulk_create(
        Area(kind="municipality", code=f"{n:03d}", name={"fi": f"Kunta {n}"}) for n in range(60)
    )
    years = range(2001, 2001 + PACK_BUILD_ROWS // len(areas) + 1)
    rows = [
        ObservationRow(indicator.pk, area.pk, parse_period(str(year)), Decimal(n + year))
        for n, area in enumerate(areas)
        for year in years
    ]
    observations_upsert(rows=rows, source_kind="import")
    pack = YearlyPack.objects.get(indicator=indicator)
    assert pack.built_version == pack.version
    # The indicator's data id (its national series' or its own) and the packs' row: nothing rebuilt.
    with django_assert_num_queries(2):
        matrix = yearly_matrix([indicator.pk])
    assert matrix.values.shape == (len(areas), len(years))
    assert matrix.values[0].tolist() == [float(year) for year in years]
    # A change to one value: a small write leaves the pack to its next reader.
    store(minimal_strategy, {"2001": "-1"})
    pack = YearlyPack.objects.get(indicator=indicator)
    assert pack.built_version < pack.version
    changed = yearly_matrix([indicator.pk])
    assert -1.0 in changed.values[:, 0].tolist()
