"""Every check of a survey file, each message with its file and line; all problems at once."""

from pathlib import Path

import pytest

from mittaristo.surveys import models as m
from mittaristo.surveys.definition import load_survey
from mittaristo.surveys.definition.parse import MAX_BYTES

from .file_fixtures import VALID, errors, replace

pytestmark = pytest.mark.django_db


def test_the_valid_file_loads(file_org):
    survey = load_survey(VALID, organisation=file_org)
    assert survey.code == "kysely"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "      - code: suosittelu",
            "      - code: tyytyvaisyys",
            "k.yaml:17: duplicate question code 'tyytyvaisyys' (first at line 8)",
        ),
        (
            "{code: autolla, label: Autolla}",
            "{code: kavellen, label: Autolla}",
            "k.yaml:27: duplicate choice code 'kavellen' (first at line 26)",
        ),
        (
            "        high: Kyllä\n",
            "        high: Kyllä\n        choices:\n          - {code: a, label: A}\n",
            "k.yaml:23: question 'suosittelu': only single and multiple choice questions have "
            "choices",
        ),
        (
            "          - {code: autolla, label: Autolla}\n",
            "",
            "k.yaml:26: question 'kulkutapa': a choice question needs at least two choices",
        ),
        (
            "        low: Ei\n",
            "",
            "k.yaml:18: question 'suosittelu': a Likert or 0–10 scale question needs 'low'",
        ),
        (
            "        max: 120\n",
            "        max: 120\n        high: Paljon\n",
            "k.yaml:46: question 'vuodet': only Likert and 0–10 scale questions have 'high'",
        ),
        (
            "        text: Vapaa sana\n",
            "        text: Vapaa sana\n        min: 1\n",
            "k.yaml:49: question 'palaute': only number questions have 'min'",
        ),
        (
            "        max: 120",
            "        max: -1",
            "k.yaml:45: question 'vuodet': 'max' is below 'min'",
        ),
        (
            "        kind: number\n",
            "        kind: number\n        background: true\n",
            "k.yaml:43: question 'vuodet': a background question must be a single choice question",
        ),
        (
            "        text: Vapaa sana\n",
            "        text: Vapaa sana\n        bindings: [{indicator: mittari, rule: mean}]\n",
            "k.yaml:49: question 'palaute': the rule mean needs a Likert, 0–10 scale or number "
            "question",
        ),
        (
            "            rule: mean",
            "            rule: nps",
            "k.yaml:16: question 'tyytyvaisyys': the rule nps needs a 0–10 scale question",
        ),
        (
            "            rule: mean",
            "            rule: share_of_choice\n            choice: x",
            "k.yaml:16: question 'tyytyvaisyys': the rule share_of_choice needs a choice question",
        ),
        (
            "            rule: mean",
            "            rule: share_at_least",
            "k.yaml:16: question 'tyytyvaisyys': the rule share_at_least needs a 'level'",
        ),
        (
            "            rule: mean",
            "            rule: share_at_least\n            level: 6",
            "k.yaml:17: question 'tyytyvaisyys': level 6 is outside the scale 1–5",
        ),
        (
            "            rule: mean",
            "            rule: mean\n            level: 4",
            "k.yaml:17: question 'tyytyvaisyys': only the rule share_at_least has a 'level'",
        ),
        (
            "            choice: kavellen",
            "            choice: pyoralla",
            "k.yaml:31: question 'kulkutapa' has no choice 'pyoralla'",
        ),
        (
            "            choice: kavellen\n",
            "",
            "k.yaml:30: question 'kulkutapa': the rule share_of_choice needs a 'choice'",
        ),
        (
            "            rule: mean",
            "            rule: mean\n            choice: kavellen",
            "k.yaml:17: question 'tyytyvaisyys': only the rule share_of_choice has a 'choice'",
        ),
        (
            "          - indicator: osuus",
            "          - indicator: tyytyvaisyys",
            "k.yaml:29: indicator 'tyytyvaisyys' is already bound at line 15: one question gives "
            "an indicator its value",
        ),
    ],
)
def test_each_rule_of_the_file_names_its_line(file_org, old, new, expected):
    assert errors(replace(VALID, old, new), file_org) == [expected]


def test_a_level_within_a_number_question_s_range(file_org):
    text = replace(
        VALID,
        "        max: 120\n",
        "        max: 120\n        bindings:\n"
        "          - {indicator: osuus, rule: share_at_least, level: 121}\n",
    )
    text = replace(text, "          - indicator: osuus", "          - indicator: testi-2030/osuus")
    assert errors(text, file_org) == [
        "k.yaml:47: question 'vuodet': level 121 is outside the scale 0–120",
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "          - indicator: tyytyvaisyys",
            "          - indicator: tyotyytyvaisyys",
            "k.yaml:15: unknown indicator 'tyotyytyvaisyys' in the strategy testi-2030",
        ),
        (
            "          - indicator: tyytyvaisyys",
            "          - indicator: muu-2030/tyytyvaisyys",
            "k.yaml:15: Testikunta (999) has no strategy 'muu-2030'",
        ),
        (
            "code: kysely\n",
            "code: kysely\nstrategy: muu-2030\n",
            "k.yaml:3: Testikunta (999) has no strategy 'muu-2030'",
        ),
        (
            "            rule: share_of_choice\n            choice: kavellen",
            "            rule: share_of_choice\n            choice: kavellen\n"
            "          - indicator: mittari\n            rule: share_of_choice\n"
            "            choice: autolla",
            "k.yaml:33: the rule share_of_choice gives a share in per cent, but the indicator "
            "'mittari' is measured in 'henkeä'",
        ),
        (
            "          - indicator: osuus",
            "          - indicator: testi-2030/tyytyvaisyys",
            "k.yaml:29: indicator 'testi-2030/tyytyvaisyys' is already bound at line 15: one "
            "question gives an indicator its value",
        ),
    ],
)
def test_a_bound_indicator_must_exist_once_in_a_unit_that_fits(file_org, old, new, expected):
    found = errors(replace(VALID, old, new), file_org)
    assert expected in found
    assert not m.Survey.objects.exists()


def test_an_organisation_without_a_strategy_has_no_indicators(file_org):
    from mittaristo.strategy.models import Organisation

    Organisation.objects.create(code="998", name={"fi": "Toinen"})
    other = Organisation.objects.get(code="998")
    assert errors(VALID, other) == [
        "k.yaml:15: Toinen (998) has no strategy, so the indicator 'tyytyvaisyys' cannot be found",
        "k.yaml:29: Toinen (998) has no strategy, so the indicator 'osuus' cannot be found",
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "        text: Vapaa sana",
            "        text: {sv: Fritt ord}",
            "k.yaml:48: sections.1.questions.2.text: should be a text, or texts by language "
            "with at least 'fi'",
        ),
        (
            "name: {fi: Kysely, sv: Enkät, en: Survey}",
            "name: {fi: '', en: Survey}",
            "k.yaml:3: name: should be a text, or texts by language with at least 'fi'",
        ),
        (
            "        kind: number",
            "        kind: numero",
            "k.yaml:42: sections.1.questions.1.kind: 'numero' is not one of: likert, scale, "
            "single, multiple, number, text",
        ),
        (
            "        required: true",
            "        required: true\n        pakollinen: true",
            "k.yaml:8: sections.0.questions.0: unknown field 'pakollinen'",
        ),
        (
            "code: kysely",
            "code: Kysely 1",
            "k.yaml:2: code: 'Kysely 1' has characters a code cannot have",
        ),
        (
            "  - title: Taustatiedot\n",
            "  - title: Tyhjä\n    questions: []\n  - title: Taustatiedot\n",
            "k.yaml:33: sections.1.questions: should have at least 1",
        ),
        (
            "schema_version: 1\n",
            "",
            "k.yaml:1: the file: required field 'schema_version' is missing",
        ),
    ],
)
def test_the_schema_names_the_line(file_org, old, new, expected):
    assert expected in errors(replace(VALID, old, new), file_org)


def test_every_problem_at_once_in_the_order_of_the_lines(file_org):
    text = replace(VALID, "      - code: suosittelu", "      - code: tyytyvaisyys")
    text = replace(text, "          - indicator: osuus", "          - indicator: ei-ole")
    text = replace(text, "        max: 120", "        max: -1")
    assert errors(text, file_org) == [
        "k.yaml:17: duplicate question code 'tyytyvaisyys' (first at line 8)",
        "k.yaml:45: question 'vuodet': 'max' is below 'min'",
    ]  # the indicators are looked up once the file itself is right
    text = replace(VALID, "          - indicator: osuus", "          - indicator: ei-ole")
    text = replace(text, "          - indicator: tyytyvaisyys", "          - indicator: eika-tama")
    assert errors(text, file_org) == [
        "k.yaml:15: unknown indicator 'eika-tama' in the strategy testi-2030",
        "k.yaml:29: unknown indicator 'ei-ole' in the strategy testi-2030",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "k.yaml:1: the file is empty"),
        (
            "code: [kysely\n",
            "k.yaml:2: not valid YAML: expected ',' or ']', but got '<stream end>'",
        ),
        ("- kysely\n", "k.yaml:1: the file must be a mapping of fields"),
        (
            "schema_version: 1\ncode: &a kysely\nname: *a\nsections: []\n",
            "k.yaml:3: YAML aliases (*a) are not allowed",
        ),
        ("x" * (MAX_BYTES + 1), "k.yaml: the file is larger than 128 kB"),
        ("[" * 30, "k.yaml:1: the file is nested too deeply"),
        ("[" * 5000, "k.yaml:1: not valid YAML: exceeded maximum nesting depth"),
        ("a:\n" + "- " * 30 + "x\n", "k.yaml:2: the file is nested too deeply"),
    ],
)
def test_a_hostile_or_broken_file_is_refused_before_it_is_built(file_org, text, expected):
    assert errors(text, file_org) == [expected]


def test_a_file_by_path_is_named_by_its_path(file_org, tmp_path):
    path = tmp_path / "oma.yaml"
    path.write_text(replace(VALID, "        max: 120", "        max: -1"), encoding="utf-8")
    with pytest.raises(Exception) as caught:
        load_survey(path, organisation=file_org)
    assert caught.value.errors == [f"{path}:45: question 'vuodet': 'max' is below 'min'"]
    with pytest.raises(Exception) as caught:
        load_survey(Path(tmp_path / "ei-ole.yaml"), organisation=file_org)
    assert caught.value.errors == [f"{tmp_path / 'ei-ole.yaml'}: file not found"]
