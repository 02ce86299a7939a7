"""The five roles as predicates: who may read, enter, assess and run rounds."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from mittaristo.core import roles
from mittaristo.strategy.models import Goal

pytestmark = pytest.mark.django_db


def test_the_migration_creates_the_two_role_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {"strategy_lead", "viewer"}
    assert roles.ROLE_GROUPS == ("strategy_lead", "viewer")


@pytest.fixture
def everyone(steward, viewer, strategy_lead, goal_owner, outsider, admin_user):
    return {
        "steward": steward,
        "viewer": viewer,
        "lead": strategy_lead,
        "owner": goal_owner,
        "outsider": outsider,
        "admin": admin_user,
        "anonymous": AnonymousUser(),
    }


def allowed(everyone, predicate, *args):
    return {name for name, user in everyone.items() if predicate(user, *args)}


def test_who_reads_the_internal_application(everyone):
    assert allowed(everyone, roles.can_view_internal) == {
        "steward",
        "viewer",
        "lead",
        "owner",
        "admin",
    }


def test_who_runs_review_rounds(everyone):
    assert allowed(everyone, roles.can_run_rounds) == {"lead", "admin"}


def test_who_enters_values(everyone, minimal_strategy):
    indicator = minimal_strategy.indicators.get(code="mittari")
    assert allowed(everyone, roles.can_enter_values) == {"steward", "admin"}
    assert allowed(everyone, roles.can_edit_indicator, indicator) == {"steward", "admin"}


def test_who_assesses_a_goal(everyone, minimal_strategy):
    goal = Goal.objects.get(aim__strategy=minimal_strategy, code="T1")
    assert allowed(everyone, roles.can_assess_goal, goal) == {"owner", "admin"}
    goal.owner = everyone["viewer"]
    assert allowed(everyone, roles.can_assess_goal, goal) == {"viewer", "admin"}


def test_a_users_groups_are_read_once(viewer, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert roles.can_view_internal(viewer)
        assert not roles.can_run_rounds(viewer)
        assert roles.can_view_internal(viewer)
