"""People and their roles, for the administrator: grant and remove the group roles.

The strategy lead and the viewer are groups the administrator grants here; a goal owner and a
data steward are named on the goal or indicator itself (changed where the goal or indicator
is), so the page shows those with links and does not change them. The administrator role
(a superuser) is given on the command line (`mittaristo createsuperuser`) or in the admin.
"""

import logging

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from mittaristo.core.roles import (
    ROLE_GROUPS,
    ROLE_NAMES,
    is_administrator,
    role_required,
    roles_set,
)
from mittaristo.strategy.roles import memberships_set, people_roles

from .organisations import organisation_or_404, request_organisation, several_organisations

log = logging.getLogger("mittaristo.roles")


def _organisation(request):
    """Whose roles the page gives: the request's organisation (404 with several and none
    chosen); None in an installation without one, where the global groups are given."""
    if several_organisations(request):
        return organisation_or_404(request)
    return request_organisation(request)


@role_required(is_administrator)
def role_list(request):
    """Everyone who can log in, with their roles; a form per person for the group roles."""
    users = get_user_model().objects.filter(is_active=True).order_by("username")
    organisation = _organisation(request)
    return render(
        request,
        "web/roles.html",
        {
            "organisation": organisation,
            "people": people_roles(users, organisation, single=not several_organisations(request)),
            "role_groups": [(name, ROLE_NAMES[name]) for name in ROLE_GROUPS],
            "role_names": ROLE_NAMES,
        },
    )


@role_required(is_administrator)
def role_change(request, pk):
    """Give one person exactly the group roles ticked on the list (POST)."""
    if request.method != "POST":
        return redirect("roles")
    person = get_object_or_404(get_user_model(), pk=pk, is_active=True)
    wanted = {name for name in ROLE_GROUPS if request.POST.get(name)}
    organisation = _organisation(request)
    if organisation is None:  # no organisation yet: the global role groups
        granted, removed = roles_set(user=person, groups=wanted)
    else:
        granted, removed = memberships_set(user=person, organisation=organisation, groups=wanted)
    if granted or removed:
        log.info(
            "roles of %s in %s changed by %s: granted %s, removed %s",
            person.get_username(),
            organisation.code if organisation else "-",
            request.user.get_username(),
            sorted(granted),
            sorted(removed),
        )
        names = ", ".join(str(ROLE_NAMES[name]) for name in ROLE_GROUPS if name in wanted)
        messages.success(
            request,
            _("The roles of %(person)s are now: %(roles)s.")
            % {"person": person.get_username(), "roles": names or _("none")},
        )
    return redirect("roles")
