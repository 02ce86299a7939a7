"""Which organisation a survey command acts for."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from mittaristo.strategy.management.options import organisation_option
from mittaristo.strategy.models import Organisation


def organisation_named(text: str | None) -> Organisation:
    """The organisation of --organisation (its address or municipality code), or the only one
    stored; CommandError otherwise."""
    if not text and not Organisation.objects.exists():
        raise CommandError(
            _("No organisation is stored: load a strategy with `mittaristo load-strategy FILE`.")
        )
    return organisation_option(text)


def organisation_code(text: str | None) -> str | None:
    """The municipality code of the organisation --organisation names (address or code), or
    None when it names none (the survey's code then chooses, or says it is ambiguous)."""
    found = organisation_option(text, needed=False) if text else None
    return found.code if found else None
