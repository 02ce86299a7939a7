"""`mittaristo load-strategy`: loading, idempotency, revisions with reasons, the as-of query."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from mittaristo.strategy import models as m
from mittaristo.strategy.definition import DefinitionError, read_definition
from mittaristo.strategy.definition.load import strategy_load

MINIMAL = (Path(__file__).parent / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")
REVISION = "revision:\n  date: 2024-05-20\n  reason: Väliarviointi\n  decision: Kv 20.5.2024 § 30\n"

pytestmark = pytest.mark.django_db


def write(tmp_path, text, name="strategia.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path, text, **kwargs):
    return strategy_load(definition=read_definition(write(tmp_path, text)), **kwargs)


def history_rows() -> int:
    models = [m.Strategy, m.Aim, m.Goal, m.Indicator, m.Target, m.Milestone, m.Plan, m.PlanGoal]
    return sum(model.history.count() for model in models)


def test_load_creates_everything_the_file_says(tmp_path):
    report = load(tmp_path, MINIMAL)
    strategy = m.Strategy.objects.get(code="testi-2030")
    assert strategy.organisation.code == "999"
    assert (strategy.horizon, strategy.council_term) == ("2022–2030", "2021–2025")
    assert strategy.name == {"fi": "Testistrategia", "en": "Test strategy"}
    assert [g.code for g in m.Goal.objects.filter(aim__strategy=strategy)] == ["T1", "T2"]
    goal = m.Goal.objects.get(code="T1")
    assert [i.code for i in goal.indicators.all()] == ["mittari"]
    assert [g.code for g in m.ChangeFactor.objects.get().goals.all()] == ["T1"]
    target = m.Target.objects.get()
    assert (target.year, target.value, target.baseline_year) == (2030, Decimal("6200"), 2021)
    assert [(ms.year, ms.value) for ms in target.milestones.all()] == [(2026, Decimal("6100"))]
    operating_plan = m.Plan.objects.get(code="kays-2024")
    assert operating_plan.parent.code == "ta-2024"
    assert m.PlanGoal.objects.get(code="kays-t1").parent_goal.code == "ta-t1"
    assert m.PlanGoal.objects.get(code="ta-t1").serves == goal
    # The first load took effect when the council approved the strategy.
    assert timezone.localdate(report.revision.effective) == dt.date(2022, 5, 16)
    assert report.revision.decision_ref == "Kv 16.5.2022 § 45"
    assert timezone.localdate(m.Target.history.get().history_date) == dt.date(2022, 5, 16)


def test_loading_the_same_file_again_changes_nothing(tmp_path):
    load(tmp_path, MINIMAL)
    before = (history_rows(), m.Revision.objects.count())
    report = load(tmp_path, MINIMAL)
    assert not report.has_changes
    assert report.revision is None
    assert (history_rows(), m.Revision.objects.count()) == before
    assert sum(report.unchanged.values()) > 10


def test_an_edited_target_is_kept_as_a_revision_with_its_reason(tmp_path):
    load(tmp_path, MINIMAL)
    edited = REVISION + MINIMAL.replace("    value: 6200\n", "    value: 6400\n")
    report = load(tmp_path, edited)
    assert report.changed == {"target": 1}
    assert not report.created and not report.deleted
    target = m.Target.objects.get()
    assert target.value == Decimal("6400")
    latest, first = target.history.order_by("-history_date")[:2]
    assert (latest.value, latest.history_change_reason, latest.decision_ref) == (
        Decimal("6400"),
        "Väliarviointi",
        "Kv 20.5.2024 § 30",
    )
    assert timezone.localdate(latest.history_date) == dt.date(2024, 5, 20)
    assert first.value == Decimal("6200")
    revision = m.Revision.objects.order_by("-effective").first()
    assert revision.reason == "Väliarviointi"
    assert any("6200 → 6400" in line for line in revision.changes)


def test_an_update_from_a_file_deep_in_folders_names_the_file_within_100_characters(tmp_path):
    # The history's reason holds 100 characters; PostgreSQL refuses a longer one (SQLite would
    # keep it, so the test checks the length).
    load(tmp_path, MINIMAL)
    deep = tmp_path / ("kansio-" * 12) / ("alikansio-" * 6)
    deep.mkdir(parents=True)
    assert len(str(deep)) > 100
    load(deep, MINIMAL.replace("    value: 6200\n", "    value: 6400\n"))
    latest = m.Target.objects.get().history.order_by("-history_date").first()
    # "Updated from the file " and the path would be longer: the file's name is given instead.
    assert latest.history_change_reason == "Updated from the file strategia.yaml"


def test_what_the_target_was_on_a_given_date(tmp_path):
    load(tmp_path, MINIMAL)
    load(tmp_path, REVISION + MINIMAL.replace("    value: 6200\n", "    value: 6400\n"))
    indicator = m.Indicator.objects.get(code="mittari")
    on = lambda day: indicator.target_for(2030, as_of=timezone.make_aware(dt.datetime(*day)))  # noqa: E731
    assert on((2022, 5, 15)) is None  # not yet approved
    assert on((2023, 1, 1)).value == Decimal("6200")
    assert on((2024, 5, 19)).value == Decimal("6200")
    assert on((2024, 5, 21)).value == Decimal("6400")
    assert indicator.target_for(2030).value == Decimal("6400")


def test_a_removed_goal_is_deleted_and_the_deletion_recorded(tmp_path):
    load(tmp_path, MINIMAL)
    text = REVISION + MINIMAL.replace("      - code: T2\n        name: Toinen tavoite\n", "")
    report = load(tmp_path, text)
    assert report.deleted == {"goal": 1}
    assert not m.Goal.objects.filter(code="T2").exists()
    deletion = m.Goal.history.filter(code="T2", history_type="-").get()
    assert deletion.history_change_reason == "Väliarviointi"


def test_a_revision_dated_before_the_last_one_is_refused_and_changes_nothing(tmp_path):
    load(tmp_path, MINIMAL)
    load(tmp_path, REVISION + MINIMAL.replace("    value: 6200\n", "    value: 6400\n"))
    before = history_rows()
    older = REVISION.replace("2024-05-20", "2023-01-01") + MINIMAL
    with pytest.raises(DefinitionError) as error:
        load(tmp_path, older)
    assert "earlier than the latest recorded revision (20.05.2024)" in str(error.value)
    assert str(error.value).startswith(f"{tmp_path / 'strategia.yaml'}:2:")
    assert history_rows() == before
    assert m.Target.objects.get().value == Decimal("6400")


def test_the_cli_loads_and_reports(tmp_path, capsys):
    path = write(tmp_path, MINIMAL)
    call_command("load-strategy", str(path))
    out = capsys.readouterr().out
    assert "+ goal T1" in out and "created" in out
    call_command("load-strategy", str(path))
    assert "no changes" in capsys.readouterr().out


def test_the_cli_refuses_a_broken_file_and_loads_nothing(tmp_path, capsys):
    path = write(tmp_path, MINIMAL.replace("    year: 2030\n", "    year: 2040\n"))
    with pytest.raises(SystemExit) as exit:
        call_command("load-strategy", str(path))
    assert exit.value.code == 1
    err = capsys.readouterr().err
    assert f"{path}:" in err and "Traceback" not in err
    assert not m.Strategy.objects.exists()
    assert history_rows() == 0


JOBS_BINDING = (
    "    binding:\n      source: statfin\n      table: 115k.px\n      contents: [tyolliset3]\n"
    "      release: {day: 16, month: 2, years_after: %s}\n"
)


def with_release(years_after) -> str:
    old = "    source_kind: official_statistics\n"
    return MINIMAL.replace(old, old + JOBS_BINDING % years_after, 1)


def test_a_bad_publication_date_is_refused_with_its_line_and_nothing_changes(tmp_path, capsys):
    load(tmp_path, with_release(2))
    stored = m.Indicator.objects.get(code="mittari")
    assert stored.binding["release"] == {"day": 16, "month": 2, "years_after": 2}
    assert stored.release.date_for(2024) == dt.date(2026, 2, 16)
    rows = history_rows()
    text = with_release(5)  # the value of year N in year N + 5: beyond what any source does
    path = write(tmp_path, text, "muutettu.yaml")
    with pytest.raises(SystemExit) as exit:
        call_command("load-strategy", str(path))
    assert exit.value.code == 1
    err = capsys.readouterr().err
    line = text.splitlines().index("      release: {day: 16, month: 2, years_after: 5}") + 1
    assert f"{path}:{line}: " in err and "binding.release.years_after: must be 1–3" in err
    assert "Traceback" not in err
    stored.refresh_from_db()
    assert stored.binding["release"]["years_after"] == 2  # as it was
    assert history_rows() == rows


def test_the_cli_takes_reason_decision_and_date(tmp_path, capsys):
    load(tmp_path, MINIMAL)
    path = write(tmp_path, MINIMAL.replace("    value: 6200\n", "    value: 6300\n"))
    call_command(
        "load-strategy",
        str(path),
        reason="Talousarvio 2025",
        decision="Kv 9.12.2024 § 90",
        date="9.12.2024",
    )
    record = m.Target.history.order_by("-history_date").first()
    assert (record.history_change_reason, record.decision_ref) == (
        "Talousarvio 2025",
        "Kv 9.12.2024 § 90",
    )
    assert timezone.localdate(record.history_date) == dt.date(2024, 12, 9)


def test_an_overlay_adds_example_targets_and_plans(tmp_path):
    base = MINIMAL.split("targets:\n")[0]
    write(tmp_path, base)
    overlay = (
        "extends: strategia.yaml\nexample: true\ntargets:\n"
        "  - indicator: mittari\n    year: 2028\n    value: 5\n"
    )
    definition = read_definition(write(tmp_path, overlay, "esimerkki.yaml"))
    strategy_load(definition=definition)
    target = m.Target.objects.get()
    assert (target.year, target.is_example) == (2028, True)
    assert target.indicator.strategy.has_example_data()


def test_an_overlay_error_names_the_overlay_file(tmp_path):
    write(tmp_path, MINIMAL)
    overlay = (
        "extends: strategia.yaml\ntargets:\n  - indicator: ei-ole\n    year: 2028\n    value: 5\n"
    )
    with pytest.raises(DefinitionError) as error:
        read_definition(write(tmp_path, overlay, "esimerkki.yaml"))
    assert str(error.value) == f"{tmp_path / 'esimerkki.yaml'}:3: unknown indicator 'ei-ole'"


def test_an_indicator_with_values_cannot_be_removed_and_nothing_changes(tmp_path):
    from mittaristo.core.models import Area
    from mittaristo.core.periods import parse_period
    from mittaristo.observations.services import ObservationRow, observations_upsert

    load(tmp_path, MINIMAL)
    area = Area.objects.create(kind="municipality", code="999", name={"fi": "Testikunta"})
    indicator = m.Indicator.objects.get(code="mittari")
    observations_upsert(
        rows=[ObservationRow(indicator.pk, area.pk, parse_period("2021"), Decimal("1"))],
        source_kind="manual",
    )
    before = history_rows()
    text = REVISION + MINIMAL.split("indicators:\n  - code: mittari")[0].replace(
        "        indicators: [mittari]\n", ""
    )
    text = text.replace("    indicators: [mittari]\n", "")
    with pytest.raises(DefinitionError) as error:
        load(tmp_path, text)
    assert "it has stored values or plans that refer to it" in str(error.value)
    assert m.Indicator.objects.filter(code="mittari").exists()
    assert history_rows() == before


@pytest.mark.django_db
def test_a_band_and_a_total_over_years_are_stored_on_the_target(tmp_path):
    banded = MINIMAL.replace(
        "    direction: higher\n", "    direction: range\n    range: {min: 0, max: 9000}\n"
    ).replace("    value: 6200\n", "    range: {min: 6100, max: 6300}\n")
    load(tmp_path, banded)
    target = m.Target.objects.get(indicator__code="mittari", year=2030)
    assert (target.value, target.value_high, target.cumulative_from) == (6100, 6300, None)
    total = MINIMAL.replace("    value: 6200\n", "    value: 6200\n    cumulative_from: 2023\n")
    load(tmp_path, total)
    target.refresh_from_db()
    assert (target.value, target.value_high, target.cumulative_from) == (6200, None, 2023)
