"""The `index:` block of a composite index in the strategy file: checked with the line of each
problem, loaded onto the indicator, written back by export, and seen when changed in the app."""

from pathlib import Path

import pytest

from mittaristo.strategy import models as m
from mittaristo.strategy.definition import read_definition
from mittaristo.strategy.definition.load import strategy_load

from .test_check_strategy import check, line_of
from .test_file_sync import export_and_reload, load_command, write

MINIMAL = (Path(__file__).parent / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")

INDEX = """
  - code: toinen
    name: Toinen
    direction: lower
    frequency: yearly
    source_kind: official_statistics
  - code: indeksi
    name: Indeksi
    direction: higher
    frequency: yearly
    source_kind: composite_index
    index:
      reference: municipality
      normalisation: {method: minmax, low: 0, high: 100}
      aggregation: arithmetic
      treatment: {method: winsorise, percentiles: [5, 95]}
      missing: {method: reweight, min_coverage: 0.5, carry_forward: 2}
      components:
        - code: ryhma
          weight: 2
          components:
            - {indicator: mittari, direction: higher, weight: 1.5}
        - indicator: toinen
          direction: lower
          weight: 1
"""


def with_index(text=INDEX):
    return MINIMAL.replace("indicators:\n", "indicators:" + text, 1)


@pytest.mark.django_db
def test_the_block_is_stored_on_the_indicator_and_written_back(tmp_path, capsys):
    strategy_load(definition=read_definition(write(tmp_path, with_index())))
    index = m.Indicator.objects.get(code="indeksi").index
    assert index["missing"] == {"method": "reweight", "min_coverage": 0.5, "carry_forward": 2}
    assert index["components"][0]["components"][0] == {
        "indicator": "mittari",
        "direction": "higher",
        "weight": 1.5,
    }
    assert index["treatment"]["percentiles"] == [5, 95]
    assert m.Indicator.objects.get(code="mittari").index == {}
    out = export_and_reload(tmp_path, capsys)
    text = out.read_text(encoding="utf-8")
    # as a person writes it: how, then what of; a group's code before its components
    assert "    index:\n      reference: municipality\n      normalisation:" in text
    assert "method: winsorise\n        percentiles: [5, 95]" in text
    assert "- code: ryhma\n          weight: 2\n          components:" in text


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        (
            "{method: minmax, low: 0, high: 100}",
            "{method: minmax, low: 100, high: 0}",
            "      normalisation:",
            "index: normalisation: high must be above low",
        ),
        (
            "aggregation: arithmetic",
            "aggregation: geometric",
            "      aggregation:",
            "index: aggregation: a geometric mean needs scores above zero",
        ),
        (
            "min_coverage: 0.5",
            "min_coverage: 1.5",
            "      missing:",
            "index: missing.min_coverage: a share from 0 to 1",
        ),
        (
            "- {indicator: mittari, direction: higher, weight: 1.5}",
            "- {indicator: puuttuva, direction: higher, weight: 1.5}",
            "indicator: puuttuva",
            "index: unknown indicator 'puuttuva'",
        ),
        (
            "        - indicator: toinen\n",
            "        - indicator: mittari\n",
            "        - indicator: mittari",
            "index: components[1].indicator: mittari appears twice",
        ),
        (
            "          direction: lower\n          weight: 1\n",
            "          direction: lower\n          weight: 1\n          goalposts: [3, 1]\n",
            "          goalposts: [3, 1]",
            "index: components[1].goalposts: [low, high], low below high",
        ),
        (
            "          weight: 1\n",
            "          weight: 0\n",
            "          weight: 0",
            "out of range",  # the schema's: a weight above zero
        ),
        (
            "      reference: municipality",
            "      reference: planet",
            "      reference: planet",
            "'planet' is not one of",
        ),
    ],
)
def test_each_problem_of_the_block_is_on_its_line(tmp_path, capsys, old, new, where, message):
    text = with_index(INDEX.replace(old, new, 1))
    assert text != with_index()
    code, _out, err, path = check(tmp_path, text, capsys)
    assert code == 1
    assert f"{path}:{line_of(text, where)}: " in err, err
    assert message in err, err


def test_only_a_composite_index_has_an_index(tmp_path, capsys):
    text = with_index(INDEX.replace("source_kind: composite_index", "source_kind: calculation"))
    code, _out, err, path = check(tmp_path, text, capsys)
    assert code == 1
    # on the block's first line
    assert f"{path}:{line_of(text, '    index:') + 1}: index: only a composite index" in err


LOOP = """
  - code: toinen
    name: Toinen
    direction: higher
    frequency: yearly
    source_kind: composite_index
    index:
      components: [{indicator: indeksi, direction: higher, weight: 1}]
  - code: indeksi
    name: Indeksi
    direction: higher
    frequency: yearly
    source_kind: composite_index
    index:
      components:
        - {indicator: mittari, direction: higher, weight: 1}
        - {indicator: toinen, direction: higher, weight: 1}
"""


def test_an_index_cannot_be_a_component_of_itself(tmp_path, capsys):
    text = with_index(LOOP)
    code, _out, err, path = check(tmp_path, text, capsys)
    assert code == 1
    first = line_of(text, "    index:") + 1
    assert f"{path}:{first}: index: the index toinen is a component of itself" in err
    assert "toinen → indeksi → toinen" in err
    # an index of other indices, without a loop, is fine
    fine = with_index(LOOP.replace("[{indicator: indeksi,", "[{indicator: mittari,"))
    assert check(tmp_path, fine, capsys)[0] == 0


def test_a_composite_index_without_a_block_is_valid(tmp_path):
    text = with_index(INDEX.split("    index:")[0])
    read_definition(write(tmp_path, text))  # no DefinitionError


@pytest.mark.django_db
def test_a_change_in_the_app_is_seen_by_the_next_load(tmp_path):
    path = write(tmp_path, with_index())
    strategy_load(definition=read_definition(path))
    indicator = m.Indicator.objects.get(code="indeksi")
    indicator.index = {**indicator.index, "aggregation": "geometric"}
    indicator.index["normalisation"] = {"method": "minmax", "low": 1, "high": 100}
    indicator.save()
    code, _out, err = load_command(path)
    assert code == 1
    assert "indicator indeksi, index: in the app" in err
    assert 'in the app "aggregation: geometric' in err


@pytest.mark.django_db
def test_the_change_log_shows_an_app_change_key_by_key(tmp_path, django_user_model):
    import datetime as dt

    from mittaristo.strategy.changelog import change_log
    from mittaristo.strategy.index_edit import index_change, index_text
    from mittaristo.strategy.services import Decision

    strategy = strategy_load(definition=read_definition(write(tmp_path, with_index()))).strategy
    indicator = m.Indicator.objects.get(code="indeksi")
    text = index_text(indicator).replace("weight: 1.5}", "weight: 2.5}")
    decision = Decision(dt.date(2025, 3, 12), "Painot", "Kv 12.3.2025 § 18")
    index_change(indicator=indicator, text=text, decision=decision, user=None)
    log = repr(change_log(strategy, indicator=indicator).groups)
    assert "index definition components[0].components[0].weight" in log
    assert "'1.5'" in log and "'2.5'" in log
