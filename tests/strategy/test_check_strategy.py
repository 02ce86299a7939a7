"""`mittaristo check-strategy`: every kind of error names the file and line, and exits 1."""

from pathlib import Path

import pytest
from django.core.management import call_command

MINIMAL = (Path(__file__).parent / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")


def check(tmp_path, text, capsys):
    path = tmp_path / "strategia.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        call_command("check-strategy", str(path))
    except SystemExit as exit:
        code = exit.code
    else:
        code = 0
    out = capsys.readouterr()
    return code, out.out, out.err, str(path)


def line_of(text, needle, occurrence=1):
    """The 1-based line where `needle` occurs (the n-th time) in `text`."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in text")


def test_the_minimal_file_is_valid(tmp_path, capsys):
    code, out, err, _path = check(tmp_path, MINIMAL, capsys)
    assert (code, err) == (0, "")
    assert (
        "values: 1, change factors: 1, aims: 1, goals: 2, indicators: 1, targets: 1, plans: 2"
        in out
    )


# (name, replace this, with this, the line the error is on (a text on it), what the message says)
BROKEN = [
    (
        "duplicate goal code",
        "      - code: T2\n",
        "      - code: T1\n",
        "      - code: T1\n        name: Toinen",
        "duplicate goal code 'T1'",
    ),
    (
        "duplicate indicator code",
        "change_factors:\n",
        "  - code: mittari\n    name: Kaksoiskappale\n    direction: lower\n"
        "    frequency: yearly\n    source_kind: survey\nchange_factors:\n",
        "  - code: mittari\n    name: Kaksoiskappale",
        "duplicate indicator code 'mittari' (first at line 31)",
    ),
    (
        "goal names an unknown indicator",
        "indicators: [mittari]\n      - code: T2",
        "indicators: [mittari, tuntematon]\n      - code: T2",
        "indicators: [mittari, tuntematon]",
        "unknown indicator 'tuntematon'",
    ),
    (
        "change factor names an unknown goal",
        "    goals: [T1]\n",
        "    goals: [T9]\n",
        "goals: [T9]",
        "unknown goal 'T9'",
    ),
    (
        "target for an unknown indicator",
        "  - indicator: mittari\n",
        "  - indicator: mitari\n",
        "indicator: mitari",
        "unknown indicator 'mitari'",
    ),
    (
        "plan goal serves an unknown goal",
        "        serves: T1\n        indicator",
        "        serves: T7\n        indicator",
        "serves: T7",
        "unknown goal 'T7'",
    ),
    (
        "target year outside the horizon",
        "    year: 2030\n",
        "    year: 2035\n",
        "year: 2035",
        "year 2035 is outside the strategy's horizon 2022–2030",
    ),
    (
        "milestone outside the horizon",
        "{year: 2026, value: 6100}",
        "{year: 2019, value: 6100}",
        "{year: 2019, value: 6100}",
        "year 2019 is outside the strategy's horizon",
    ),
    (
        "missing required field",
        "    direction: higher\n",
        "",
        "  - code: mittari\n    name: Mittari",
        "required field 'direction' is missing",
    ),
    (
        "cascade loop between plans",
        "    kind: budget\n",
        "    kind: budget\n    parent: kays-2024\n",
        "parent: kays-2024",
        "the cascade loops",
    ),
    (
        "malformed date",
        "    date: 2022-05-16\n",
        "    date: 16/05/2022\n",
        "date: 16/05/2022",
        "'16/05/2022' is not a date",
    ),
    (
        "impossible date",
        "    date: 7.3.2022\n",
        "    date: 30.2.2022\n",
        "date: 30.2.2022",
        "'30.2.2022' is not a real date",
    ),
    (
        "unknown field",
        "    unit: {fi: henkeä, en: persons}\n",
        "    unit: {fi: henkeä, en: persons}\n    unti: kpl\n",
        "  - code: mittari\n    name: Mittari",
        "unknown field 'unti'",
    ),
    (
        "wrong type",
        '  code: "999"\n',
        "  code: 999\n",
        "code: 999",
        "should be of type string",
    ),
    (
        "value outside the allowed choices",
        "    direction: higher\n",
        "    direction: up\n",
        "direction: up",
        "'up' is not one of: higher, lower, range",
    ),
    (
        "translator other than the municipality or the project",
        "  council_term: {start: 2021, end: 2025}\n",
        "  council_term: {start: 2021, end: 2025}\n  translations:\n    sv: {by: kaupunki}\n",
        "sv: {by: kaupunki}",
        "'kaupunki' is not one of: municipality, project",
    ),
    (
        "translation of a language the site does not have",
        "  council_term: {start: 2021, end: 2025}\n",
        "  council_term: {start: 2021, end: 2025}\n  translations:\n    de: {by: project}\n",
        "de: {by: project}",
        "unknown field 'de'",
    ),
    (
        "duplicate key",
        "    frequency: yearly\n",
        "    frequency: yearly\n    frequency: monthly\n",
        "frequency: monthly",
        "duplicate key 'frequency'",
    ),
    (
        "yaml syntax error",
        "  name: Testikunta\n",
        "  name: [Testikunta\n",
        "strategy:",
        "not valid YAML",
    ),
    (
        "plan goal under a plan that is not above it",
        "        parent_goal: ta-t1\n",
        "        parent_goal: kays-t1\n",
        "parent_goal: kays-t1",
        "is its own parent",
    ),
    (
        "range direction without a range",
        "    direction: higher\n",
        "    direction: range\n",
        "  - code: mittari\n    name: Mittari",
        "direction 'range' needs a range",
    ),
    (
        "publication date that is not a date",
        "    source_kind: official_statistics\n",
        "    source_kind: official_statistics\n    binding:\n      source: statfin\n"
        "      table: 115k.px\n      contents: [tyolliset3]\n      release: {day: 31, month: 4}\n",
        "release: {day: 31, month: 4}",
        "binding.release.day: 31.4. is not a date in every year",
    ),
    (
        "publication date for a quarterly indicator",
        "    frequency: yearly\n    source_kind: official_statistics\n",
        "    frequency: quarterly\n    source_kind: official_statistics\n"
        "    binding: {source: sotkanet, indicator: 181, release: {day: 1, month: 3}}\n",
        "binding: {source: sotkanet",
        "a release date is for yearly values; this indicator is quarterly",
    ),
    (
        "range indicator's target given as a value",
        "    direction: higher\n",
        "    direction: range\n    range: {min: 0, max: 10000}\n",
        "  - indicator: mittari",
        "a range indicator's target needs a range: {min: ..., max: ...}",
    ),
    (
        "a band for an indicator that is not a range",
        "    value: 6200\n",
        "    value: 6200\n    range: {min: 6100, max: 6300}\n",
        "range: {min: 6100, max: 6300}",
        "only an indicator with direction 'range' has a band",
    ),
    (
        "a target without its level",
        "    value: 6200\n",
        "",
        "  - indicator: mittari",
        "the target needs a value",
    ),
    (
        "a total that starts after its target year",
        "    value: 6200\n",
        "    value: 6200\n    cumulative_from: 2031\n",
        "cumulative_from: 2031",
        "a total must start no later than its target year",
    ),
    (
        "text without Finnish",
        "  name: {fi: Testistrategia, en: Test strategy}\n",
        "  name: {en: Test strategy}\n",
        "name: {en: Test strategy}",
        "should be a text, or texts by language with at least 'fi'",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "where", "message"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN]
)
def test_each_error_names_file_line_and_problem(tmp_path, capsys, old, new, where, message):
    assert old in MINIMAL
    text = MINIMAL.replace(old, new, 1)
    code, out, err, path = check(tmp_path, text, capsys)
    assert code == 1
    assert out == ""
    expected_line = (
        line_of(text, where.splitlines()[0]) if "\n" not in where else _line_of_block(text, where)
    )
    lines = [line for line in err.splitlines() if message in line]
    assert lines, err
    assert lines[0].startswith(f"{path}:{expected_line}: "), err
    assert "Traceback" not in err


def _line_of_block(text, block):
    index = text.index(block)
    return text.count("\n", 0, index) + 1


def test_a_file_that_does_not_exist(tmp_path, capsys):
    try:
        call_command("check-strategy", str(tmp_path / "puuttuu.yaml"))
    except SystemExit as exit:
        assert exit.code == 1
    err = capsys.readouterr().err
    assert "puuttuu.yaml" in err and "not found" in err


def test_an_empty_file(tmp_path, capsys):
    code, _out, err, path = check(tmp_path, "", capsys)
    assert code == 1 and f"{path}:1: the file is empty" in err


def test_errors_are_in_the_default_language_finnish(tmp_path, capsys, settings):
    from django.utils import translation

    assert settings.LANGUAGE_CODE == "fi"
    text = MINIMAL.replace("    year: 2030\n", "    year: 2035\n", 1)
    with translation.override(settings.LANGUAGE_CODE):
        code, _out, err, _path = check(tmp_path, text, capsys)
    assert code == 1
    assert "vuosi 2035 on strategiakauden 2022–2030 ulkopuolella" in err


RANGE_INDICATOR = (
    "    direction: higher\n",
    "    direction: range\n    range: {min: 0, max: 9000}\n",
)


def test_a_band_is_a_range_indicators_target(tmp_path, capsys):
    text = MINIMAL.replace(*RANGE_INDICATOR).replace(
        "    value: 6200\n", "    range: {min: 6100, max: 6300}\n"
    )
    code, _out, err, _path = check(tmp_path, text, capsys)
    assert (code, err) == (0, "")
    upside_down = text.replace("{min: 6100, max: 6300}", "{min: 6300, max: 6100}")
    code, _out, err, path = check(tmp_path, upside_down, capsys)
    line = line_of(upside_down, "range: {min: 6300")
    assert code == 1
    assert f"{path}:{line}: " in err and "the range's min is greater than its max" in err


def test_a_total_over_years_is_a_valid_target(tmp_path, capsys):
    text = MINIMAL.replace("    value: 6200\n", "    value: 6200\n    cumulative_from: 2023\n")
    code, _out, err, _path = check(tmp_path, text, capsys)
    assert (code, err) == (0, "")
