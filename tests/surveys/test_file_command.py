"""The commands load-survey and export-survey: exit codes, output, no traceback."""

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from django.utils import translation

from mittaristo.strategy.models import Organisation
from mittaristo.surveys import models as m

from .file_fixtures import VALID, replace

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey_file(tmp_path):
    path = tmp_path / "kysely.yaml"
    path.write_text(VALID, encoding="utf-8")
    return path


def test_load_survey_loads_and_says_what_it_did(file_org, survey_file, capsys):
    call_command("load-survey", str(survey_file))
    assert capsys.readouterr().out == (
        "Survey kysely created (sections: 2, questions: 6, choices: 4, "
        "bindings to indicators: 2).\n"
    )
    call_command("load-survey", str(survey_file), "--organisation", "999")
    assert capsys.readouterr().out == "Survey kysely is unchanged.\n"


def test_a_dry_run_stores_nothing(file_org, survey_file, capsys):
    call_command("load-survey", str(survey_file), "--dry-run")
    assert capsys.readouterr().out.endswith("\nDry run: nothing was stored.\n")
    assert not m.Survey.objects.exists()


def test_problems_are_printed_one_a_line_and_the_exit_code_is_1(file_org, survey_file, capsys):
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


def test_which_organisation(file_org, survey_file, capsys):
    with pytest.raises(CommandError, match=r"no organisation '123' \(there are: 999\)"):
        call_command("load-survey", str(survey_file), "--organisation", "123")
    Organisation.objects.create(code="998", slug="toinen", name={"fi": "Toinen"})
    with pytest.raises(
        CommandError,
        match=r"the installation has several organisations: name one with --organisation "
        r"\(toinen \(998\), 999\)",
    ):
        call_command("load-survey", str(survey_file))
    # By its address as well as by its code, as every command's --organisation.
    Organisation.objects.filter(code="999").update(slug="kunta")
    call_command("load-survey", str(survey_file), "--organisation", "kunta")
    assert m.Survey.objects.get().organisation.code == "999"


def test_no_organisation(db, survey_file):
    with pytest.raises(CommandError, match="No organisation is stored"):
        call_command("load-survey", str(survey_file))


def test_export_survey_writes_the_file_back(file_org, survey_file, tmp_path, capsys):
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


def test_as_a_person_runs_it_exit_1_and_no_traceback(file_org, tmp_path, capsys, monkeypatch):
    """Through the command line's own runner (`mittaristo load-survey …`), which prints a
    CommandError as one line: the problems in the site's language, no Python traceback."""
    # The runner closes every database connection when a command ends (run_from_argv); on
    # PostgreSQL that would close the test's own transaction under the second command.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    path = tmp_path / "rikki.yaml"
    path.write_text("schema_version: 1\ncode: x\n", encoding="utf-8")
    for argv, expected in (
        (
            ["load-survey", str(path)],
            [
                f"{path}:1: tiedosto: pakollinen kenttä 'name' puuttuu",
                f"{path}:1: tiedosto: pakollinen kenttä 'sections' puuttuu",
                "Mitään ei ladattu.",
            ],
        ),
        (
            ["export-survey", "x", "--organisation", "1"],
            ["CommandError: organisaatiota '1' ei ole (on: 999)"],
        ),
    ):
        with translation.override("fi"), pytest.raises(SystemExit) as exit:
            ManagementUtility(["mittaristo", *argv]).execute()
        assert exit.value.code == 1
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        assert captured.err.splitlines() == expected
