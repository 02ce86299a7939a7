"""Another municipality's strategy fits: a mission, the names it gives its levels, groupings
(focus areas, Balanced Scorecard perspectives) and goals on several levels, through the same
commands as Heinola's, evaluated as a tree and shown on the internal and the public pages.

The file is the shipped made-up example (definitions/esimerkkikunta-2030.yaml): no real
municipality's strategy."""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from mittaristo.evaluation import Status
from mittaristo.monitoring.evaluator import evaluate_strategy
from mittaristo.monitoring.records import evaluation_record
from mittaristo.reviews.services import (
    assessment_approve,
    assessment_save,
    assessment_submit,
    round_open,
    round_publish,
)
from mittaristo.strategy import models as m
from mittaristo.strategy.changelog import change_log
from mittaristo.strategy.definition import DefinitionError, read_definition
from mittaristo.strategy.definition.export import strategy_yaml
from mittaristo.strategy.definition.load import strategy_load

from ..monitoring.test_evaluate import store

pytestmark = pytest.mark.django_db
DEFINITIONS = Path(m.__file__).parents[1] / "definitions"
EXAMPLE = DEFINITIONS / "esimerkkikunta-2030.yaml"
HEINOLA = DEFINITIONS / "heinola-2030.yaml"


def load(path=EXAMPLE) -> m.Strategy:
    out = io.StringIO()
    call_command("load-strategy", str(path), stdout=out)
    return m.Strategy.objects.get(code=read_definition(path).data["strategy"]["code"])


def text(html: str) -> str:
    """A page's main part as plain words."""
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace("&#x27;", "'")


def test_the_example_passes_check_strategy_and_counts_every_level():
    out = io.StringIO()
    call_command("check-strategy", str(EXAMPLE), stdout=out)
    said = out.getvalue()
    assert "aims: 3, goals: 11, indicators: 10" in said
    assert "Groupings: 7; goals on 3 levels." in said


def test_every_structure_arrives_beside_heinolas():
    heinola = load(HEINOLA)
    strategy = load()
    assert {s.code for s in m.Strategy.objects.all()} == {"heinola-2030", "esimerkkikunta-2030"}
    assert strategy.organisation.code == "998" and heinola.organisation.code == "111"
    assert str(strategy.mission.get("fi")).startswith("Esimerkkikunta järjestää")
    assert strategy.mission["en"].startswith("Example municipality provides")
    assert strategy.values.count() == 5
    assert strategy.levels["aim"]["fi"] == "Päämäärä"
    assert strategy.levels["focus_area"]["fi"] == "Painopiste"
    assert strategy.levels["goal"]["fi"] == "Strateginen tavoite"
    kinds = [(g.code, g.kind) for g in strategy.groupings.all()]
    assert kinds == [
        ("K1", "focus_area"),
        ("K2", "focus_area"),
        ("K3", "focus_area"),
        ("N1", "perspective"),
        ("N2", "perspective"),
        ("N3", "perspective"),
        ("N4", "perspective"),
    ]
    assert {a.code: a.grouping.code for a in strategy.aims.all()} == {
        "P1": "K1",
        "P2": "K2",
        "P3": "K3",
    }
    goals = {g.code: g for g in m.Goal.objects.filter(aim__strategy=strategy)}
    assert len(goals) == 11
    assert goals["S1.1"].parent is None and goals["S1.1"].grouping.code == "N1"
    assert goals["S1.1.1"].parent.code == "S1.1" and goals["S1.1.1a"].parent.code == "S1.1.1"
    assert goals["S1.1.1a"].aim.code == "P1" and goals["S1.1.1a"].depth == 3
    assert {g.grouping.code for g in goals.values() if g.grouping} == {"N1", "N2", "N3", "N4"}
    # Heinola's strategy is as it was: no mission, no named levels, no groupings, flat goals.
    assert not heinola.mission and not heinola.levels and not heinola.groupings.exists()
    assert not m.Goal.objects.filter(aim__strategy=heinola, parent__isnull=False).exists()


def test_loading_again_and_the_export_change_nothing(tmp_path):
    strategy = load()
    again = strategy_load(definition=read_definition(EXAMPLE))
    assert not again.has_changes
    exported = tmp_path / "export.yaml"
    exported.write_text(strategy_yaml(strategy), encoding="utf-8")
    assert not strategy_load(definition=read_definition(exported)).has_changes
    data = read_definition(exported).data
    assert data["aims"][0]["goals"][0]["goals"][0]["goals"][0]["code"] == "S1.1.1a"
    assert data["strategy"]["mission"]["sv"].startswith("Exempelkommun ordnar")


def test_a_sub_goal_moved_or_removed_in_the_file_is_moved_or_removed(tmp_path):
    strategy = load()
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    s11 = data["aims"][0]["goals"][0]
    s111, s112 = s11["goals"]
    del s111["goals"]  # S1.1.1a leaves, with its link to its indicator
    s11["goals"] = [s111]
    s111["goals"] = [s112]  # S1.1.2 moves below S1.1.1
    path = tmp_path / "esimerkkikunta-2030.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = strategy_load(definition=read_definition(path))
    assert report.deleted["goal"] == 1 and report.changed["goal"] == 1
    goals = {g.code: g for g in m.Goal.objects.filter(aim__strategy=strategy)}
    assert "S1.1.1a" not in goals
    assert goals["S1.1.2"].parent.code == "S1.1.1" and goals["S1.1.2"].depth == 3
    # The change log says so, by code.
    (latest, *_older) = [r for g in change_log(strategy).groups for r in g.revisions]
    moved = [
        (f.before, f.after)
        for e in latest.entries
        if e.subject.startswith("S1.1.2 ")
        for f in e.fields
        if f.label == "goal above"
    ]
    assert moved == [("S1.1", "S1.1.1")]
    assert any(e.action == "-" and e.subject.startswith("S1.1.1a ") for e in latest.entries)


def broken(tmp_path, old, new):
    source = EXAMPLE.read_text(encoding="utf-8")
    assert old in source
    path = tmp_path / "broken.yaml"
    path.write_text(source.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        read_definition(path)
    return [str(p) for p in caught.value.problems]


def test_a_sub_goal_code_must_be_unique_across_every_level(tmp_path):
    problems = broken(tmp_path, "- code: S3.1.1", "- code: S1.1")
    assert len(problems) == 1 and "duplicate goal code 'S1.1'" in problems[0]
    assert problems[0].startswith(f"{tmp_path / 'broken.yaml'}:")


def test_an_unknown_grouping_or_kind_or_level_is_refused_with_its_line(tmp_path):
    problems = broken(tmp_path, "    grouping: K3\n", "    grouping: K9\n")
    assert len(problems) == 1 and "unknown grouping 'K9'" in problems[0]
    problems = broken(tmp_path, "kind: perspective", "kind: theme")
    assert "'theme' is not one of: focus_area, perspective, other" in problems[0]
    problems = broken(tmp_path, "    perspective: {fi: Näkökulma", "    viewpoint: {fi: Näkökulma")
    assert "unknown field 'viewpoint'" in problems[0]


def goal_tree_file(tmp_path) -> Path:
    """A goal with three indicators of its own and two sub-goals; a second goal beside it."""
    indicator = """  - code: {code}
    name: {code}
    direction: higher
    frequency: yearly
    source_kind: official_statistics
"""
    target = """  - indicator: {code}
    year: 2030
    value: 6200
    baseline: {{year: 2021, value: 6000}}
"""
    codes = ["i1", "i2", "i3", "a1", "a2", "h"]
    path = tmp_path / "puu.yaml"
    path.write_text(
        f"""schema_version: 1
organisation: {{code: "997", name: Puukunta}}
strategy:
  code: puu-2030
  name: Puu
  horizon: {{start: 2022, end: 2030}}
  council_term: {{start: 2021, end: 2025}}
aims:
  - code: P
    name: Päämäärä
    goals:
      - code: G
        name: Tavoite
        indicators: [i1, i2, i3]
        goals:
          - {{code: A1, name: Alatavoite 1, indicators: [a1]}}
          - {{code: A2, name: Alatavoite 2, indicators: [a2]}}
indicators:
{"".join(indicator.format(code=c) for c in codes)}targets:
{"".join(target.format(code=c) for c in codes)}""",
        encoding="utf-8",
    )
    return path


def test_a_goal_rolls_up_its_indicators_and_sub_goals_and_the_aim_its_first_level(tmp_path):
    strategy = strategy_load(definition=read_definition(goal_tree_file(tmp_path))).strategy
    # On track: from the baseline 6 000 (2021) towards 6 200 in 2030 (tests/monitoring).
    for code in ("i1", "i2", "i3"):
        store(strategy, {"2022": "6030", "2023": "6060"}, code=code)
    for code in ("a1", "a2"):  # falling: moving away from a higher target
        store(strategy, {"2022": "5900", "2023": "5800"}, code=code)
    result = evaluate_strategy(strategy, today=dt.date(2024, 6, 1))
    goals = {g.part.code: g for g in result.goals}
    assert goals["A1"].status == goals["A2"].status == Status.MOVING_AWAY
    # G: its three indicators on track (step 3) and two sub-goals moving away (step 0), each
    # weighing 1: the lower median of 0, 0, 3, 3, 3 is 3, on track; flagged for its sub-goals.
    assert goals["G"].status == Status.ON_TRACK and goals["G"].rollup.moving_away
    assert [g.part.code for g in goals["G"].subgoals] == ["A1", "A2"]
    # G's card counts its own indicators only.
    assert goals["G"].counts[Status.ON_TRACK] == 3 and goals["G"].counts[Status.MOVING_AWAY] == 0
    # The aim counts its first-level goal only (with G, A1 and A2 it would be moving away).
    (aim,) = result.aims
    assert aim.status == Status.ON_TRACK
    assert [g.part.code for g in aim.parts] == ["G", "A1", "A2"]  # every goal, tree order
    record = evaluation_record(strategy)
    (aim_record,) = record.aims
    assert [(g.code, g.parent) for g in aim_record.goals] == [
        ("G", None),
        ("A1", "G"),
        ("A2", "G"),
    ]
    assert aim_record.status == Status.ON_TRACK and aim_record.goals[0].moving_away


def publish(strategy, user):
    review = round_open(
        strategy=strategy, name="Kierros 2024", as_of=dt.date(2024, 3, 31), user=user
    )
    for assessment in review.assessments.all():
        assessment_save(assessment=assessment, user=user, commentary="Arvio.")
        assessment_submit(assessment=assessment, user=user)
        assessment_approve(assessment=assessment, user=user)
    return round_publish(review=review, user=user)


def test_the_pages_show_the_mission_the_levels_the_groupings_and_the_tree(
    client, viewer, django_user_model
):
    strategy = load()
    client.force_login(viewer)
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    html = client.get("/app/", **english).content.decode()
    words = text(html)
    assert "Mission: Example municipality provides good services" in words
    assert "Overall aim → Strategic goal → Sub-goal" in words
    assert "Overall aim: The municipality grows and jobs increase" in words
    assert "Strategic goal: New residents move in" in words
    assert "Sub-goal: Zoning keeps to its schedule" in words
    # The tree: a sub-goal's card inside its goal's, three levels deep (h4, h5, h6).
    assert html.count('<ol class="goals subgoals">') == 4
    assert re.search(
        r'<h6><span class="level-name">Sub-goal:</span> <a href="/app/tavoitteet/S1\.1\.1a/"', html
    )
    # The groupings, under the strategy's own names of their kinds.
    assert '<h2 id="groupings-focus_area-heading">Focus area</h2>' in html
    assert '<h2 id="groupings-perspective-heading">Perspective</h2>' in html
    assert "Finances Strategic goal: The finances are balanced" in words
    # A sub-goal's page names the goal above it and its grouping; a goal's its sub-goals.
    sub = text(client.get("/app/tavoitteet/S1.1.1/", **english).content.decode())
    assert "Sub-goal · Part of New residents move in" in sub
    assert "Zoning keeps to its schedule" in sub
    top = text(client.get("/app/tavoitteet/S1.2/", **english).content.decode())
    assert "Strategic goal · Perspective: Finances" in top

    lead = django_user_model.objects.create_user("vetaja")
    publish(strategy, lead)
    front = client.get("/", **english).content.decode()
    words = text(front)
    assert "Mission: Example municipality provides good services" in words
    assert "Overall aim → Strategic goal → Sub-goal" in words
    assert front.count('<li class="goal status-card') == 11
    assert front.count('<ol class="goals subgoals">') == 4
    assert "Residents and customers Strategic goal: New residents move in" in words
    public_sub = text(client.get("/tavoitteet/S1.1.1a/", **english).content.decode())
    assert "Sub-goal · Part of Building plots are available" in public_sub
    # In Finnish the municipality's own words.
    finnish = text(client.get("/", HTTP_ACCEPT_LANGUAGE="fi").content.decode())
    assert "Päämäärä → Strateginen tavoite → Alatavoite" in finnish
    assert "Painopiste" in finnish and "Näkökulma" in finnish
