"""The role predicates that read who owns a goal or keeps an indicator's values: beside the
strategy's models, above the group roles of core/roles.py."""

import functools
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q

from mittaristo.core.roles import (
    ROLE_GROUPS,
    SCOPE,
    current_organisation,
    global_groups,
    groups_of,
    roles_set,
    scoped,
)

from .models import Aim, Goal, Indicator, Membership, Organisation, Strategy

# What holdings() marks beside the group roles: owns a goal, keeps an indicator's values
# (ENTERS: one whose values are entered, not fetched into a national series).
OWNER, STEWARD, ENTERS = "owner", "steward", "enters"


@functools.cache
def _holdings_sql() -> str:
    """What holdings() reads, in plain SQL: it runs on every internal page, and building it
    through the ORM (a union of three joined querysets) cost more than running it."""
    q = connection.ops.quote_name
    member, goal, aim = Membership._meta.db_table, Goal._meta.db_table, Aim._meta.db_table
    indicator, strategy = Indicator._meta.db_table, Strategy._meta.db_table
    return f"""
        SELECT organisation_id, role FROM {q(member)} WHERE user_id = %s
        UNION ALL
        SELECT st.organisation_id, '{OWNER}' FROM {q(goal)} g
        JOIN {q(aim)} a ON a.id = g.aim_id JOIN {q(strategy)} st ON st.id = a.strategy_id
        WHERE g.owner_id = %s
        UNION ALL
        SELECT st.organisation_id,
               CASE WHEN i.series_id IS NULL THEN '{ENTERS}' ELSE '{STEWARD}' END
        FROM {q(indicator)} i JOIN {q(strategy)} st ON st.id = i.strategy_id
        WHERE i.responsible_person_id = %s
    """


def holdings(user) -> dict[int, frozenset[str]]:
    """Organisation id → what `user` holds there: their memberships' group roles, OWNER,
    STEWARD and ENTERS; one query. In a request it is read once (kept with the request's
    scope, like core.roles.groups_of): every internal page asks the roles, whether the person
    may enter values and which organisations they may choose (web/navigation.py)."""
    if not user.is_authenticated:
        return {}
    scope = SCOPE.get()
    kept = getattr(user, "_mittaristo_holdings", None)
    if scope is not None and kept is not None and kept[0] is scope:
        return kept[1]
    found: dict = {}
    with connection.cursor() as cursor:
        cursor.execute(_holdings_sql(), [user.pk] * 3)
        for organisation, mark in cursor.fetchall():
            found.setdefault(organisation, set()).add(mark)
    held = {organisation: frozenset(marks) for organisation, marks in found.items()}
    if scope is not None:
        user._mittaristo_holdings = (scope, held)
    return held


def organisation_groups(user, organisation, *, single: bool) -> frozenset[str]:
    """The group roles `user` holds in `organisation`: their memberships there, and, while the
    installation has a `single` organisation, their global role groups (docs/organisations.md)."""
    if not user.is_authenticated:
        return frozenset()
    held = frozenset()  # none for None
    if organisation is not None:
        held = holdings(user).get(organisation.pk, frozenset()) & set(ROLE_GROUPS)
    return held | global_groups(user) if single else held


def holds_in(user, organisation, marks) -> bool:
    """Whether `user` holds any of `marks` in `organisation` (holdings, read once a request)."""
    return organisation is not None and bool(holdings(user).get(organisation.pk, set()) & marks)


def _in_scope(goals, indicators):
    """Goals and indicators of the request's organisation (every one outside a request)."""
    if not scoped():
        return goals, indicators
    organisation = current_organisation()
    return (
        goals.filter(aim__strategy__organisation=organisation),
        indicators.filter(strategy__organisation=organisation),
    )


def people_of(organisation, users):
    """Of `users`, those an organisation may name as a goal's owner or an indicator's keeper:
    with several organisations, those who hold a role in it or none anywhere yet (not another
    organisation's staff, whom it must not see); with one, everyone."""
    if Organisation.objects.count() <= 1:
        return users
    goals, indicators = Goal.objects.all(), Indicator.objects.all()
    here_goals = goals.filter(aim__strategy__organisation=organisation)
    here_indicators = indicators.filter(strategy__organisation=organisation)
    in_it = (
        Q(memberships__organisation=organisation)
        | Q(pk__in=here_goals.values("owner"))
        | Q(pk__in=here_indicators.values("responsible_person"))
    )
    nowhere = (
        Q(memberships__isnull=True)
        & ~Q(pk__in=goals.exclude(owner=None).values("owner"))
        & ~Q(pk__in=indicators.exclude(responsible_person=None).values("responsible_person"))
    )
    return users.filter(pk__in=users.model.objects.filter(in_it | nowhere).values("pk"))


def can_view_internal(user) -> bool:
    """Read the internal application (of the request's organisation): every role, but not a
    login that holds none there."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or groups_of(user) & set(ROLE_GROUPS):
        return True
    if scoped():
        return holds_in(user, current_organisation(), {OWNER, STEWARD, ENTERS})
    goals, indicators = _in_scope(Goal.objects.all(), Indicator.objects.all())
    return goals.filter(owner=user).exists() or indicators.filter(responsible_person=user).exists()


def can_enter_values(user) -> bool:
    """Enter or import values: whoever is responsible for at least one indicator (of the
    request's organisation)."""
    if not user.is_authenticated:
        return False
    if scoped() and not user.is_superuser:
        return holds_in(user, current_organisation(), {ENTERS})
    _goals, indicators = _in_scope(Goal.objects.none(), Indicator.objects.editable_by(user))
    return user.is_superuser or indicators.exists()


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


def people_roles(users, organisation=None, *, single: bool = True) -> list[PersonRoles]:
    """Every user of `users` (a queryset) with their roles in `organisation` (None: the global
    role groups, and goals and indicators everywhere), in four queries whatever the count."""
    members: dict[int, set[str]] = {}
    if organisation is not None:
        for user_id, role in Membership.objects.filter(organisation=organisation).values_list(
            "user_id", "role"
        ):
            members.setdefault(user_id, set()).add(role)
    people = {}
    for user in users.prefetch_related("groups"):
        held = set(members.get(user.pk, ()))
        if organisation is None or single:
            held |= {g.name for g in user.groups.all()} & set(ROLE_GROUPS)
        people[user.pk] = PersonRoles(user, frozenset(held))
    goals = Goal.objects.filter(owner__in=list(people)).order_by("aim__order", "order", "code")
    kept = Indicator.objects.filter(responsible_person__in=list(people)).order_by("code")
    if organisation is not None:
        goals = goals.filter(aim__strategy__organisation=organisation)
        kept = kept.filter(strategy__organisation=organisation)
    for goal in goals:
        people[goal.owner_id].goals.append(goal)
    for indicator in kept:
        people[indicator.responsible_person_id].indicators.append(indicator)
    return list(people.values())


@transaction.atomic
def memberships_set(*, user, organisation, groups: set[str]) -> tuple[set[str], set[str]]:
    """Give `user` exactly the group roles `groups` in `organisation`; their roles elsewhere stay.

    The global role groups are taken away too: while the installation has one organisation
    they would still grant a removed role there (they are copied into memberships first).
    Returns the roles granted and the roles removed.
    """
    wanted = set(groups) & set(ROLE_GROUPS)
    single = Organisation.objects.count() <= 1
    held = set(Membership.objects.roles_of(user, organisation))
    before = held | (set(global_groups(user)) if single else set())
    roles_set(user=user, groups=set())
    Membership.objects.filter(user=user, organisation=organisation).exclude(
        role__in=wanted
    ).delete()
    for role in wanted:
        Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    user.__dict__.pop("_mittaristo_holdings", None)  # read anew
    return wanted - before, before - wanted
