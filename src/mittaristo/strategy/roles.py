"""The role predicates that read who owns a goal or keeps an indicator's values: beside the
strategy's models, above the group roles of core/roles.py."""

from dataclasses import dataclass, field

from mittaristo.core.roles import ROLE_GROUPS, groups_of

from .models import Goal, Indicator


def can_view_internal(user) -> bool:
    """Read the internal application: every role, but not a login that holds none."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or groups_of(user) & set(ROLE_GROUPS):
        return True
    return (
        Goal.objects.filter(owner=user).exists()
        or Indicator.objects.filter(responsible_person=user).exists()
    )


def can_enter_values(user) -> bool:
    """Enter or import values: whoever is responsible for at least one indicator."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or Indicator.objects.editable_by(user).exists()


def goals_to_propose_on(user, indicator):
    """The goals served by `indicator` whose owner `user` is: where they may propose a change
    of its targets (core/roles.can_propose_change)."""
    if not user.is_authenticated:
        return Goal.objects.none()
    return Goal.objects.filter(indicators=indicator, owner=user).order_by("aim__order", "order")


@dataclass
class PersonRoles:
    """One person's roles: the groups the administrator grants, and what they are named on."""

    user: object
    groups: frozenset = frozenset()
    goals: list = field(default_factory=list)  # the goals they own, in the strategy's order
    indicators: list = field(default_factory=list)  # the indicators whose values they keep


def people_roles(users) -> list[PersonRoles]:
    """Every user of `users` (a queryset) with their roles, in three queries whatever the count."""
    people = {
        user.pk: PersonRoles(user, frozenset(g.name for g in user.groups.all()) & set(ROLE_GROUPS))
        for user in users.prefetch_related("groups")
    }
    goals = Goal.objects.filter(owner__in=list(people)).order_by("aim__order", "order", "code")
    for goal in goals:
        people[goal.owner_id].goals.append(goal)
    kept = Indicator.objects.filter(responsible_person__in=list(people)).order_by("code")
    for indicator in kept:
        people[indicator.responsible_person_id].indicators.append(indicator)
    return list(people.values())
