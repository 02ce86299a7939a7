"""Storing a composite index: every year and area of its reference set as the index's values,
with the definition's version, history kept, example and provisional inputs carried over."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from mittaristo.core.models import Area
from mittaristo.core.periods import parse_period
from mittaristo.monitoring.indices import definition_version, index_values_store
from mittaristo.observations.models import Observation
from mittaristo.observations.services import ObservationRow, observations_upsert

from .test_index_inputs import _copy

pytestmark = pytest.mark.django_db

DEFINITION = {
    "normalisation": {"method": "minmax", "low": 0, "high": 100},
    "missing": {"method": "reweight", "min_coverage": 0.5, "carry_forward": 1},
    "components": [
        {"indicator": "mittari", "direction": "higher", "weight": 1},
        {"indicator": "toinen", "direction": "lower", "weight": 1},
    ],
}


@pytest.fixture
def index(minimal_strategy):
    """An index of `mittari` (higher) and `toinen` (lower) in three municipalities:

    2020  mittari  KU999 1, KU998 3, KU997 2     toinen  KU999 10, KU998 20, KU997 40
    2021  mittari  KU999 4, KU998 2              toinen  (none: carried from 2020)
    """
    a = minimal_strategy.indicators.get()
    b = _copy(a, "toinen", direction="lower")
    index = _copy(a, "indeksi", source_kind="composite_index", index=DEFINITION)
    areas = {
        "999": minimal_strategy.organisation.get_or_create_area(),
        "998": Area.objects.create(kind="municipality", code="998", name={"fi": "Toinen"}),
        "997": Area.objects.create(kind="municipality", code="997", name={"fi": "Kolmas"}),
    }
    values = [
        (a, "999", "2020", "1"),
        (a, "998", "2020", "3"),
        (a, "997", "2020", "2"),
        (b, "999", "2020", "10"),
        (b, "998", "2020", "20"),
        (b, "997", "2020", "40"),
        (a, "999", "2021", "4"),
        (a, "998", "2021", "2"),
    ]
    rows = [
        ObservationRow(i.pk, areas[area].pk, parse_period(year), Decimal(value))
        for i, area, year, value in values
    ]
    observations_upsert(rows=rows, source_kind="manual")
    return index


def stored(index) -> dict:
    return {
        (o.area.code, o.period): o.value
        for o in Observation.objects.current().filter(indicator=index).select_related("area")
    }


def test_every_year_and_area_is_stored_with_the_definitions_version(index):
    report = index_values_store(indicator=index)
    assert (report.created, report.changed, report.unchanged) == (5, 0, 0)
    # 2020: mittari scores (x − 1) / (3 − 1) × 100: 0, 100, 50; toinen, lower, (40 − x) / 30
    # × 100: 100, 66.67, 0; the index their mean: 50, 83.33, 25. 2021: mittari 100 and 0,
    # toinen carried from 2020 (10 and 20 → 100 and 0): 100 and 0.
    assert stored(index) == {
        ("999", "2020"): Decimal("50.00"),
        ("998", "2020"): Decimal("83.33"),
        ("997", "2020"): Decimal("25.00"),
        ("999", "2021"): Decimal("100.00"),
        ("998", "2021"): Decimal("0.00"),
    }
    version = definition_version(DEFINITION)
    row = Observation.objects.current().get(indicator=index, area__code="998", period="2020")
    assert row.source_kind == Observation.SourceKind.INDEX
    assert row.source_ref == f"index definition {version}"
    assert version in row.note
    assert (row.status, row.is_example) == (Observation.Status.FINAL, False)


def test_storing_again_changes_nothing(index):
    index_values_store(indicator=index)
    report = index_values_store(indicator=index)
    assert (report.created, report.changed, report.unchanged, report.removed) == (0, 0, 5, 0)


def test_a_changed_definition_supersedes_and_keeps_the_old_values(index):
    index_values_store(indicator=index)
    old = definition_version(index.index)
    index.index = {**DEFINITION, "components": [{**DEFINITION["components"][0], "weight": 3}]}
    index.index["components"].append(DEFINITION["components"][1])
    index.save()
    report = index_values_store(indicator=index)
    # Every value names the new definition, the unchanged 2021 ones too.
    assert (report.created, report.changed, report.unchanged) == (0, 5, 0)
    # 2020, mittari weighing 3 of 4: KU999 (0 × 3 + 100) / 4 = 25, KU998 (300 + 66.67) / 4 =
    # 91.67, KU997 (150 + 0) / 4 = 37.5
    assert stored(index)[("998", "2020")] == Decimal("91.67")
    assert stored(index)[("997", "2020")] == Decimal("37.50")
    area = Area.objects.get(kind="municipality", code="998")
    versions = list(Observation.objects.versions(index, area, "2020"))
    assert [v.value for v in versions] == [Decimal("91.67"), Decimal("83.33")]
    assert versions[0].source_ref == f"index definition {definition_version(index.index)}"
    assert versions[1].source_ref == f"index definition {old}"
    assert versions[1].superseded_at is not None


def test_an_example_or_provisional_input_marks_the_values_it_moves(index, minimal_strategy):
    toinen = minimal_strategy.indicators.get(code="toinen")
    area = Area.objects.get(kind="municipality", code="998")
    # KU998's toinen of 2020 becomes example data; KU997's mittari of 2020 provisional.
    observations_upsert(
        rows=[ObservationRow(toinen.pk, area.pk, parse_period("2020"), Decimal("21"))],
        source_kind="manual",
    )
    Observation.objects.current().filter(indicator=toinen, area=area).update(is_example=True)
    mittari = minimal_strategy.indicators.get(code="mittari")
    observations_upsert(
        rows=[
            ObservationRow(
                mittari.pk,
                Area.objects.get(kind="municipality", code="997").pk,
                parse_period("2020"),
                Decimal("2"),
                status=Observation.Status.PROVISIONAL,
            )
        ],
        source_kind="manual",
    )
    index_values_store(indicator=index)
    rows = {
        (o.area.code, o.period): (o.is_example, o.status)
        for o in Observation.objects.current().filter(indicator=index).select_related("area")
    }
    final, provisional = Observation.Status.FINAL, Observation.Status.PROVISIONAL
    # 2020: every area's score reads every area's values (min–max), so every one is marked.
    # 2021: KU998's example value of 2020 is carried forward into 2021: example, but the
    # provisional value of KU997 is not used in 2021 (KU997 has no values that year).
    assert rows == {
        ("999", "2020"): (True, provisional),
        ("998", "2020"): (True, provisional),
        ("997", "2020"): (True, provisional),
        ("999", "2021"): (True, final),
        ("998", "2021"): (True, final),
    }


def test_too_few_components_give_no_value_and_take_back_an_old_one(index):
    index_values_store(indicator=index)
    # Without carrying forward, 2021 has mittari alone: half of the weight, below 0.6.
    index.index = {**DEFINITION, "missing": {"method": "reweight", "min_coverage": 0.6}}
    index.save()
    report = index_values_store(indicator=index)
    assert report.removed == 2
    assert set(stored(index)) == {("999", "2020"), ("998", "2020"), ("997", "2020")}
    deleted = Observation.objects.filter(indicator=index, period="2021", superseded_at=None)
    assert [o.is_deletion for o in deleted] == [True, True]
    # With 0.5, mittari alone is enough: 2021 is scored from it (KU999 100, KU998 0).
    index.index = {**DEFINITION, "missing": {"method": "reweight", "min_coverage": 0.5}}
    index.save()
    index_values_store(indicator=index)
    assert stored(index)[("999", "2021")] == Decimal("100.00")


def test_the_command_prints_what_it_stored(index):
    out = StringIO()
    call_command("compute-indices", "--strategy", "testi-2030", stdout=out)
    version = definition_version(DEFINITION)
    assert out.getvalue() == (
        f"testi-2030/indeksi (definition {version}): 5 created, 0 changed, 0 unchanged, "
        "0 removed.\n"
    )
    out = StringIO()
    call_command("compute-indices", "--indicator", "indeksi", stdout=out)
    assert "0 created, 0 changed, 5 unchanged" in out.getvalue()


def test_loading_a_changed_definition_computes_the_index_again(index, tmp_path):
    from mittaristo.strategy.definition import read_definition
    from mittaristo.strategy.definition.export import strategy_yaml
    from mittaristo.strategy.definition.load import strategy_load

    index_values_store(indicator=index)
    # The strategy as a file (the index made in the test is in it), loaded once as it is.
    path = tmp_path / "strategia.yaml"
    path.write_text(strategy_yaml(index.strategy), encoding="utf-8")
    strategy_load(definition=read_definition(path), overwrite_app_changes=True)
    text = path.read_text(encoding="utf-8")
    changed = text.replace(
        "- {indicator: mittari, direction: higher, weight: 1}",
        "- {indicator: mittari, direction: higher, weight: 3}",
    )
    assert changed != text
    path.write_text(changed, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("load-strategy", str(path), stdout=out, stderr=err)
    assert "~ indicator indeksi: index" in out.getvalue()
    assert "testi-2030/indeksi (definition" in out.getvalue()
    assert "0 created, 5 changed, 0 unchanged" in out.getvalue()
    assert stored(index)[("998", "2020")] == Decimal("91.67")  # as computed by hand above
