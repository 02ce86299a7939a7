"""Which organisation a survey command acts for."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from mittaristo.strategy.models import Organisation


def organisation_named(code: str | None) -> Organisation:
    """The organisation of --organisation, or the only one stored; CommandError otherwise."""
    if code:
        found = Organisation.objects.filter(code=code).first()
        if found is None:
            raise CommandError(_("No organisation has the code '%(code)s'.") % {"code": code})
        return found
    found = list(Organisation.objects.order_by("code")[:2])
    if not found:
        raise CommandError(
            _("No organisation is stored: load a strategy with `mittaristo load-strategy FILE`.")
        )
    if len(found) > 1:
        codes = ", ".join(o.code for o in Organisation.objects.order_by("code"))
        raise CommandError(
            _("Several organisations are stored; name one with --organisation: %(codes)s")
            % {"codes": codes}
        )
    return found[0]
