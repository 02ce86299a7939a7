"""The commands load-survey and export-survey: exit codes, output, no traceback."""

import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from mittaristo.strategy.models import Organisation
from mittaristo.surveys import models as m

from ..conftest import ROOT
from .file_fixtures import VALID, organisation, replace  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey_file(tmp_path):
    path = tmp_path / "kysely.yaml"
    path.write_text(VALID, encoding="utf-8")
    return path


def test_load_survey_loads_and_says_what_it_did(organisation, survey_file, capsys):
    call_command("load-survey", str(survey_file))
    assert capsys.readouterr().out == (
        "Survey kysely created (sections: 2, questions: 6, choices: 4, "
        "bindings to indicators: 2).\n"
    )
    call_command("load-survey", str(survey_file), "--organisation", "999")
    assert capsys.readouterr().out == "Survey kysely is unchanged.\n"


def test_a_dry_run_stores_nothing(organisation, survey_file, capsys):
    call_command("load-survey", str(survey_file), "--dry-run")
    assert capsys.readouterr().out.endswith("\nDry run: nothing was stored.\n")
    assert not m.Survey.objects.exists()


def test_problems_are_printed_one_a_line_and_the_exit_code_is_1(organisation, survey_file, capsys):
    text = replace(VALID, "        max: 120", "        max: -1")
    survey_file.write_text(replace(text, "indicator: osuus", "indicator: ei-ole"), "utf-8")
    with pytest.raises(SystemExit) as exit:
        call_command("load-survey", str(survey_file))
    assert exit.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"{survey_file}:45: question 'vuodet': 'max' is below 'min'\nNothing was loaded.\n"
    )
    assert not m.Survey.objects.exists()


def test_which_organisation(organisation, survey_file):
    with pytest.raises(CommandError, match="No organisation has the code '123'."):
        call_command("load-survey", str(survey_file), "--organisation", "123")
    Organisation.objects.create(code="998", name={"fi": "Toinen"})
    with pytest.raises(
        CommandError, match="Several organisations are stored; name one with --organisation: "
    ):
        call_command("load-survey", str(survey_file))


def test_no_organisation(db, survey_file):
    with pytest.raises(CommandError, match="No organisation is stored"):
        call_command("load-survey", str(survey_file))


def test_export_survey_writes_the_file_back(organisation, survey_file, tmp_path, capsys):
    call_command("load-survey", str(survey_file))
    capsys.readouterr()
    call_command("export-survey", "kysely")
    printed = capsys.readouterr().out
    assert printed.startswith("# kysely, written by `mittaristo export-survey`")
    out = tmp_path / "takaisin.yaml"
    call_command("export-survey", "kysely", "--out", str(out), "--organisation", "999")
    assert capsys.readouterr().out == f"kysely written to {out}.\n"
    assert out.read_text(encoding="utf-8") == printed
    call_command("load-survey", str(out))
    assert capsys.readouterr().out == "Survey kysely is unchanged.\n"
    with pytest.raises(CommandError, match="has no survey with the code 'ei-ole'"):
        call_command("export-survey", "ei-ole")


def test_the_real_command_exits_1_without_a_traceback(tmp_path):
    """As a person runs it: the problems in the site's language (Finnish), no Python traceback
    (a fresh SQLite database)."""
    path = tmp_path / "rikki.yaml"
    path.write_text("schema_version: 1\ncode: x\n", encoding="utf-8")
    env = {
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "mittaristo.settings",
    }
    mittaristo = [sys.executable, "-m", "mittaristo"]
    subprocess.run([*mittaristo, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run(
        [
            *mittaristo,
            "shell",
            "-c",
            "from mittaristo.strategy.models import Organisation as O; O.objects.create(code='1', name='K')",
        ],
        env=env,
        cwd=ROOT,
        check=True,
    )
    done = subprocess.run(
        [*mittaristo, "load-survey", str(path)], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        f"{path}:1: tiedosto: pakollinen kenttä 'name' puuttuu",
        f"{path}:1: tiedosto: pakollinen kenttä 'sections' puuttuu",
        "Mitään ei ladattu.",
    ]
