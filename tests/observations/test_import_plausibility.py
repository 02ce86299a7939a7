"""Plausibility in the import: a value far from its series is listed and waits for a yes.

The series used throughout: mittari in Testikunta (999) has 6 000 (2021), 6 100 (2022) and
6 230 (2023). Its plausible range, by the form's rule (Indicator.plausible_range): the span
6 230 − 6 000 = 230, widened by half of it (115) on each side: 5 885 … 6 345.
A thousands comma read as a decimal comma turns "6,241" into 6.241: far below 5 885.
"""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation

from mittaristo.core.models import Area
from mittaristo.observations.imports import preview
from mittaristo.observations.imports.service import import_observations
from mittaristo.observations.models import ImportRun, Observation

pytestmark = pytest.mark.django_db

KNOWN = "indikaattori;alue;kausi;arvo\nmittari;999;2021;6 000\nmittari;999;2022;6 100\n"
THIRD = "indikaattori;alue;kausi;arvo\nmittari;999;2023;6 230\n"
# Row 2 corrects 2023 to a slipped figure; row 3 adds 2024 at a plausible level.
SLIPPED = 'indikaattori;alue;kausi;arvo\nmittari;Testikunta;2023;"6,241"\nmittari;999;2024;6 300\n'


@pytest.fixture(autouse=True)
def series(minimal_strategy, tmp_path):
    Area.objects.create(kind="municipality", code="999", name={"fi": "Testikunta"})
    for text in (KNOWN, THIRD):
        assert import_observations(path=write(tmp_path, text, "vanhat.csv")).stored


def write(tmp_path, text, name="arvot.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def current():
    return dict(Observation.objects.current().values_list("period", "value"))


STORED_BEFORE = {"2021": Decimal("6000"), "2022": Decimal("6100"), "2023": Decimal("6230")}


def test_the_cli_lists_the_outlier_and_stores_nothing_without_the_flag(tmp_path, capsys):
    path = write(tmp_path, SLIPPED)
    runs = ImportRun.objects.count()
    with pytest.raises(SystemExit) as exit:
        call_command("import-observations", str(path))
    assert exit.value.code == 1
    err = capsys.readouterr().err
    assert f"{path}: values far from what is expected: 1" in err
    # English format in an English session: the old value, the new one, the range.
    assert "  row 2: mittari, Testikunta, 2023: 6,230 → 6.241; expected 5,885 … 6,345" in err, err
    assert "--accept-outliers" in err and "Stored." not in err
    assert current() == STORED_BEFORE  # neither the outlier nor the good 2024 row
    assert ImportRun.objects.count() == runs


def test_the_cli_prints_finnish_numbers_in_finnish(tmp_path, capsys):
    path = write(tmp_path, SLIPPED)
    with translation.override("fi"), pytest.raises(SystemExit):
        call_command("import-observations", str(path))
    err = capsys.readouterr().err
    # Finnish groups thousands with a no-break space and writes a decimal comma.
    assert "rivi 2: mittari, Testikunta, 2023: 6\xa0230 → 6,241; odotettu 5\xa0885 … 6\xa0345" in (
        err
    ), err
    assert "rivi 3: mittari, Testikunta, 2024: 6\xa0300 (uusi)" in err
    assert current() == STORED_BEFORE


def test_a_dry_run_shows_the_outliers_and_fails_as_the_real_run_would(tmp_path, capsys):
    path = write(tmp_path, SLIPPED)
    with pytest.raises(SystemExit) as exit:
        call_command("import-observations", str(path), "--dry-run")
    assert exit.value.code == 1
    assert "6,230 → 6.241; expected 5,885 … 6,345" in capsys.readouterr().err
    call_command("import-observations", str(path), "--dry-run", "--accept-outliers")
    out = capsys.readouterr().out
    assert "6,230 → 6.241" in out and "Preview only: nothing was stored." in out
    assert current() == STORED_BEFORE


def test_with_the_flag_every_row_is_stored(tmp_path, capsys):
    path = write(tmp_path, SLIPPED)
    call_command("import-observations", str(path), "--accept-outliers")
    out = capsys.readouterr().out
    assert "1 new, 1 changed, 0 unchanged" in out and "Stored." in out
    assert current() == {**STORED_BEFORE, "2023": Decimal("6.241"), "2024": Decimal("6300")}
    # Stored once, the value is no longer new: the same file again asks nothing.
    call_command("import-observations", str(path))
    out = capsys.readouterr().out
    assert "0 new, 0 changed, 2 unchanged" in out and "far from" not in out


def test_the_preview_lists_every_change_up_to_a_bound(tmp_path, monkeypatch):
    # Five plausible new values (2024–2028, each 6 300) and a bound of two rows shown.
    monkeypatch.setattr(preview, "SHOWN", 2)
    rows = "".join(f"mittari;999;{year};6 300\n" for year in range(2024, 2029))
    report = import_observations(path=write(tmp_path, THIRD.split("\n")[0] + "\n" + rows))
    assert report.stored and report.created == 5 and report.outlier_count == 0
    lines = report.lines()
    assert [str(change) for change in report.changes] == [
        "row 2: mittari, Testikunta, 2024: 6,300 (new)",
        "row 3: mittari, Testikunta, 2025: 6,300 (new)",
    ]
    assert "  … and 3 more" in lines  # 5 new − 2 shown


def test_outliers_are_counted_beyond_the_bound(tmp_path, monkeypatch):
    # Three slipped values, one shown: all three must be accepted, the digest covers them all.
    monkeypatch.setattr(preview, "SHOWN", 1)
    rows = "".join(f'mittari;999;{year};"6,3"\n' for year in (2024, 2025, 2026))
    path = write(tmp_path, "indikaattori;alue;kausi;arvo\n" + rows)
    report = import_observations(path=path)
    assert (report.outlier_count, len(report.outliers), report.more_outliers) == (3, 1, 2)
    assert not report.stored and current() == STORED_BEFORE
    assert "  … and 2 more" in report.lines()
    assert import_observations(path=path, accept_outliers=report.outlier_digest).stored
    assert current()["2026"] == Decimal("6.3")


def test_a_series_of_two_values_says_nothing_yet_as_in_the_form(tmp_path):
    # The form's rule asks only when the series has at least three values (or the indicator
    # a range): with 2021 and 2022 alone, even 6.241 passes, here as in the form.
    Observation.objects.filter(period="2023").delete()
    report = import_observations(path=write(tmp_path, SLIPPED))
    assert report.stored and report.outlier_count == 0


def test_the_indicators_own_range_is_used_when_it_has_one(tmp_path, minimal_strategy):
    # range 0 … 10 000, widened by half its span (5 000): −5 000 … 15 000.
    minimal_strategy.indicators.filter(code="mittari").update(range_min=0, range_max=10000)
    text = "indikaattori;alue;kausi;arvo\nmittari;999;2024;14 999\nmittari;999;2025;15 001\n"
    report = import_observations(path=write(tmp_path, text))
    assert [(o.period, o.low, o.high) for o in report.outliers] == [
        ("2025", Decimal("-5000"), Decimal("15000"))
    ]
    assert not report.stored
