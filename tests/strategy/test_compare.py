"""`compare:` of an indicator in the strategy file: how it is compared with peers."""

from pathlib import Path

import pytest

from mittaristo.strategy import models as m
from mittaristo.strategy.definition import DefinitionError, read_definition
from mittaristo.strategy.definition.load import strategy_load

from ..conftest import DEFINITIONS

MINIMAL = (Path(__file__).parent / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")
DIRECTION = "    direction: higher\n"

pytestmark = pytest.mark.django_db


def load(tmp_path, text):
    path = tmp_path / "strategia.yaml"
    path.write_text(text, encoding="utf-8")
    return strategy_load(definition=read_definition(path))


def test_compare_is_read_and_defaults_to_the_level(tmp_path):
    load(tmp_path, MINIMAL)
    assert m.Indicator.objects.get(code="mittari").compare == "level"
    report = load(tmp_path, MINIMAL.replace(DIRECTION, DIRECTION + "    compare: per_resident\n"))
    assert m.Indicator.objects.get(code="mittari").compare == "per_resident"
    assert "~ indicator mittari: compare level → per_resident" in report.changes
    load(tmp_path, MINIMAL)  # removed from the file: back to the default
    assert m.Indicator.objects.get(code="mittari").compare == "level"


def test_an_unknown_way_of_comparing_is_refused_with_its_line(tmp_path):
    path = tmp_path / "strategia.yaml"
    path.write_text(MINIMAL.replace(DIRECTION, DIRECTION + "    compare: per_job\n"), "utf-8")
    with pytest.raises(DefinitionError) as error:
        read_definition(path)
    assert "per_job" in str(error.value) and "compare" in str(error.value)


def test_heinola_compares_counts_per_resident_and_the_population_by_growth():
    strategy_load(definition=read_definition(DEFINITIONS / "heinola-2030.yaml"))
    compare = dict(m.Indicator.objects.values_list("code", "compare"))
    assert compare["tyopaikat"] == compare["yopymiset"] == "per_resident"
    assert compare["tyoikaisten-nettomuutto"] == compare["co2-paastot"] == "per_resident"
    assert compare["vaesto-65"] == "per_resident" and compare["vakiluku"] == "change"
    # Rates, shares, indices and figures already per resident: the level.
    for code in ["tyottomyysaste", "lainat-per-asukas", "konsernin-velat-per-asukas"]:
        assert compare[code] == "level"
    assert compare["sairastavuusindeksi"] == compare["vuosikate-investoinnit"] == "level"
