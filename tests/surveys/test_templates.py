"""The survey templates: each loads against Heinola's strategy, binds the indicator it is
named for, in the indicator's unit, and is written in Finnish, Swedish and English."""

import json

import pytest
import yaml

from mittaristo.strategy import models as sm
from mittaristo.strategy.definition import read_definition
from mittaristo.strategy.definition.load import strategy_load
from mittaristo.surveys import models as m
from mittaristo.surveys.definition import (
    LIBRARY,
    load_survey,
    survey_load,
    survey_yaml,
    templates,
)
from mittaristo.surveys.definition.parse import SCHEMA_PATH

from ..conftest import DEFINITIONS, ROOT

# Each survey Heinola's strategy names, and the indicator its template binds (None: the
# strategy process's survey, which no indicator measures).
NAMED = {
    "asukkaan-hyvinvointikokemus": "asukkaan-hyvinvointikokemus",
    "asukaskokemuskysely": "asukaskokemuskysely",
    "paatoksenteon-itsearviointi": "paatoksenteon-itsearviointi",
    "tyotyytyvaisyys": "tyotyytyvaisyys",
    "esihenkiloarvioinnit": "esihenkiloarvioinnit",
    "henkilosto-ja-sidosryhmakysely": None,
}
RESIDENTS = ("asukkaan-hyvinvointikokemus", "asukaskokemuskysely")
STAFF = ("tyotyytyvaisyys", "esihenkiloarvioinnit", "henkilosto-ja-sidosryhmakysely")


@pytest.fixture
def heinola(db):
    return strategy_load(definition=read_definition(DEFINITIONS / "heinola-2030.yaml")).strategy


def test_there_is_a_template_for_each_survey_the_strategy_names():
    found = templates()
    assert sorted(t.code for t in found) == sorted(NAMED)
    assert all(t.path.parent == LIBRARY and t.path.stem == t.code for t in found)


def test_every_survey_indicator_of_heinola_has_a_template():
    data = yaml.safe_load((DEFINITIONS / "heinola-2030.yaml").read_text(encoding="utf-8"))
    surveyed = {x["code"] for x in data["indicators"] if x["frequency"] == "survey_round"}
    assert surveyed == {code for code in NAMED.values() if code}
    process = [e["name"]["fi"] for e in data["process"] if e.get("kind") == "survey"]
    assert process == ["Henkilöstö- ja sidosryhmäkysely"]


@pytest.mark.parametrize("code", sorted(NAMED))
def test_each_template_loads_and_binds_its_indicator(heinola, code):
    survey = load_survey(LIBRARY / f"{code}.yaml", organisation=heinola.organisation)
    bindings = list(m.Binding.objects.filter(question__section__survey=survey))
    if NAMED[code] is None:
        assert bindings == []
        return
    [binding] = bindings
    indicator = binding.indicator
    assert (indicator.strategy, indicator.code) == (heinola, NAMED[code])
    # The indicators are in points: the mean answer gives points; a share would give per cent.
    assert indicator.unit["fi"] == "pistettä"
    assert binding.rule == "mean"
    assert binding.question.required
    assert binding.question.kind in ("likert", "scale")


@pytest.mark.parametrize("code", sorted(NAMED))
def test_each_template_exports_and_loads_back_unchanged(heinola, code):
    survey = load_survey(LIBRARY / f"{code}.yaml", organisation=heinola.organisation)
    report = survey_load(survey_yaml(survey), organisation=heinola.organisation)
    assert report.lines() == [f"Survey {code} is unchanged."]


def texts(item, path=()):
    """(path, text) of every translated text in a template's data."""
    keys = {"name", "description", "title", "text", "help", "low", "high", "label"}
    if isinstance(item, dict):
        for key, value in item.items():
            if key in keys:
                yield (*path, key), value
            else:
                yield from texts(value, (*path, key))
    elif isinstance(item, list):
        for i, value in enumerate(item):
            yield from texts(value, (*path, i))


@pytest.mark.parametrize("code", sorted(NAMED))
def test_each_template_is_in_three_languages_and_says_it_is_a_template(code):
    data = yaml.safe_load((LIBRARY / f"{code}.yaml").read_text(encoding="utf-8"))
    for path, text in texts(data):
        assert isinstance(text, dict) and set(text) == {"fi", "sv", "en"}, path
        assert all(value.strip() for value in text.values()), path
    assert data["description"]["fi"].startswith("Mallipohja.")
    assert data["description"]["sv"].startswith("Mall.")
    assert data["description"]["en"].startswith("Template.")
    assert "MALLIPOHJA – MALL – TEMPLATE" in (LIBRARY / f"{code}.yaml").read_text("utf-8")


@pytest.mark.parametrize("code", sorted(NAMED))
def test_each_template_has_its_background_questions(code):
    data = yaml.safe_load((LIBRARY / f"{code}.yaml").read_text(encoding="utf-8"))
    background = {
        q["code"] for s in data["sections"] for q in s["questions"] if q.get("background")
    }
    if code in RESIDENTS:
        assert {"ikaryhma", "asuinalue"} <= background
    if code in STAFF:
        assert "toimiala" in background
    if code == "paatoksenteon-itsearviointi":
        assert background == {"rooli"}


def test_templates_load_for_another_organisation_with_the_same_indicators(heinola):
    """A template names indicators by code alone: it binds the loading organisation's
    strategy in force, whichever that is."""
    other = sm.Organisation.objects.create(code="998", name={"fi": "Toinen"})
    strategy = other.strategies.create(
        code="toinen-2030",
        name={"fi": "Toinen"},
        horizon_start=2024,
        horizon_end=2030,
        council_term_start=2021,
        council_term_end=2025,
    )
    strategy.indicators.create(
        code="tyotyytyvaisyys",
        name={"fi": "Työtyytyväisyys"},
        unit={"fi": "pistettä"},
        direction="higher",
        frequency="survey_round",
        source_kind="survey",
    )
    survey = load_survey(LIBRARY / "tyotyytyvaisyys.yaml", organisation=other)
    assert m.Binding.objects.get(question__section__survey=survey).indicator.strategy == strategy


def test_the_published_schema_is_the_loader_s():
    published = json.loads((ROOT / "docs" / "survey-schema.json").read_text(encoding="utf-8"))
    assert published == json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def test_the_example_of_the_docs_is_a_valid_file():
    """docs/surveys.md's example reads and passes the checks (its indicators are made up, so
    it is not loaded)."""
    from mittaristo.surveys.definition import check, parse_survey

    docs = (ROOT / "docs" / "surveys.md").read_text(encoding="utf-8")
    example = docs.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert check(parse_survey(example, "docs/surveys.md")) == []
