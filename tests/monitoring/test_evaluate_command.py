"""mittaristo evaluate: the table, the JSON, and clear messages for mistakes."""

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
    store(minimal_strategy, {"2022": "6030", "2023": "6060"})
    data = json.loads(run("--strategy", "testi-2030", "--as-of", "1.1.2000", "--format", "json"))
    assert data["as_of"] == "2000-01-01"
    (indicator,) = data["aims"][0]["goals"][0]["indicators"]
    assert indicator["status"] == "no_data" and indicator["latest_value"] is None
    data = json.loads(run("--strategy", "testi-2030", "--format", "json"))
    (indicator,) = data["aims"][0]["goals"][0]["indicators"]
    assert indicator["latest_period"] == "2023" and indicator["latest_value"] == "6060"
    assert indicator["target"] == "6200" and indicator["target_year"] == 2030
    assert indicator["ratio"] == pytest.approx(1.36647, abs=1e-5)
    # 2024 is due 31.12.2024 + 270 days = 27.9.2025; with a calendar entry 16.2.(2024 + 2).
    assert indicator["next_due"] == "2025-09-27"
    assert indicator["next_due_basis"] == (
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
    (indicator,) = data["aims"][0]["goals"][0]["indicators"]
    assert indicator["next_due"] == "2026-02-16"
    assert indicator["next_due_basis"] == "published by Statistics Finland around February 16"


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
