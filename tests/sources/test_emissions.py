"""SYKE emissions through the strategy file's mapping; HYTE through the import template.

The SYKE file here follows the shape of SYKE's published spreadsheet (a row per municipality,
year, method and sector); it is not a recording (see docs/data-sources.md).
"""

from decimal import Decimal

import pytest
from django.core.management import call_command

from mittaristo.core.models import Area
from mittaristo.observations.imports.service import import_observations
from mittaristo.observations.models import Observation
from mittaristo.sources.models import FetchRecord
from mittaristo.strategy.bindings import BindingError, read_binding
from mittaristo.strategy.definition import read_definition
from mittaristo.strategy.definition.load import strategy_load
from tests.conftest import DEFINITIONS, ROOT

FILE = """Kunta;Vuosi;Laskentatapa;Sektori;Päästöt (kt CO2-ekv.)
Heinola;2022;Hinku;Liikenne;40,5
Heinola;2022;Hinku;Lämmitys;30,25
Heinola;2022;Kaikki;Teollisuus;100
Heinola;2023;Hinku;Liikenne;38
Lahti;2022;Hinku;Liikenne;200
"""


@pytest.fixture
def heinola(db):
    strategy = strategy_load(definition=read_definition(DEFINITIONS / "heinola-2030.yaml")).strategy
    for code, name in (("111", "Heinola"), ("398", "Lahti")):
        Area.objects.get_or_create(kind="municipality", code=code, defaults={"name": {"fi": name}})
    return strategy


def values():
    return {
        (o.area.code, o.period): o.value
        for o in Observation.objects.current().filter(indicator__code="co2-paastot")
    }


def test_emissions_summed_over_sectors_of_the_hinku_method(heinola, tmp_path, capsys):
    path = tmp_path / "syke.csv"
    path.write_text(FILE, encoding="utf-8")
    call_command("import-emissions", str(path))
    assert "3 created, 0 changed, 0 unchanged" in capsys.readouterr().out
    # (40.5 + 30.25) kt = 70,750 t; the "Kaikki" row is another method and left out.
    assert values() == {
        ("111", "2022"): Decimal("70750"),
        ("111", "2023"): Decimal("38000"),
        ("398", "2022"): Decimal("200000"),
    }
    record = FetchRecord.objects.get()
    assert record.licence == "CC BY 4.0" and "SYKE" in record.attribution
    call_command("import-emissions", str(path))
    assert "0 created, 0 changed, 3 unchanged" in capsys.readouterr().out


@pytest.mark.parametrize(
    "line, message",
    [
        ("Heinola;2024;Hinku;Liikenne;paljon", "syke.csv row 7: not a number"),
        ("Atlantis;2024;Hinku;Liikenne;1", "unknown area 'Atlantis'"),
        ("Heinola;24;Hinku;Liikenne;1", "row 7: year '24' is not a year"),
    ],
)
def test_a_bad_row_stores_nothing(heinola, tmp_path, capsys, line, message):
    path = tmp_path / "syke.csv"
    path.write_text(FILE + line + "\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("import-emissions", str(path))
    err = capsys.readouterr().err
    assert message in err and "Nothing was stored." in err
    assert values() == {}


def test_mapping_without_a_value_column_is_refused():
    with pytest.raises(BindingError, match="'columns' lacks \\['value'\\]"):
        read_binding({"source": "syke", "columns": {"area": "Kunta", "year": "Vuosi"}})


def test_hyte_template_imports(heinola, tmp_path):
    """The documented HYTE template (its header) filled in as docs/data-sources.md says."""
    header = (ROOT / "docs" / "templates" / "hyte-kerroin.csv").read_text(encoding="utf-8")
    path = tmp_path / "hyte.csv"
    # Made-up coefficients for the test, not THL's figures.
    path.write_text(header + "hyte-kerroin;111;2023;62;;\nhyte-kerroin;Heinola;2024;65;;\n")
    report = import_observations(path=path, strategy=heinola)
    assert report.ok, report.problems
    assert report.created == 2
    stored = Observation.objects.current().filter(indicator__code="hyte-kerroin")
    assert {(o.area.code, o.period, o.value) for o in stored} == {
        ("111", "2023", Decimal("62")),
        ("111", "2024", Decimal("65")),
    }
