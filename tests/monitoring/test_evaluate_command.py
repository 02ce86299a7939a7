"""mittaristo evaluate: the table, the JSON, and clear messages for mistakes."""

import csv
import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .test_evaluate import store

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("evaluate", *args, stdout=out)
    return out.getvalue()


def test_table_lists_aims_goals_and_indicators(minimal_strategy):
    store(minimal_strategy, {"2022": "6030", "2023": "6060"})
    table = run("--strategy", "testi-2030", "--area", "999")
    lines = table.splitlines()
    assert lines[0].startswith("testi-2030 · KU999")
    assert lines[1].split() == ["P1", "on_track"]
    assert lines[2].split() == ["T1", "on_track"]
    assert lines[3].split()[:2] == ["mittari", "on_track"]
    assert "+0.5 % a year" in lines[3]
    assert lines[4].split() == ["T2", "no_data"]


def test_json_as_of_a_date(minimal_strategy):
    """--format json prints the evaluation record (docs/evaluation-record.schema.json)."""
    store(minimal_strategy, {"2022": "6030", "2023": "6060"})
    data = json.loads(run("--strategy", "testi-2030", "--as-of", "1.1.2000", "--format", "json"))
    assert data["version"] == 5 and data["as_of"] == "2000-01-01"
    assert data["aims"][0]["goals"][0]["indicators"] == ["mittari"]
    indicator = data["indicators"]["mittari"]
    assert indicator["status"] == "no_data" and indicator["values"] == []
    data = json.loads(run("--strategy", "testi-2030", "--format", "json"))
    indicator = data["indicators"]["mittari"]
    assert indicator["values"][-1]["period"] == "2023"
    assert indicator["values"][-1]["value"] == "6060"
    assert indicator["target"]["value"] == "6200" and indicator["target"]["year"] == 2030
    assert indicator["ratio"] == pytest.approx(1.36647, abs=1e-5)
    assert indicator["measure"] == "growth_rate"
    # 2024 is due 31.12.2024 + 270 days = 27.9.2025; with a calendar entry 16.2.(2024 + 2).
    assert indicator["due"] == "2025-09-27"
    assert indicator["due_basis"]["en"] == (
        "estimated from the frequency: 270 days after the period ends"
    )
    mittari = minimal_strategy.indicators.get()
    mittari.binding = {
        "source": "statfin",
        "table": "115k.px",
        "contents": ["tyolliset3"],
        "release": {"day": 16, "month": 2, "years_after": 2},
    }
    mittari.save()
    data = json.loads(run("--strategy", "testi-2030", "--format", "json"))
    indicator = data["indicators"]["mittari"]
    assert indicator["due"] == "2026-02-16"
    assert indicator["due_basis"]["en"] == "published by Statistics Finland around February 16"
    assert indicator["due_basis"]["fi"].startswith("Tilastokeskus julkaisee")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--strategy", "nope"], "no strategy 'nope' (there are: testi-2030)"),
        (["--strategy", "testi-2030", "--area", "KU404"], "no area 'KU404'"),
        (["--strategy", "testi-2030", "--as-of", "eilen"], "'eilen' is not a date"),
    ],
)
def test_mistakes_get_a_clear_message(minimal_strategy, args, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        run(*args)


def test_all_areas_gives_each_areas_trend(minimal_strategy):
    """Hand-computed: base year 2021 (horizon 2022 − 1), no target for the other areas.

    Own area (KU999): 100 → 104.04 in 2021–2023: P = (1.0404)^(1/2) − 1 = 2.0 %/yr → improving.
    KU998: 100 → 99: P = 0.99^(1/2) − 1 = −0.5013 %/yr → worsening.
    """
    from decimal import Decimal

    from mittaristo.core.models import Area
    from mittaristo.core.periods import parse_period
    from mittaristo.observations.services import ObservationRow, observations_upsert

    store(minimal_strategy, {"2021": "100", "2022": "102", "2023": "104.04"})
    other = Area.objects.create(kind=Area.Kind.MUNICIPALITY, code="998", name={"fi": "Toinen"})
    indicator = minimal_strategy.indicators.get(code="mittari")
    observations_upsert(
        rows=[
            ObservationRow(indicator.pk, other.pk, parse_period(year), Decimal(value))
            for year, value in {"2021": "100", "2023": "99"}.items()
        ],
        source_kind="manual",
    )
    rows = list(csv.DictReader(io.StringIO(run("--strategy", "testi-2030", "--all-areas"))))
    assert [(r["indicator"], r["area"]) for r in rows] == [
        ("mittari", "KU998"),
        ("mittari", "KU999"),
    ]
    other_row, own = rows
    assert (own["status"], own["base_year"], own["latest_year"]) == ("improving", "2021", "2023")
    assert float(own["ratio"]) == pytest.approx(0.02, abs=1e-9)
    assert float(own["latest_value"]) == pytest.approx(104.04)
    assert float(own["slope"]) == pytest.approx(2.02)  # Theil–Sen: median of 2, 2.04, 2.02
    assert other_row["status"] == "worsening" and other_row["area_name"] == "Toinen"
    assert float(other_row["ratio"]) == pytest.approx(0.99**0.5 - 1, abs=1e-9)
    data = json.loads(run("--strategy", "testi-2030", "--all-areas", "--format", "json"))
    assert [r["status"] for r in data] == ["worsening", "improving"]
    assert run("--strategy", "testi-2030", "--all-areas", "--as-of", "1.1.2000") == (
        "indicator,area,area_name,base_year,latest_year,latest_value,"
        "status,method,ratio,slope,slope_low,slope_high,trend_p\n"
    )


def test_all_areas_and_one_area_do_not_mix(minimal_strategy):
    with pytest.raises(CommandError, match="either --area or --all-areas"):
        run("--strategy", "testi-2030", "--all-areas", "--area", "999")
    with pytest.raises(CommandError, match="--format csv is for --all-areas"):
        run("--strategy", "testi-2030", "--format", "csv")
