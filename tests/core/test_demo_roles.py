"""The demo users: each has its role, and `load-demo` prints each with what it may do."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from mittaristo.core import roles
from mittaristo.strategy import roles as strategy_roles
from mittaristo.strategy.models import Goal, Indicator

pytestmark = pytest.mark.django_db


def test_load_demo_prints_each_user_with_its_role_and_gives_it(capsys):
    call_command("load-demo")
    out = capsys.readouterr().out
    for line in [
        "  admin           administrator: everything",
        "  strategia       strategy lead: runs review rounds, reads everything internal",
        "  omistaja        goal owner: assesses the goals of the first aim",
        "  tietovastaava   data steward: enters the values of the official statistics",
        "  lukija          viewer: reads everything internal",
    ]:
        assert line in out.splitlines()
    users = {u.username: u for u in get_user_model().objects.all()}
    first_goal = Goal.objects.filter(aim__order=0).first()
    other_goal = Goal.objects.exclude(aim__order=0).first()
    ours = Indicator.objects.filter(strategy__isnull=False)
    # A statistic the city enters itself (its binding names a file, not a fetched series) ...
    statistic = ours.filter(source_kind="official_statistics", series=None).first()
    # ... and one fetched into a national series, which nobody enters by hand.
    fetched = ours.filter(source_kind="official_statistics", series__isnull=False).first()
    survey = ours.exclude(source_kind="official_statistics").first()

    assert {name for name, u in users.items() if roles.can_run_rounds(u)} == {"admin", "strategia"}
    assert all(strategy_roles.can_view_internal(u) for u in users.values())
    assert roles.can_assess_goal(users["omistaja"], first_goal)
    assert not roles.can_assess_goal(users["omistaja"], other_goal)
    assert not roles.can_assess_goal(users["strategia"], first_goal)
    # A goal without an owner is assessed by the strategy lead, so none is left unassessed.
    assert other_goal.owner_id is None and roles.can_assess_goal(users["strategia"], other_goal)
    assert not roles.can_assess_goal(users["lukija"], other_goal)
    assert roles.can_edit_indicator(users["tietovastaava"], statistic)
    assert fetched.responsible_person == users["tietovastaava"]
    assert not roles.can_edit_indicator(users["tietovastaava"], fetched)
    assert not roles.can_edit_indicator(users["tietovastaava"], survey)
    assert not roles.can_edit_indicator(users["lukija"], statistic)
