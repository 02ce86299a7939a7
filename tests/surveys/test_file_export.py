"""Writing a stored survey back as a file: loading what was written changes nothing."""

import pytest
import yaml

from mittaristo.surveys import models as m
from mittaristo.surveys.definition import load_survey, survey_export, survey_load, survey_yaml

from .file_fixtures import VALID, replace
from .test_file_load import rows

pytestmark = pytest.mark.django_db


def test_an_exported_file_loads_back_with_no_change(file_org):
    survey = load_survey(VALID, organisation=file_org)
    text = survey_yaml(survey)
    assert text.startswith("# kysely, written by `mittaristo export-survey` on ")
    before = rows()
    assert survey_load(text, organisation=file_org).lines() == ["Survey kysely is unchanged."]
    assert rows() == before
    assert survey_yaml(survey) == text


def test_the_export_says_what_the_file_said(file_org):
    """The same data as the file, written as a person writes it: the strategy named once."""
    survey = load_survey(VALID, organisation=file_org)
    written = yaml.safe_load(VALID)
    written["strategy"] = "testi-2030"
    exported = yaml.safe_load(survey_yaml(survey))
    assert exported == {
        "schema_version": 1,
        "code": "kysely",
        "strategy": "testi-2030",
        "name": written["name"],
        "description": written["description"],
        "sections": written["sections"],
    }


def test_an_example_survey_says_so_and_its_edits_in_the_app_come_back(file_org):
    survey = load_survey(
        replace(VALID, "description:", "example: true\ndescription:"), organisation=file_org
    )
    assert survey.is_example
    question = m.Question.objects.get(code="vuodet")
    question.text = {"fi": "Kuinka monta vuotta?", "sv": "Hur många år?"}
    question.maximum = "99.5"
    question.save()
    data = survey_export(survey)
    assert data["example"] is True
    exported = data["sections"][1]["questions"][1]
    assert exported["text"] == {"fi": "Kuinka monta vuotta?", "sv": "Hur många år?"}
    text = survey_yaml(survey)
    assert "max: 99.5\n" in text
    assert survey_load(text, organisation=file_org).lines() == ["Survey kysely is unchanged."]


def test_bindings_in_several_strategies_name_their_strategy(file_org):
    strategy = file_org.strategies.get()
    other = file_org.strategies.create(
        code="vanha-2025",
        name={"fi": "Vanha"},
        horizon_start=2018,
        horizon_end=2025,
        council_term_start=2017,
        council_term_end=2021,
    )
    other.indicators.create(
        code="osuus",
        name={"fi": "Vanha osuus"},
        unit={"fi": "%"},
        direction="higher",
        frequency="survey_round",
        source_kind="survey",
    )
    text = replace(VALID, "          - indicator: osuus", "          - indicator: vanha-2025/osuus")
    survey = load_survey(text, organisation=file_org)
    binding = m.Binding.objects.get(question__code="kulkutapa")
    assert binding.indicator.strategy == other
    exported = survey_export(survey)
    assert "strategy" not in exported
    bound = [
        b["indicator"]
        for s in exported["sections"]
        for q in s["questions"]
        for b in q.get("bindings", [])
    ]
    assert bound == [f"{strategy.code}/tyytyvaisyys", "vanha-2025/osuus"]
    assert survey_load(survey_yaml(survey), organisation=file_org).lines() == [
        "Survey kysely is unchanged."
    ]
