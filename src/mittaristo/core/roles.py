"""Who may do what: the five roles as predicates, and the view decorator that applies them.

administrator   a superuser: everything
strategy lead   member of the group STRATEGY_LEAD: runs review rounds, reads everything internal
goal owner      Goal.owner: assesses their own goals, proposes changes to them
data steward    Indicator.responsible_person: enters the values of their own indicators
viewer          member of the group VIEWER (council, staff): reads everything internal
finance         member of the group FINANCE (financial services): keeps the investment
                register, reads everything internal

The groups are created by data migrations (core/migrations/0002_role_groups.py; the finance
group by investments/migrations/0002_finance_group.py); owners
and stewards need no group, their objects say who they are. A logged-in person without the
role gets 403 (PermissionDenied) and nothing changes.
"""

import functools
from contextvars import ContextVar
from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy

STRATEGY_LEAD = "strategy_lead"
VIEWER = "viewer"
FINANCE = "finance"
ROLE_GROUPS = (STRATEGY_LEAD, VIEWER, FINANCE)

# The five roles as the interface names them (pääkäyttäjä, strategiavastaava, tavoitteen
# omistaja, tiedon ylläpitäjä, lukija), in the order of the list of people.
ADMINISTRATOR, GOAL_OWNER, DATA_STEWARD = "administrator", "goal_owner", "data_steward"
ROLE_NAMES = {
    ADMINISTRATOR: gettext_lazy("administrator"),
    STRATEGY_LEAD: gettext_lazy("strategy lead"),
    GOAL_OWNER: gettext_lazy("goal owner"),
    DATA_STEWARD: gettext_lazy("data steward"),
    VIEWER: gettext_lazy("viewer"),
    FINANCE: gettext_lazy("finance"),
}


# The organisation a request is about (web/organisations.py sets it for each request): an
# object with `organisation` (or None) and `groups(user)`, the group roles a person holds in
# it. Outside a request (commands, the worker) there is none, and the global role groups count.
SCOPE: ContextVar = ContextVar("mittaristo_role_scope", default=None)


def current_organisation():
    """The organisation of the request being served, or None (outside a request, or a request
    that is about no organisation)."""
    scope = SCOPE.get()
    return scope.organisation if scope is not None else None


def scoped() -> bool:
    """Whether a request's organisation decides the roles (False in commands and the worker)."""
    return SCOPE.get() is not None


def groups_of(user) -> frozenset[str]:
    """The user's role groups: in a request, those they hold in the request's organisation
    (docs/organisations.md); elsewhere the global role groups. Read once per user object."""
    if not user.is_authenticated:
        return frozenset()
    scope = SCOPE.get()
    if scope is None:
        return global_groups(user)
    held = getattr(user, "_mittaristo_scoped_groups", None)
    if held is None or held[0] is not scope:
        held = (scope, frozenset(scope.groups(user)))
        user._mittaristo_scoped_groups = held
    return held[1]


def global_groups(user) -> frozenset[str]:
    """The user's global role groups, read once per user object (a request reads them at most
    once). A user loaded for a request by RoleBackend brings them along; others read them here.
    """
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_mittaristo_groups", None)
    if cached is None:
        loaded = [group for group in ROLE_GROUPS if hasattr(user, _flag(group))]
        if len(loaded) == len(ROLE_GROUPS):
            cached = frozenset(group for group in ROLE_GROUPS if getattr(user, _flag(group)))
        else:
            cached = frozenset(user.groups.values_list("name", flat=True)) & set(ROLE_GROUPS)
        user._mittaristo_groups = cached
    return cached


def _flag(group: str) -> str:
    return f"_mittaristo_in_{group}"


class RoleBackend(ModelBackend):
    """Django's model backend, except that the user of each request is read with their role
    groups in the same query (settings.AUTHENTICATION_BACKENDS): every internal page asks."""

    def get_user(self, user_id):
        # The query is compiled once per process and then run raw: compiling the ORM's three
        # Exists subqueries cost more than running them, on every request.
        sql, params = _user_query()
        found = list(get_user_model()._default_manager.raw(sql, [*params[:-1], user_id]))
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None


@functools.cache
def _user_query() -> tuple[str, tuple]:
    """RoleBackend's query as the ORM writes it (the user, with a flag per role group), for
    any user id: the id is its last parameter."""
    in_group = {
        _flag(group): Exists(Group.objects.filter(user=OuterRef("pk"), name=group))
        for group in ROLE_GROUPS
    }
    query = get_user_model()._default_manager.annotate(**in_group).filter(pk=-1)[:1].query
    sql, params = query.sql_with_params()
    assert params[-1] == -1, params  # the id, compared last
    return sql, params


def is_administrator(user) -> bool:
    """Manage people's roles: the administrator (a superuser) only."""
    return user.is_authenticated and user.is_superuser


@transaction.atomic
def roles_set(*, user, groups: set[str]) -> tuple[set[str], set[str]]:
    """Give `user` exactly the role groups `groups` (of ROLE_GROUPS); other groups stay.

    Returns the groups granted and the groups removed.
    """
    wanted = set(groups) & set(ROLE_GROUPS)
    held = set(user.groups.filter(name__in=ROLE_GROUPS).values_list("name", flat=True))
    granted, removed = wanted - held, held - wanted
    for name in granted:  # the migration makes the groups; a flushed test database may lack them
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    if removed:
        user.groups.remove(*Group.objects.filter(name__in=removed))
    user.__dict__.pop("_mittaristo_groups", None)
    user.__dict__.pop("_mittaristo_scoped_groups", None)
    return granted, removed


def is_strategy_lead(user) -> bool:
    return user.is_authenticated and (user.is_superuser or STRATEGY_LEAD in groups_of(user))


def can_run_rounds(user) -> bool:
    """Open, return, approve and publish review rounds: the strategy lead (and administrator)."""
    return is_strategy_lead(user)


def can_change_strategy(user) -> bool:
    """Change targets, milestones and goals' texts by decision: the strategy lead (and
    administrator)."""
    return is_strategy_lead(user)


def can_manage_investments(user) -> bool:
    """Add, change and import the investment register's projects: the finance role and the
    strategy lead (and administrator)."""
    return is_strategy_lead(user) or (user.is_authenticated and FINANCE in groups_of(user))


def can_edit_indicator(user, indicator) -> bool:
    """Enter and correct the values of this indicator: its data steward (and administrator)."""
    return user.is_authenticated and indicator.is_editable_by(user)


def can_assess_goal(user, goal) -> bool:
    """Write the assessment of this goal in a review round: its owner (and administrator);
    the strategy lead for a goal that has no owner, so no goal is left without one."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or goal.owner_id == user.pk:
        return True
    return goal.owner_id is None and is_strategy_lead(user)


def can_propose_change(user, goal) -> bool:
    """Propose a change of this goal's texts or of its indicators' targets, for the strategy
    lead to accept or return: the goal's owner."""
    return user.is_authenticated and goal.owner_id is not None and goal.owner_id == user.pk


def role_required(predicate):
    """View decorator: log in first (redirect), then 403 unless predicate(request.user)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator
