"""Heinola's strategy 2030, the shipped default, holds all of the seed's content."""

import datetime as dt
import re

import pytest
from django.core.management import call_command

from mittaristo.demo.load import DEMO_USERS, demo_load
from mittaristo.strategy import models as m
from mittaristo.strategy.definition import read_definition
from mittaristo.strategy.definition.load import strategy_load

from ..conftest import DEFINITIONS, RECORDED_DATA

HEINOLA = DEFINITIONS / "heinola-2030.yaml"
# The aims, goals and indicators of the city's strategy text, quoted (data/recorded/README.md).
SEED = RECORDED_DATA / "heinola" / "strategy-2022-aims-excerpt.txt"


@pytest.fixture
def seed_goals() -> dict[str, list[str]]:
    """Goal name → the indicator names in brackets after it, as the seed writes them."""
    text = SEED.read_text(encoding="utf-8")
    goals = re.findall(r"»\s*([^(\n»]+?)\s*\(([^)]+)\)", text)
    return {name.strip(): [i.strip() for i in indicators.split(",")] for name, indicators in goals}


def test_the_file_is_valid(capsys):
    call_command("check-strategy", str(HEINOLA))
    out = capsys.readouterr().out
    assert "values: 3, change factors: 9, aims: 4, goals: 12," in out
    assert "targets: 0, plans: 0." in out  # the seed sets no target levels


@pytest.mark.django_db
def test_heinola_loads_with_all_of_the_seed(seed_goals):
    strategy_load(definition=read_definition(HEINOLA))
    strategy = m.Strategy.objects.get(code="heinola-2030")
    assert strategy.organisation.code == "111"
    assert str(strategy.name.in_language("fi")) == "Hyvä kasvaa Heinolassa"
    assert (strategy.horizon, strategy.council_term) == ("2022–2030", "2021–2025")
    assert [(a.date, a.body["fi"]) for a in strategy.approvals.all()] == [
        (dt.date(2022, 5, 9), "Kaupunginhallitus"),
        (dt.date(2022, 5, 16), "Kaupunginvaltuusto"),
    ]
    assert strategy.values.count() == 3
    assert strategy.change_factors.count() == 9
    assert strategy.aims.count() == 4
    assert all(aim.goals.count() == 3 for aim in strategy.aims.all())
    assert len(seed_goals) == 12
    goals = {g.name["fi"]: g for g in m.Goal.objects.filter(aim__strategy=strategy)}
    assert set(goals) == set(seed_goals)
    for name, indicator_names in seed_goals.items():
        loaded = [i.name["fi"].lower() for i in goals[name].indicators.all()]
        assert [n.lower() for n in indicator_names] == loaded, name
    assert not m.Target.objects.exists()
    assert strategy.targets_note["fi"]
    events = {e.name["fi"]: e for e in strategy.process_events.all()}
    assert events["Valtuuston iltakoulu"].start == dt.date(2022, 3, 7)
    assert events["Valtuuston strategiaseminaari"].end == dt.date(2022, 4, 1)
    # Every text a user reads has its English translation.
    for part in [strategy, *strategy.values.all(), *strategy.aims.all(), *goals.values()]:
        assert part.name.has_language("en"), part


@pytest.mark.django_db
def test_loading_heinola_twice_changes_nothing():
    strategy_load(definition=read_definition(HEINOLA))
    counts = sum(model.history.count() for model in [m.Goal, m.Indicator, m.ChangeFactor])
    report = strategy_load(definition=read_definition(HEINOLA))
    assert not report.has_changes
    assert sum(model.history.count() for model in [m.Goal, m.Indicator, m.ChangeFactor]) == counts


@pytest.mark.django_db
def test_the_demo_loads_twice_without_duplicates(capsys):
    call_command("load-demo")
    out = capsys.readouterr().out
    assert "mittaristo-demo" in out
    assert all(user.username in out for user in DEMO_USERS)
    counts = [model.objects.count() for model in [m.Target, m.Plan, m.PlanGoal, m.Goal]]
    history = m.Target.history.count() + m.Goal.history.count()
    report = demo_load()
    assert not report.strategy.has_changes
    assert [(i.created, i.changed) for i in report.imports] == [(0, 0), (0, 0)]
    assert all(i.unchanged > 0 for i in report.imports)
    assert [model.objects.count() for model in [m.Target, m.Plan, m.PlanGoal, m.Goal]] == counts
    assert m.Target.history.count() + m.Goal.history.count() == history
    # Example data is marked as such.
    assert m.Target.objects.exists() and not m.Target.objects.filter(is_example=False).exists()
    assert m.Plan.objects.exists() and not m.Plan.objects.filter(is_example=False).exists()


CONTEXT = {
    # code: (binding, the change factors that it tracks)
    "vakiluku": ({"source": "sotkanet", "indicator": 127}, {"vaestorakenne"}),
    "tyottomyysaste": (
        {"source": "sotkanet", "indicator": 181},
        {"eriarvoistuminen", "te-palvelut-2024"},
    ),
    "sairastavuusindeksi": ({"source": "sotkanet", "indicator": 5641}, {"sote-uudistus"}),
    "lainat-per-asukas": ({"source": "sotkanet", "indicator": 3180}, {"julkinen-talous"}),
}
AGES = {"vaesto-0-14": (0, 14), "vaesto-15-64": (15, 64), "vaesto-65": (65, 99)}


@pytest.mark.django_db
def test_heinola_context_series_are_bound_and_tied_to_change_factors():
    from mittaristo.strategy.bindings import read_binding

    strategy = strategy_load(definition=read_definition(HEINOLA)).strategy
    indicators = {i.code: i for i in strategy.indicators.prefetch_related("change_factors")}
    for code, (binding, factors) in CONTEXT.items():
        indicator = indicators[code]
        assert indicator.binding == binding, code
        assert {f.code for f in indicator.change_factors.all()} == factors, code
    for code, (first, last) in AGES.items():
        query = next(read_binding(indicators[code].binding).queries())
        assert (query.source, query.table, query.contents) == (
            "statfin",
            "11re.px",
            ("vaerak-vaesto",),
        )
        ages = dict(query.select)["Ikä"]
        assert ages[0] == f"{first:03d}" and ages[len(range(first, last + 1)) - 1] == f"{last:03d}"
        assert query.sum == "Ikä"
        assert {f.code for f in indicators[code].change_factors.all()} == {"vaestorakenne"}
    assert (
        dict(next(read_binding(indicators["vaesto-65"].binding).queries()).select)["Ikä"][-1]
        == "100-"
    )
    # Context series, not goal indicators: no goal names them and the strategy sets no target.
    context = [*CONTEXT, *AGES]
    assert not m.Goal.objects.filter(indicators__code__in=context).exists()
    assert not m.Target.objects.filter(indicator__code__in=context).exists()
    for code in context:
        assert indicators[code].name.has_language("en") and indicators[code].method["en"], code


@pytest.mark.django_db
def test_the_demos_net_migration_is_judged_by_its_change_a_year(demo_db):
    """Net migration crosses zero (example values −40 … 5): the linear measure gives it a status."""
    import datetime as dt

    from mittaristo.monitoring.evaluator import evaluate_strategy

    strategy = m.Strategy.objects.get(code="heinola-2030")
    result = evaluate_strategy(strategy, today=dt.date(2025, 6, 1))
    (migration,) = [
        ev for ev in result.indicators.values() if ev.indicator.code == "tyoikaisten-nettomuutto"
    ]
    assert migration.progress.method == "linear"
    assert migration.status not in ("no_data", "")
    # The change a year from the target's baseline −40 (2021) to the latest example value.
    first, last = migration.progress.base_year, migration.progress.latest_year
    assert (first, migration.progress.base_value) == (2021, -40)
    assert migration.progress.observed == pytest.approx(
        (migration.progress.latest_value + 40) / (last - first)
    )
