"""The role predicates that read who owns a goal or keeps an indicator's values: beside the
strategy's models, above the group roles of core/roles.py."""

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
