"""mittaristo load-areas [--replay DIR | --record DIR] [--population CODE [--jobs CODE]]"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mittaristo.sources.area_register import areas_classify, areas_register
from mittaristo.sources.fetching import make_clients
from mittaristo.sources.http import SourceError
from mittaristo.strategy.models import Indicator


class Command(BaseCommand):
    help = _(
        "Load every municipality and region with their names, and each municipality's region, "
        "from THL Sotkanet's list of regions; with --population, set size classes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--record", help=_("save every response in this folder"))
        parser.add_argument("--replay", help=_("read responses from this folder, not the network"))
        parser.add_argument(
            "--population",
            help=_("the code of the indicator holding population: sets each size class"),
        )
        parser.add_argument(
            "--jobs", help=_("the code of the indicator holding jobs in the municipality")
        )
        parser.add_argument("--no-regions", action="store_true", help=_("skip the list of regions"))

    def handle(self, *args, record, replay, population, jobs, no_regions, **options):
        if record and replay:
            raise CommandError(_("Choose --record or --replay, not both."))
        if jobs and not population:
            raise CommandError(_("--jobs needs --population."))
        indicator = _indicator("--population", population) if population else None
        jobs_indicator = _indicator("--jobs", jobs) if jobs else None
        if not no_regions:
            try:
                regions = make_clients(record=record, replay=replay).regions()
            except SourceError as error:
                raise CommandError(
                    _("Sotkanet's list of regions: %(error)s. Nothing was stored.")
                    % {"error": error}
                ) from None
            report = areas_register(regions)
            self.stdout.write(
                _("Areas: %(created)s created, %(renamed)s renamed, %(linked)s linked to a region.")
                % {k: report[k] for k in ("created", "renamed", "linked")}
            )
        if indicator is not None:
            report = areas_classify(indicator, jobs_indicator)
            self.stdout.write(
                _(
                    "Size classes from %(indicator)s: %(classified)s set, %(unchanged)s "
                    "unchanged, %(missing)s municipalities without a value."
                )
                % {
                    "indicator": indicator.code,
                    "classified": report["classified"],
                    "unchanged": report["unchanged"],
                    "missing": report["without a value"],
                }
            )


def _indicator(option, code):
    found = list(Indicator.objects.filter(code=code)[:2])
    if len(found) != 1:
        raise CommandError(
            _("%(option)s: no single indicator with the code '%(code)s'")
            % {"option": option, "code": code}
        )
    return found[0]
