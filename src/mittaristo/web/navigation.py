"""What the navigation offers: only the pages the person's role may open (templates/base.html).

A context processor (settings.TEMPLATES); lazy, so a page that shows no navigation, or a
visitor who is not logged in, asks nothing of the database.
"""

from django.utils.functional import SimpleLazyObject

from mittaristo.core.roles import can_change_strategy, current_organisation, is_administrator
from mittaristo.strategy.proposals import open_count
from mittaristo.strategy.roles import can_enter_values, can_view_internal, holdings


def navigation(request) -> dict:
    user = getattr(request, "user", None)

    def allowed() -> dict:
        if user is None or not user.is_authenticated:
            return {"internal": False, "values": False, "roles": False, "proposals": 0}
        return {
            "internal": can_view_internal(user),
            "values": can_enter_values(user),
            "roles": is_administrator(user),
            # The proposals waiting for the strategy lead's decision, beside My tasks (cached:
            # every page shows it, and a page's queries are counted, tests/web/test_overview.py).
            "proposals": (open_count(current_organisation()) if can_change_strategy(user) else 0),
        }

    def organisations() -> list:
        """For a person with roles in several organisations, on an internal page: each of
        them, with the address of its internal pages (the chooser in base.html)."""
        scope = getattr(request, "mittaristo_scope", None)
        if user is None or not user.is_authenticated or scope is None:
            return []
        # An internal page (the organisation's address taken off), of an installation of several.
        if not request.path_info.startswith("/app/") or scope.single:
            return []
        # Organisation.objects.visible_to, from what the person holds (read once a request)
        # and the organisations kept in the process (strategy/known.py): no query of its own.
        kept = scope.organisations
        if user.is_superuser:
            found = kept.all()
        else:
            found = [kept.get(pk) for pk in holdings(user) if pk in kept.by_pk]
        found.sort(key=lambda o: o.code)
        if len(found) < 2:
            return []
        here = scope.organisation
        return [
            {
                "organisation": o,
                "address": f"{scope.base}{o.address}/app/",
                "current": here is not None and o.pk == here.pk,
            }
            for o in found
        ]

    return {"nav": SimpleLazyObject(allowed), "organisations": SimpleLazyObject(organisations)}
