"""The freshness rule of the live record's cache (web/cache.py): every table that making the
record reads is in the data version, so that a change to any of it shows at once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mittaristo.core.models import Area
from mittaristo.monitoring.records import evaluation_record
from mittaristo.web.cache import cached_record, data_version, versioned_tables

pytestmark = pytest.mark.django_db

TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"([^"]+)"', re.IGNORECASE)


def tables_read(queries) -> set[str]:
    return {name for query in queries for name in TABLE.findall(query["sql"])}


def test_every_table_the_record_reads_is_in_the_data_version(demo_db):
    from mittaristo.strategy.models import Strategy

    strategy = Strategy.objects.current()
    with CaptureQueriesContext(connection) as captured:
        record = evaluation_record(strategy)
    read = tables_read(captured.captured_queries)
    # The reading is real: the record read the strategy, its values and its plans.
    assert record.plans and record.indicators
    assert {"strategy_strategy", "observations_observation", "strategy_plangoal"} <= read
    assert read - versioned_tables() == set()


def test_the_check_finds_a_table_outside_the_version():
    # What the check would say if the record read the users (who are not in the version).
    queries = [{"sql": 'SELECT "auth_user"."id" FROM "auth_user" WHERE "auth_user"."id" = 1'}]
    assert tables_read(queries) - versioned_tables() == {"auth_user"}


def test_renaming_the_own_area_shows_at_once(admin_client, minimal_strategy):
    area = minimal_strategy.organisation.get_or_create_area()
    assert cached_record(minimal_strategy).area.name["fi"] == area.name["fi"]
    before = data_version(minimal_strategy, today=cached_record(minimal_strategy).evaluated_on)
    Area.objects.filter(pk=area.pk).update(name={"fi": "Uusi nimi", "sv": "Nytt namn"})
    after = data_version(minimal_strategy, today=cached_record(minimal_strategy).evaluated_on)
    assert after != before
    assert cached_record(minimal_strategy).area.name["sv"] == "Nytt namn"
