"""The strategy file and the app agree, never silently: a load keeps what was changed in the
app since the last load unless told to overwrite it, and `export-strategy` writes the app's
strategy back as a file that loads with no change."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from mittaristo.demo.load import DEMO_FILE, demo_load
from mittaristo.strategy import models as m
from mittaristo.strategy.definition import read_definition
from mittaristo.strategy.definition.load import strategy_load

from ..conftest import DEFINITIONS

MINIMAL = (Path(__file__).parent / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")
HEINOLA = DEFINITIONS / "heinola-2030.yaml"
HISTORY = [m.Strategy, m.Aim, m.Goal, m.Indicator, m.Target, m.Milestone, m.Plan, m.PlanGoal]

pytestmark = pytest.mark.django_db


def write(tmp_path, text, name="strategia.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def history_rows() -> int:
    return sum(model.history.count() for model in HISTORY)


def change_target_in_the_admin(client, value="6400"):
    """What a strategy lead does in the app: the target level of `mittari` for 2030."""
    target = m.Target.objects.get(indicator__code="mittari", year=2030)
    form = {
        "indicator": target.indicator_id,
        "year": 2030,
        "value": value,
        "baseline_year": 2021,
        "baseline_value": "6000",
        "tolerance": "",
        "note_0": "",
        "note_1": "",
        "note_2": "",
        "revision_reason": "Talousarvio 2025",
        "revision_decision": "Kv 9.12.2024 § 90",
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
    }
    url = reverse("admin:strategy_target_change", args=[target.pk])
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]


def load_command(path, *args):
    """`mittaristo load-strategy`: (exit code, stdout, stderr), in English (a request made
    before by the test client leaves the language it chose active)."""
    from io import StringIO

    from django.utils import translation

    out, err = StringIO(), StringIO()
    try:
        with translation.override("en"):
            call_command("load-strategy", str(path), *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_every_load_records_the_file_and_the_strategy_after_it(tmp_path):
    path = write(tmp_path, MINIMAL)
    report = strategy_load(definition=read_definition(path))
    load = m.StrategyLoad.objects.get()
    assert (load.strategy, load.file) == (report.strategy, str(path))
    assert load.revision == report.revision
    assert "value: 6200" in load.state
    strategy_load(definition=read_definition(path))  # no change, still a load
    assert m.StrategyLoad.objects.count() == 2
    assert m.StrategyLoad.objects.first().revision is None


def test_an_older_file_after_an_in_app_change_is_refused_with_the_list(tmp_path, admin_client):
    path = write(tmp_path, MINIMAL)
    strategy_load(definition=read_definition(path))
    change_target_in_the_admin(admin_client, "6400")
    goal = m.Goal.objects.get(code="T2")  # any save that is not a load of a file
    goal.name = {"fi": "Uusi nimi", "en": "New name"}
    goal.save()
    m.Goal.objects.create(aim=goal.aim, code="T3", name={"fi": "Sovelluksessa lisätty"}, order=2)
    before = (history_rows(), m.Revision.objects.count(), m.StrategyLoad.objects.count())

    code, out, err = load_command(path)

    assert code == 1
    assert "changed in the app since the last load" in err
    assert "target mittari/2030, value: in the app 6400, in the file 6200" in err
    assert "Talousarvio 2025, Kv 9.12.2024 § 90" in err  # when, who and why, from the history
    assert "goal T2, name: in the app 'Uusi nimi', in the file 'Toinen tavoite'" in err
    assert "goal T3: added in the app, not in the file" in err
    assert "--overwrite-app-changes" in err
    # Kept: nothing was loaded.
    assert m.Target.objects.get().value == Decimal("6400")
    assert m.Goal.objects.filter(code="T3").exists()
    after = (history_rows(), m.Revision.objects.count(), m.StrategyLoad.objects.count())
    assert after == before


def test_with_overwrite_the_file_applies_and_the_revert_is_a_revision(tmp_path, admin_client):
    path = write(tmp_path, REVISION_2024 + MINIMAL)
    strategy_load(definition=read_definition(path))
    change_target_in_the_admin(admin_client, "6400")

    code, out, err = load_command(path, "--overwrite-app-changes")

    assert code == 0, err
    target = m.Target.objects.get()
    assert target.value == Decimal("6200")
    revision = m.Revision.objects.order_by("-pk").first()
    # (the whole path when it fits the history's 100 characters, else the file's name)
    assert revision.reason in (f"Reverted to the strategy file {p}" for p in (path, path.name))
    assert revision.changes == [
        "~ target mittari/2030: value 6400 → 6200 (undoes a change made in the app)"
    ]
    assert revision.decision_ref == ""  # not the older file's decision
    latest = target.history.order_by("-history_id").first()
    assert latest.history_change_reason == revision.reason
    # The revert takes effect when it is made, not on the older file's revision date.
    assert latest.history_date == revision.effective > target.history.earliest().history_date
    assert revision.effective.year > 2024
    # The app agrees with the file again: loading it again changes nothing.
    assert load_command(path)[0] == 0
    assert m.Revision.objects.order_by("-pk").first() == revision


REVISION_2024 = "revision:\n  date: 2024-05-20\n  reason: Väliarviointi\n  decision: Kv § 30\n"


def test_a_file_that_agrees_with_the_app_loads_its_other_changes(tmp_path, admin_client):
    path = write(tmp_path, MINIMAL)
    strategy_load(definition=read_definition(path))
    change_target_in_the_admin(admin_client, "6400")
    newer = MINIMAL.replace("value: 6200", "value: 6400").replace("Toinen tavoite", "Tavoite 2")
    code, out, err = load_command(write(tmp_path, newer, "uusi.yaml"))
    assert code == 0, err
    assert m.Goal.objects.get(code="T2").name["fi"] == "Tavoite 2"
    assert m.Target.objects.get().value == Decimal("6400")


def test_a_row_deleted_in_the_app_is_not_created_again_silently(tmp_path, admin_client):
    path = write(tmp_path, MINIMAL)
    strategy_load(definition=read_definition(path))
    m.Target.objects.get().delete()
    code, out, err = load_command(path)
    assert code == 1
    assert "target mittari/2030: deleted in the app, still in the file" in err
    assert not m.Target.objects.exists()


def test_a_strategy_loaded_before_loads_were_recorded_tells_the_differences(tmp_path):
    path = write(tmp_path, MINIMAL)
    strategy_load(definition=read_definition(path))
    m.StrategyLoad.objects.all().delete()  # as a database from before this record
    # The same file: nothing differs, so the load goes through and becomes the record.
    assert load_command(path)[0] == 0
    assert m.StrategyLoad.objects.count() == 1
    m.StrategyLoad.objects.all().delete()
    edited = write(tmp_path, MINIMAL.replace("value: 6200", "value: 6300"), "muokattu.yaml")
    code, out, err = load_command(edited)
    assert code == 1
    assert "no earlier load of a strategy file is recorded" in err
    assert "target mittari/2030, value: in the app 6200, in the file 6300" in err
    assert load_command(edited, "--overwrite-app-changes")[0] == 0
    assert m.Target.objects.get().value == Decimal("6300")


def test_the_demo_keeps_an_in_app_change_unless_told_to_overwrite(demo_db, capsys):
    target = m.Target.objects.filter(indicator__code="tyopaikat").get()
    target.value = Decimal("6500")
    target._change_reason = "Talousarvio 2025"
    target.save()
    with pytest.raises(SystemExit):
        call_command("load-demo")
    err = capsys.readouterr().err
    assert f"tyopaikat/{target.year}, value: in the app 6500, in the file 6400" in err
    assert m.Target.objects.get(pk=target.pk).value == Decimal("6500")
    call_command("load-demo", "--overwrite-app-changes")
    assert m.Target.objects.get(pk=target.pk).value == Decimal("6400")
    revision = m.Revision.objects.order_by("-pk").first()
    assert revision.reason.startswith("Reverted to the strategy file")
    assert revision.source == str(DEMO_FILE)


# -- export-strategy ----------------------------------------------------------------------


def export_and_reload(tmp_path, capsys) -> Path:
    out = tmp_path / "vienti.yaml"
    call_command("export-strategy", "--out", str(out))
    call_command("check-strategy", str(out))
    assert "is valid" in capsys.readouterr().out
    before = (history_rows(), m.Revision.objects.count())
    report = strategy_load(definition=read_definition(out))
    assert not report.has_changes, report.changes
    assert (history_rows(), m.Revision.objects.count()) == before
    return out


def test_export_of_heinola_reloads_with_no_change(tmp_path, capsys):
    strategy_load(definition=read_definition(HEINOLA))
    out = export_and_reload(tmp_path, capsys)
    # and Heinola's own file agrees with the exported one
    assert not strategy_load(definition=read_definition(HEINOLA)).has_changes
    text = out.read_text(encoding="utf-8")
    assert "code: heinola-2030" in text and "- code: P1" in text
    # Who translated: the Swedish and English texts are the project's, the file says.
    strategy = m.Strategy.objects.get(code="heinola-2030")
    assert {k: v["by"] for k, v in strategy.translations.items()} == {
        "sv": "project",
        "en": "project",
    }
    assert "translations:\n    sv:\n      by: project\n      note: " in text


def test_export_of_the_demo_reloads_with_no_change(demo_db, tmp_path, capsys):
    out = export_and_reload(tmp_path, capsys)
    text = out.read_text(encoding="utf-8")
    assert "example: true" in text  # the demo's targets and plans stay example data
    assert m.Target.objects.exists() and not m.Target.objects.filter(is_example=False).exists()
    assert not demo_load().strategy.has_changes


def test_export_of_every_kind_of_field_reloads_with_no_change(tmp_path, capsys):
    band = """
  - code: vero
    name: Veroprosentti
    direction: range
    range: {min: 20.5, max: 21.25}
    compare: per_resident
    frequency: yearly
    source_kind: calculation
    natural_limit: 100
    publication_lag_days: 45
    binding: {source: statfin, table: 115k.px, contents: [tyolliset3], scale: 0.001}
"""
    text = MINIMAL.replace("indicators:\n", "indicators:" + band, 1).replace(
        "targets:\n",
        "targets:\n  - indicator: vero\n    year: 2030\n    range: {min: 20, max: 21}\n"
        "    note: |\n      Kaksi riviä.\n      Toinen.\n"
        "  - {indicator: mittari, year: 2029, value: 900.5, cumulative_from: 2025}\n",
        1,
    )
    text = text.replace("  - name: Iltakoulu\n", "  - name: Iltakoulu\n    kind: survey\n")
    strategy_load(definition=read_definition(write(tmp_path, text)))
    out = export_and_reload(tmp_path, capsys)
    assert "range: {min: 20.5, max: 21.25}" in out.read_text(encoding="utf-8")


def test_export_says_what_is_wrong(tmp_path, capsys):
    with pytest.raises(SystemExit):
        call_command("export-strategy", "--out", str(tmp_path / "x.yaml"))
    assert "No strategy is stored" in capsys.readouterr().err
    strategy_load(definition=read_definition(write(tmp_path, MINIMAL)))
    with pytest.raises(SystemExit):
        call_command("export-strategy", "--out", str(tmp_path / "x.yaml"), "--strategy", "nope")
    assert "No strategy has the code 'nope'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        call_command("export-strategy", "--out", str(tmp_path / "no" / "such" / "x.yaml"))
    assert "Cannot write" in capsys.readouterr().err
