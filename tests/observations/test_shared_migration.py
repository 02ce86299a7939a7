"""The migration that moves fetched values to the national series: on a hand-made state of two
organisations that had each fetched the same statistic, with histories, and one typed value."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("observations", "0009_importjob_organisation"),
    ("strategy", "0011_indicator_national_series"),
]
AFTER = [("observations", "0010_fetched_values_to_national_series")]
BINDING = {"source": "sotkanet", "indicator": 127}
SAME = {"indicator": 127, "source": "sotkanet", "gender": "total"}  # the same, written otherwise


def _at(moment):
    return dt.datetime(2025, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=moment)


@pytest.mark.django_db(transaction=True)
def test_fetched_histories_become_one_and_typed_values_stay():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Organisation = apps.get_model("strategy", "Organisation")
    Strategy = apps.get_model("strategy", "Strategy")
    Indicator = apps.get_model("strategy", "Indicator")
    Area = apps.get_model("core", "Area")
    Observation = apps.get_model("observations", "Observation")
    area = Area.objects.create(kind="municipality", code="111", name={"fi": "Heinola"})
    indicators = []
    for code, binding in (("111", BINDING), ("091", SAME)):
        org = Organisation.objects.create(code=code, name={"fi": code})
        strategy = Strategy.objects.create(
            organisation=org,
            code="s",
            name={"fi": "S"},
            horizon_start=2022,
            horizon_end=2030,
            council_term_start=2021,
            council_term_end=2025,
        )
        indicators.append(
            Indicator.objects.create(
                strategy=strategy,
                code="vakiluku",
                name={"fi": "Väkiluku"},
                direction="higher",
                frequency="yearly",
                source_kind="official_statistics",
                binding=binding,
            )
        )
    a, b = indicators

    def row(indicator, value, day, superseded=None, kind="fetch", ref="fetch:1 sotkanet:127"):
        year = 2023 if kind == "fetch" else 2022
        return Observation.objects.create(
            indicator_id=indicator.pk,
            area_id=area.pk,
            period=str(year),
            period_kind="year",
            period_start=dt.date(year, 1, 1),
            value=Decimal(value),
            source_kind=kind,
            source_ref=ref,
            vintage=dt.date(2024, 3, 1),
            recorded_at=_at(day),
            superseded_at=_at(superseded) if superseded is not None else None,
        )

    # A fetched 100 (day 0), revised to 101 (day 10); B fetched 100 too (day 5), then 101 (day 12).
    row(a, "100", 0, superseded=10)
    row(a, "101", 10, ref="fetch:3 sotkanet:127")
    row(b, "100", 5, superseded=12, ref="fetch:2 sotkanet:127")
    row(b, "101", 12, ref="fetch:4 sotkanet:127")
    typed = row(b, "7", 1, kind="manual", ref="")  # B's own, typed: it stays B's

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Indicator = apps.get_model("strategy", "Indicator")
    Observation = apps.get_model("observations", "Observation")
    series = Indicator.objects.get(strategy=None)
    assert set(
        Indicator.objects.filter(strategy__isnull=False).values_list("series", flat=True)
    ) == {series.pk}
    history = list(
        Observation.objects.filter(indicator_id=series.pk)
        .order_by("recorded_at")
        .values_list("value", "recorded_at", "superseded_at", "source_ref", "vintage")
    )
    # 100 (A's, day 0) until 101 came (A's, day 10); B's repeats of them are gone.
    assert history == [
        (Decimal("100"), _at(0), _at(10), "fetch:1 sotkanet:127", dt.date(2024, 3, 1)),
        (Decimal("101"), _at(10), None, "fetch:3 sotkanet:127", dt.date(2024, 3, 1)),
    ]
    assert list(Observation.objects.filter(indicator_id=b.pk).values_list("pk", flat=True)) == [
        typed.pk
    ]
    assert not Observation.objects.filter(indicator_id=a.pk).exists()
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
