"""The five roles as predicates: who may read, enter, assess and run rounds."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from mittaristo.core import roles
from mittaristo.strategy import roles as strategy_roles
from mittaristo.strategy.models import Goal

pytestmark = pytest.mark.django_db


def test_the_migrations_create_the_role_groups():
    names = set(Group.objects.values_list("name", flat=True))
    assert names >= {"strategy_lead", "viewer", "finance"}
    assert roles.ROLE_GROUPS == ("strategy_lead", "viewer", "finance")


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
    assert allowed(everyone, strategy_roles.can_view_internal) == {
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
    assert allowed(everyone, strategy_roles.can_enter_values) == {"steward", "admin"}
    assert allowed(everyone, roles.can_edit_indicator, indicator) == {"steward", "admin"}


def test_who_assesses_a_goal(everyone, minimal_strategy):
    goal = Goal.objects.get(aim__strategy=minimal_strategy, code="T1")
    assert allowed(everyone, roles.can_assess_goal, goal) == {"owner", "admin"}
    goal.owner = everyone["viewer"]
    assert allowed(everyone, roles.can_assess_goal, goal) == {"viewer", "admin"}


def test_a_users_groups_are_read_once(viewer, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert strategy_roles.can_view_internal(viewer)
        assert not roles.can_run_rounds(viewer)
        assert strategy_roles.can_view_internal(viewer)


def test_the_user_of_a_request_brings_their_roles(viewer, strategy_lead, django_assert_num_queries):
    """RoleBackend reads the role groups with the user: no second query for the role check."""
    backend = roles.RoleBackend()
    with django_assert_num_queries(2):  # one each
        loaded_viewer = backend.get_user(viewer.pk)
        loaded_lead = backend.get_user(strategy_lead.pk)
    with django_assert_num_queries(0):
        assert strategy_roles.can_view_internal(loaded_viewer)
        assert not roles.can_run_rounds(loaded_viewer)
        assert roles.can_run_rounds(loaded_lead)


def test_a_role_taken_away_holds_from_the_next_request(client, viewer):
    """The role is read with each request's user, never kept in the session."""
    client.force_login(viewer)
    assert client.get("/app/").status_code == 200
    viewer.groups.clear()
    assert client.get("/app/").status_code == 403


def test_an_inactive_user_is_not_loaded(viewer):
    viewer.is_active = False
    viewer.save()
    assert roles.RoleBackend().get_user(viewer.pk) is None
