from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mittaristo.core.formatting import number
from mittaristo.investments.indicators import (
    CALCULATIONS,
    LEVERAGE,
    IndicatorMissing,
    investment_indicators_store,
)
from mittaristo.strategy.management.options import (
    add_organisation_option,
    organisation_option,
    strategy_option,
)


class Command(BaseCommand):
    help = _(
        "Compute the leverage effect of the growth investments and the share of large "
        "investments with a calculation from the investment register, and store them as the "
        "strategy's indicators' values (docs/investments.md)."
    )

    def add_arguments(self, parser):
        add_organisation_option(parser)
        parser.add_argument("--strategy", required=True, help=_("the strategy's code"))
        parser.add_argument(
            "--year", type=int, action="append", help=_("a year (default: every year)")
        )

    def handle(self, *args, organisation, strategy, year, **options):
        found = strategy_option(strategy, organisation_option(organisation))
        try:
            report = investment_indicators_store(strategy=found, years=year)
        except IndicatorMissing as error:
            raise CommandError(
                _("the strategy has no indicator %(codes)s") % {"codes": error}
            ) from None
        for figures in report.figures:
            self.stdout.write(
                _(
                    "%(year)s: %(projects)s projects; %(leverage)s: %(lv)s; %(calculations)s: "
                    "%(share)s (%(done)s of %(above)s above the threshold)"
                )
                % {
                    "year": figures.year,
                    "projects": figures.projects,
                    "leverage": LEVERAGE,
                    "lv": "–" if figures.leverage is None else number(figures.leverage),
                    "calculations": CALCULATIONS,
                    "share": "–" if figures.share is None else f"{number(figures.share)} %",
                    "done": figures.with_calculation,
                    "above": figures.above_threshold,
                }
            )
        upsert = report.upsert
        self.stdout.write(
            _("Stored: %(created)s new, %(changed)s changed, %(unchanged)s unchanged.")
            % {"created": upsert.created, "changed": upsert.changed, "unchanged": upsert.unchanged}
        )
