"""After every kind of change made in the app (strategy/edits.py), the strategy file and the
app still agree, never silently: `export-strategy` writes a file that reloads with no change,
and the older file is refused with the list of what it would undo."""

import datetime as dt
from decimal import Decimal

import pytest

from mittaristo.core.translation import TranslatedText
from mittaristo.strategy import edits
from mittaristo.strategy import models as m
from mittaristo.strategy.definition import read_definition
from mittaristo.strategy.definition.load import strategy_load
from mittaristo.strategy.services import Decision

from .test_file_sync import MINIMAL, export_and_reload, load_command, write

pytestmark = pytest.mark.django_db

DECISION = Decision(dt.date(2025, 3, 12), "Väliarviointi", "Kv 12.3.2025 § 18")


def edit_every_kind(user):
    """One change of each kind the app makes, as the pages make them."""
    indicator = m.Indicator.objects.get(code="mittari")
    texts = {name: TranslatedText(getattr(indicator, name)) for name in edits.INDICATOR_TEXTS}
    texts["name"] = TranslatedText({"fi": "Työlliset", "sv": "Sysselsatta"})
    texts["method"] = TranslatedText({"fi": "Rivi yksi.\nRivi kaksi."})
    edits.part_change(part=indicator, fields=texts, decision=DECISION, user=user)
    goal = m.Goal.objects.get(code="T1")
    edits.part_change(part=goal, fields={"owner": user}, decision=DECISION, user=user)
    edits.part_change(
        part=indicator, fields={"responsible_person": user}, decision=DECISION, user=user
    )
    budget = m.Plan.objects.get(code="ta-2024")
    edits.part_change(
        part=budget,
        fields={"name": TranslatedText({"fi": "Talousarvio"}), "end_year": 2025},
        decision=DECISION,
        user=user,
    )
    programme = {
        "code": "ohj-1",
        "kind": "programme",
        "parent": None,
        "name": TranslatedText({"fi": "Ohjelma"}),
        "description": TranslatedText(),
        "owner_unit": TranslatedText({"fi": "Hyvinvointi"}),
        "start_year": 2025,
        "end_year": 2028,
    }
    edits.plan_add(strategy=budget.strategy, fields=programme, decision=DECISION, user=user)
    edits.plan_goal_add(
        plan=m.Plan.objects.get(code="ohj-1"),
        fields={
            "code": "ohj-t1",
            "name": TranslatedText({"fi": "Ohjelman tavoite"}),
            "serves": m.Goal.objects.get(code="T2"),
            "parent_goal": None,
            "indicator": indicator,
            "target_value": Decimal("6150.5"),
            "target_year": 2028,
        },
        decision=DECISION,
        user=user,
    )
    edits.plan_goal_change(
        plan_goal=m.PlanGoal.objects.get(code="ta-t1"),
        fields={"target_value": Decimal("6070"), "target_year": 2025},
        decision=DECISION,
        user=user,
    )
    edits.plan_goal_remove(
        plan_goal=m.PlanGoal.objects.get(code="kays-t1"), decision=DECISION, user=user
    )
    factor = m.ChangeFactor.objects.get(code="muutos")
    edits.factor_change(
        factor=factor,
        fields={"name": TranslatedText({"fi": "Muutos", "en": "Change"})},
        goals=[m.Goal.objects.get(code="T2")],
        indicators=[indicator],
        decision=DECISION,
        user=user,
    )


def test_every_kind_of_app_change_exports_and_reloads_with_no_change(
    tmp_path, capsys, strategy_lead
):
    path = write(tmp_path, MINIMAL)
    strategy_load(definition=read_definition(path))
    revisions = m.Revision.objects.count()
    edit_every_kind(strategy_lead)
    assert m.Revision.objects.count() == revisions + 9  # one revision a change

    out = export_and_reload(tmp_path, capsys)

    text = out.read_text(encoding="utf-8")
    assert "- code: ohj-1" in text and "kays-t1" not in text
    assert "goals: [T2]" in text
    # People are not the file's: the owner and the responsible person stay as the app set them.
    assert m.Goal.objects.get(code="T1").owner == strategy_lead
    assert m.Indicator.objects.get().responsible_person == strategy_lead


def test_the_older_file_is_refused_with_every_kind_of_app_change_listed(tmp_path, strategy_lead):
    path = write(tmp_path, MINIMAL)
    strategy_load(definition=read_definition(path))
    edit_every_kind(strategy_lead)
    before = (m.Revision.objects.count(), m.StrategyLoad.objects.count())

    code, out, err = load_command(path)

    assert code == 1, out
    for line in (
        "indicator mittari, name: in the app 'Työlliset', in the file 'Mittari'",
        "plan ta-2024, end_year: in the app 2025, in the file 2024",
        "plan ohj-1: added in the app, not in the file",
        "plan goal ohj-t1: added in the app, not in the file",
        "plan goal ta-t1, target_value: in the app 6070, in the file 6050",
        "plan goal kays-t1: deleted in the app, still in the file",
        "change factor goal muutos/T2: added in the app, not in the file",
        "change factor goal muutos/T1: deleted in the app, still in the file (the file would "
        "create it again) [deleted 12.03.2025",
        "change factor muutos, name: in the app 'fi: Muutos, en: Change', in the file 'fi: Muutos'",
        "Väliarviointi, Kv 12.3.2025 § 18",  # when, who and why, from the history
    ):
        assert line in err, (line, err)
    assert "owner" not in err and "responsible_person" not in err  # not the file's
    assert (m.Revision.objects.count(), m.StrategyLoad.objects.count()) == before
    assert m.Plan.objects.filter(code="ohj-1").exists()

    code, out, err = load_command(path, "--overwrite-app-changes")

    assert code == 0, err
    assert not m.Plan.objects.filter(code="ohj-1").exists()
    assert m.PlanGoal.objects.filter(code="kays-t1").exists()
    assert m.Indicator.objects.get().name == {"fi": "Mittari"}
    assert m.Goal.objects.get(code="T1").owner == strategy_lead  # people stay


def test_a_preview_saves_nothing_and_a_change_starts_from_the_stored_row(
    minimal_strategy, strategy_lead
):
    indicator = m.Indicator.objects.get(code="mittari")
    named = {"name": TranslatedText({"fi": "Työlliset"})}

    def change(fields):
        return edits.part_change(
            part=indicator, fields=fields, decision=DECISION, user=strategy_lead
        )

    preview = edits.preview_of(lambda: change(named))
    assert [(p.label, p.before, p.after) for p in preview] == [
        ("name (fi)", "Mittari", "Työlliset")
    ]
    assert indicator.name == {"fi": "Mittari"}  # the caller's object, as it was
    assert m.Indicator.objects.get().name == {"fi": "Mittari"}
    assert not m.Revision.objects.filter(reason="Väliarviointi").exists()
    change(named)
    change({"responsible_person": strategy_lead})  # `indicator` still has the old name
    stored = m.Indicator.objects.get()
    assert stored.name == {"fi": "Työlliset"} and stored.responsible_person == strategy_lead
