"""What the commands' common options (--organisation CODE_OR_SLUG, --strategy CODE, --as-of
DATE) mean, with one message for each mistake (a CommandError: one line, never a traceback)."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from mittaristo.core.dates import parse_date
from mittaristo.strategy.models import Organisation, Strategy

ORGANISATION_HELP = _(
    "the organisation, by its address or municipality code (heinola, 111); "
    "needed when the installation has several"
)


def add_organisation_option(parser) -> None:
    parser.add_argument("--organisation", help=ORGANISATION_HELP)


def organisations_listed() -> str:
    """The organisations as a command's message names them: "heinola (111), …"."""
    return (
        ", ".join(
            f"{o.address} ({o.code})" if o.slug else o.code
            for o in Organisation.objects.order_by("code")
        )
        or "—"
    )


def organisation_option(text: str | None, *, needed: bool = True) -> Organisation | None:
    """The organisation named by --organisation (its slug or municipality code). Without it:
    the only organisation, or None when there is none; with several, a message naming them
    (or, with `needed=False`, None: the command then acts on every organisation)."""
    if text:
        text = text.strip()
        found = Organisation.objects.filter(slug=text).first()
        found = found or Organisation.objects.filter(code=text).first()
        if found is None:
            raise CommandError(
                _("no organisation '%(name)s' (there are: %(names)s)")
                % {"name": text, "names": organisations_listed()}
            )
        return found
    first_two = list(Organisation.objects.order_by("pk")[:2])
    if len(first_two) <= 1:
        return first_two[0] if first_two else None
    if not needed:
        return None
    raise CommandError(
        _("the installation has several organisations: name one with --organisation (%(names)s)")
        % {"names": organisations_listed()}
    )


def strategy_option(code: str | None, organisation: Organisation | None = None) -> Strategy:
    """The strategy `code` (of `organisation` if given; without a code, its strategy in
    force), or a message naming the strategies there are."""
    strategies = Strategy.objects.all()
    if organisation is not None:
        strategies = strategies.filter(organisation=organisation)
    found = strategies.filter(code=code).first() if code else strategies.current()
    if found is None:
        codes = ", ".join(strategies.values_list("code", flat=True)) or "—"
        raise CommandError(
            _("no strategy '%(code)s' (there are: %(codes)s)") % {"code": code, "codes": codes}
        )
    return found


def as_of_option(text: str | None):
    """The date of --as-of (None when not given), or a message saying how to write one."""
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        raise CommandError(
            _("--as-of: '%(value)s' is not a date (write 2025-03-01 or 1.3.2025)") % {"value": text}
        ) from None
