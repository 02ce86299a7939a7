"""mittaristo compute-indices [--organisation CODE_OR_SLUG] [--strategy CODE] [--indicator CODE]"""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mittaristo.indices import IndexDefinitionError
from mittaristo.monitoring.indices import index_values_store, indices_in_order
from mittaristo.strategy.management.options import (
    add_organisation_option,
    organisation_option,
    strategy_option,
)
from mittaristo.strategy.models import Strategy


class Command(BaseCommand):
    help = _(
        "Compute the composite indices for every year and every area of their reference set "
        "and store them as the indices' values (run again after the components' values or "
        "an index's definition change)."
    )

    def add_arguments(self, parser):
        add_organisation_option(parser)
        parser.add_argument("--strategy", help=_("the strategy's code (default: every strategy)"))
        parser.add_argument("--indicator", help=_("one index's code (default: every index)"))

    def handle(self, *args, organisation, strategy, indicator, **options):
        # Without --organisation, every organisation's strategies (nothing is ambiguous).
        chosen = organisation_option(organisation, needed=False)
        if strategy:
            strategies = [strategy_option(strategy, chosen)]
        else:
            strategies = list(Strategy.objects.of(chosen) if chosen else Strategy.objects.all())
        codes = {indicator} if indicator else None
        indices = [(s, x) for s in strategies for x in indices_in_order(s, codes)]
        if indicator and not indices:
            raise CommandError(
                _("no composite index '%(code)s' with a definition") % {"code": indicator}
            )
        failed = False
        for owner, index in indices:
            try:
                report = index_values_store(indicator=index)
            except IndexDefinitionError as error:
                failed = True
                self.stderr.write(f"{owner.code}/{index.code}: {error}")
                continue
            self.stdout.write(
                _(
                    "%(strategy)s/%(code)s (definition %(version)s): %(created)s created, "
                    "%(changed)s changed, %(unchanged)s unchanged, %(removed)s removed."
                )
                % {
                    "strategy": owner.code,
                    "code": index.code,
                    "version": report.version,
                    "created": report.created,
                    "changed": report.changed,
                    "unchanged": report.unchanged,
                    "removed": report.removed,
                }
            )
        if failed:
            sys.exit(1)
