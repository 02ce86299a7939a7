"""mittaristo load-areas: areas and their regions from Sotkanet's real list; size classes."""

from decimal import Decimal
from io import StringIO

import httpx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mittaristo.core.models import Area
from mittaristo.core.periods import parse_period
from mittaristo.evaluation.peers import size_class
from mittaristo.monitoring.peers import area_facts
from mittaristo.observations.services import ObservationRow, observations_upsert
from mittaristo.sources.http import record
from mittaristo.sources.sotkanet import BASE_URL

pytestmark = pytest.mark.django_db


@pytest.fixture
def replay(recorded_data, tmp_path):
    """A replay folder holding Sotkanet's real recorded list of regions as the /regions answer."""
    content = (recorded_data / "sotkanet" / "oskari" / "SotkaRegions.json").read_bytes()
    record(tmp_path, "GET", f"{BASE_URL}/regions", b"", httpx.Response(200, content=content))
    return tmp_path


def run(*args):
    out = StringIO()
    call_command("load-areas", *args, stdout=out)
    return out.getvalue()


def test_regions_and_links_from_the_recorded_list(replay):
    out = run("--replay", str(replay))
    # 320 municipalities, 19 regions and the country in that list; each municipality in one region.
    assert "340 created, 0 renamed, 320 linked to a region" in out
    heinola = Area.objects.get(kind="municipality", code="111")
    assert heinola.region.key == "MK07" and heinola.region.name["fi"] == "Päijät-Häme"
    assert heinola.name["sv"] == "Heinola"
    espoo = Area.objects.get(kind="municipality", code="049")
    assert espoo.region.code == "01"
    assert "0 created, 0 renamed, 0 linked" in run("--replay", str(replay))  # again: nothing


def test_existing_areas_are_renamed_and_relinked(replay):
    wrong = Area.objects.create(kind="region", code="99", name={"fi": "Väärä"})
    Area.objects.create(kind="municipality", code="111", name={"fi": "111"}, region=wrong)
    out = run("--replay", str(replay))
    assert "339 created, 1 renamed, 320 linked" in out
    assert Area.objects.get(kind="municipality", code="111").region.code == "07"


@pytest.mark.parametrize(
    ("population", "klass"),
    [
        (0, 1),
        (999, 1),
        (1000, 2),
        (2999, 2),
        (3000, 3),
        (11999, 6),
        (12000, 7),
        (18131, 7),
        (19999, 7),
        (20000, 8),
        (99999, 9),
        (100000, 10),
        (674500, 10),
        (None, None),
    ],
)
def test_size_classes_follow_statistics_finland(population, klass):
    assert size_class(population) == klass


def test_population_sets_size_classes(minimal_strategy):
    indicator = minimal_strategy.indicators.get()
    small = Area.objects.create(kind="municipality", code="998", name={"fi": "Pieni"})
    big = Area.objects.create(kind="municipality", code="997", name={"fi": "Iso"})
    Area.objects.create(kind="municipality", code="996", name={"fi": "Tyhjä"})
    rows = [
        ObservationRow(indicator.pk, small.pk, parse_period("2021"), Decimal("2500")),
        ObservationRow(indicator.pk, small.pk, parse_period("2022"), Decimal("3100")),  # latest
        ObservationRow(indicator.pk, big.pk, parse_period("2022"), Decimal("120000")),
    ]
    observations_upsert(rows=rows, source_kind="manual")
    out = run("--no-regions", "--population", indicator.code)
    assert "2 set, 0 unchanged" in out
    small.refresh_from_db()
    big.refresh_from_db()
    assert (small.size_class, small.population, big.size_class, big.population) == (
        3,
        3100,
        10,
        120000,
    )
    assert "0 set, 2 unchanged" in run("--no-regions", "--population", indicator.code)
    # The same series as jobs too: the jobs are stored for finding similar municipalities.
    run("--no-regions", "--population", indicator.code, "--jobs", indicator.code)
    small.refresh_from_db()
    assert small.jobs == 3100
    facts = {f.code: f for f in area_facts().values()}
    assert (facts["KU998"].population, facts["KU998"].jobs, facts["KU998"].size_class) == (
        3100.0,
        3100.0,
        "3",
    )


def test_mistakes_get_a_clear_message(tmp_path, minimal_strategy):
    with pytest.raises(
        CommandError, match="--population: no single indicator with the code 'nope'"
    ):
        run("--population", "nope")
    with pytest.raises(CommandError, match="--jobs needs --population"):
        run("--jobs", "nope")
    with pytest.raises(CommandError, match="list of regions: .*no recorded response"):
        run("--replay", str(tmp_path))
    assert not Area.objects.filter(kind="region").exists()
