"""`mittaristo import-survey-answers`: the round found by name or period, exit codes, messages."""

import pytest
from django.core.management import call_command

from mittaristo.surveys.models import Response

from . import import_data
from .import_data import HEADER, write_csv

survey_round = import_data.survey_round  # the fixture

GOOD = ["4", "9", "keskusta", "web", "42", ""]


def command(capsys, *args):
    try:
        call_command("import-survey-answers", *map(str, args))
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


@pytest.mark.parametrize("name", ["Kevät 2026", "våren 2026", "2026 kevät", " 2026  KEVÄT "])
def test_stores_into_the_round_named_in_any_language_or_by_period(
    tmp_path, capsys, survey_round, name
):
    path = write_csv(tmp_path / "v.csv", [HEADER, GOOD, GOOD])
    code, out, err = command(capsys, path, "--survey", "asukas", "--round", name)
    assert (code, err) == (0, [])
    assert out == [f"{path}: 2 rows read; 2 responses and 10 answers stored."]
    assert Response.objects.filter(round=survey_round).count() == 2


def test_dry_run(tmp_path, capsys, survey_round):
    path = write_csv(tmp_path / "v.csv", [HEADER, GOOD])
    code, out, _err = command(
        capsys, path, "--survey", "asukas", "--round", "2026 kevät", "--dry-run"
    )
    assert code == 0 and "would be stored (nothing stored yet)" in out[0]
    assert not Response.objects.exists()


def test_problems_one_per_line_exit_1(tmp_path, capsys, survey_round):
    path = write_csv(tmp_path / "v.csv", [HEADER, GOOD, ["0", "", "x", "", "", ""]])
    code, out, err = command(capsys, path, "--survey", "asukas", "--round", "2026 kevät")
    assert code == 1 and out == []
    assert err == [
        f"{path}: 2 rows read; 2 problems; nothing was stored.",
        f'{path}: row 3, column likert: "0" is not a whole number from 1 to 5',
        f'{path}: row 3, column area: "x" is none of the choices (their codes: keskusta, kylat)',
    ]
    assert not Response.objects.exists()


def test_second_import_exits_1(tmp_path, capsys, survey_round):
    path = write_csv(tmp_path / "v.csv", [HEADER, GOOD])
    assert command(capsys, path, "--survey", "asukas", "--round", "2026 kevät")[0] == 0
    code, _out, err = command(capsys, path, "--survey", "asukas", "--round", "2026 kevät")
    assert code == 1 and "imported into the round already" in err[1]
    assert Response.objects.count() == 1


def test_unknown_survey_or_round_one_line(tmp_path, capsys, survey_round):
    path = write_csv(tmp_path / "v.csv", [HEADER, GOOD])
    code, out, err = command(capsys, path, "--survey", "muu", "--round", "2026 kevät")
    assert (code, out, err) == (1, [], ["No survey 'muu' with rounds."])
    code, out, err = command(capsys, path, "--survey", "asukas", "--round", "syksy")
    assert code == 1 and err == [
        "No round 'syksy' in survey 'asukas'. Its rounds: Kevät 2026 (2026 kevät)."
    ]
    code, _out, err = command(
        capsys, path, "--survey", "asukas", "--round", "2026 kevät", "--organisation", "111"
    )
    assert code == 1 and err == ["no organisation '111' (there are: 999)"]


def test_missing_file_one_line(tmp_path, capsys, survey_round):
    code, _out, err = command(
        capsys, tmp_path / "ei.csv", "--survey", "asukas", "--round", "2026 kevät"
    )
    assert code == 1 and len(err) == 2 and "ei.csv: cannot read" in err[1]
