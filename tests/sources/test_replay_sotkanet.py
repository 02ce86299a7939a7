"""The replay folder rebuilds Sotkanet /json answers from the recorded 1990–2012 panel
(data/recorded/sotkanet), and `fetch --replay` stores them for every municipality."""

import csv
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from mittaristo.observations.models import Observation
from mittaristo.sources import sotkanet
from mittaristo.sources.http import loose_key
from mittaristo.sources.replay import bound_sotkanet_ids, build, panel_answers
from mittaristo.strategy.definition import read_definition
from mittaristo.strategy.definition.load import strategy_load

from ..conftest import DEFINITIONS

# Heinola's rows, read by hand from sotkanet/ouzor_sotkanet_2013_heinola_long.csv (the
# population of 2009 is the same in the recorded oskari/SotkaIndicatorData.json).
HEINOLA = {
    "tyottomyysaste": {
        "1991": "9.5",
        "1993": "21.0",
        "2008": "9.5",
        "2009": "14.6",
        "2011": "13.4",
    },
    "lainat-per-asukas": {"2000": "603", "2004": "1670", "2009": "2922", "2011": "2365"},
    "vakiluku": {"1990": "22255", "2001": "20958", "2009": "20374", "2012": "20051"},
}
YEARS = {
    "tyottomyysaste": 21,
    "lainat-per-asukas": 12,
    "vakiluku": 23,
}  # 1991–2011, 2000–11, 1990–2012
# Every municipality of 2013 (320) and every year the panel holds; for 127 also the recorded
# 2009 answer's 19 regions and the country (7,360 + 20; its sub-regions etc. are not kept).
CREATED = {"tyottomyysaste": 6642, "lainat-per-asukas": 3840, "vakiluku": 7380}
TITLES = {
    "tyottomyysaste": "[TYÖELÄMÄ] Työttömät, % työvoimasta",
    "lainat-per-asukas": "[TALOUS] Lainakanta, euroa / asukas",
    "vakiluku": "[YLEISET] Väestö 31.12.",
}


def test_the_panel_holds_every_component_of_heinolas_indices_for_every_municipality(
    recorded_data,
):
    components = {475, 2358, 493, 3219, 3099, 3195, 3181, 761, 178, 2328, 3177, 1280}
    answers = panel_answers(recorded_data / "sotkanet", components)
    assert set(answers) == components
    assert {len({r["region"] for r in rows}) for rows in answers.values()} == {320}


def test_the_replay_covers_the_sotkanet_ids_the_strategy_files_bind():
    # population, unemployment, loans, morbidity; and the composite indices' components
    components = {475, 2358, 493, 3219, 3099, 3195, 3181, 761, 178, 2328, 3177, 1280}
    assert bound_sotkanet_ids(DEFINITIONS) == {127, 181, 3180, 5641} | components


def test_panel_rows_become_json_rows_unchanged(recorded_data):
    answers = panel_answers(recorded_data / "sotkanet", {181, 3180, 5641})
    assert set(answers) == {181, 3180}  # 5641 (the current morbidity index) is not in the panel
    heinola = [r for r in answers[181] if r["region"] == 44]
    assert heinola[-1] == {
        "indicator": 181,
        "region": 44,
        "year": 2011,
        "gender": "total",
        "value": 13.4,
    }
    assert [r["year"] for r in heinola] == list(range(1991, 2012))
    assert len({r["region"] for r in answers[181]}) == 320
    parsed = sotkanet.parse_json(json.loads(json.dumps(answers[3180])))
    assert (parsed[0].indicator, parsed[0].gender) == (3180, "total")


@pytest.mark.django_db
def test_replay_stores_heinolas_context_series_and_a_rerun_changes_nothing(
    recorded_data, tmp_path, capsys, admin_client
):
    strategy_load(definition=read_definition(DEFINITIONS / "heinola-2030.yaml"))
    build(recorded_data, tmp_path)
    url = f"{sotkanet.BASE_URL}/json?indicator=181&genders=total"
    assert (tmp_path / f"{loose_key('GET', url)}.json").exists()
    for code in HEINOLA:
        call_command("fetch", replay=str(tmp_path), indicator=code)
    out = capsys.readouterr().out
    for code, created in CREATED.items():
        assert f"{code}: {created} created, 0 changed, 0 unchanged, 0 missing" in out

    stored = {
        code: dict(
            Observation.objects.current()
            .filter(indicator__bound__code=code, area__kind="municipality", area__code="111")
            .values_list("period", "value")
        )
        for code in HEINOLA
    }
    for code, expected in HEINOLA.items():
        assert len(stored[code]) == YEARS[code], code
        for year, value in expected.items():
            assert stored[code][year] == Decimal(value), (code, year)
    # And every Heinola row of the panel's Heinola file, unchanged.
    path = recorded_data / "sotkanet" / "ouzor_sotkanet_2013_heinola_long.csv"
    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["Muuttuja"] in TITLES.values()]
    assert len(rows) == sum(YEARS.values())
    codes = {title: code for code, title in TITLES.items()}
    for row in rows:
        assert stored[codes[row["Muuttuja"]]][row["Vuosi"]] == Decimal(row["Arvo"]), row

    # 2009 population: the panel's Kuopio (2013 area division; the recording has 106,526 with
    # Maaninka, merged 2015), the recording's country and region Päijät-Häme.
    population = Observation.objects.current().filter(
        indicator__bound__code="vakiluku", period="2009"
    )
    assert population.get(area__kind="municipality", area__code="297").value == 102656
    assert population.get(area__kind="country").value == 5351427
    assert population.get(area__kind="region", area__code="07").value == 201270

    # Heinola's indicator page shows the series, with its source's attribution.
    html = admin_client.get("/app/mittarit/tyottomyysaste/", HTTP_ACCEPT_LANGUAGE="en")
    html = html.content.decode()
    assert "13.4" in html and "2011" in html and "THL, Sotkanet.fi" in html

    for code in HEINOLA:
        call_command("fetch", replay=str(tmp_path), indicator=code)
    out = capsys.readouterr().out
    for code, created in CREATED.items():
        assert f"{code}: 0 created, 0 changed, {created} unchanged, 0 missing" in out
