from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from mittaristo.api.models import ApiToken
from mittaristo.api.tokens import TokenError, api_token_create, api_token_revoke, indicators_named
from mittaristo.strategy.management.options import add_organisation_option, organisation_option


class Command(BaseCommand):
    help = (
        "API tokens of the city's systems for the write API: create (prints the token once), "
        "revoke, list. A token writes the indicators of one organisation. See docs/api.md."
    )

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        create = commands.add_parser("create", help="a new token; the token is printed once")
        create.add_argument("--name", required=True, help="the system, e.g. talousjärjestelmä")
        create.add_argument(
            "--indicator",
            required=True,
            help="the indicator codes it may write, separated by commas",
        )
        create.add_argument("--strategy", help="the strategy of the codes, if several have them")
        add_organisation_option(create)
        revoke = commands.add_parser("revoke", help="the token of this name gets 401 from now on")
        revoke.add_argument("name")
        add_organisation_option(revoke)
        listing = commands.add_parser("list", help="every token: name, beginning, indicators, use")
        add_organisation_option(listing)

    def handle(self, *args, action, **options):
        try:
            getattr(self, action)(**options)
        except TokenError as error:
            raise CommandError(str(error)) from None

    def create(self, *, name, indicator, strategy, organisation, **options):
        chosen = organisation_option(organisation)
        codes = [code.strip() for code in indicator.split(",") if code.strip()]
        token, secret = api_token_create(
            name=name,
            organisation=chosen,
            indicators=indicators_named(codes, strategy, organisation=chosen),
        )
        self.stdout.write(
            _(
                "Token “%(name)s” of %(organisation)s for %(codes)s. Give it to the system now: "
                "it is not shown again."
            )
            % {
                "name": token.name,
                "organisation": token.organisation.address,
                "codes": ", ".join(codes),
            }
        )
        self.stdout.write(secret)

    def revoke(self, *, name, organisation, **options):
        chosen = organisation_option(organisation)
        token = ApiToken.objects.active().filter(organisation=chosen, name=name).first()
        if token is None:
            raise CommandError(_("No token in use is named “%(name)s”.") % {"name": name})
        api_token_revoke(token=token)
        self.stdout.write(_("Token “%(name)s” revoked.") % {"name": name})

    def list(self, *, organisation, **options):
        chosen = organisation_option(organisation, needed=False)
        tokens = ApiToken.objects.select_related("organisation").prefetch_related("indicators")
        if chosen is not None:
            tokens = tokens.filter(organisation=chosen)
        for token in tokens:
            state = (
                _("revoked %(when)s") % {"when": _moment(token.revoked_at)}
                if token.revoked
                else _("last used %(when)s") % {"when": _moment(token.last_used_at)}
            )
            codes = ", ".join(sorted(i.code for i in token.indicators.all()))
            where = token.organisation.address
            self.stdout.write(f"{where}\t{token.name}\t{token.prefix}…\t{codes}\t{state}")
        if not tokens:
            self.stdout.write(_("No API tokens."))


def _moment(when) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%d %H:%M") if when else _("never")
