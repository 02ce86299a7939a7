import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mittaristo.sources.areas import area_key
from mittaristo.sources.fetching import make_clients
from mittaristo.sources.services import bound_indicators, indicator_fetch, series_work
from mittaristo.strategy.models import Indicator


class Command(BaseCommand):
    help = (
        "Fetch the indicators bound to open data (Statistics Finland, THL Sotkanet), for every "
        "municipality, and store them. Prints created/changed/unchanged per indicator; an "
        "indicator that fails keeps its stored values. Exits 1 if any failed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            help="only this source: statfin, kuntien_avainluvut, kuntien_talous, sotkanet",
        )
        parser.add_argument(
            "--indicator", help="only the indicator with this code (or these: code,code,...)"
        )
        parser.add_argument("--areas", default="all", help="all, or area codes: 111,091,MK07,SSS")
        parser.add_argument("--since", type=int, help="only years from this one on")
        parser.add_argument("--record", help="save every response in this folder")
        parser.add_argument("--replay", help="read responses from this folder, not the network")

    def handle(self, *args, source, indicator, areas, since, record, replay, **options):
        if record and replay:
            raise CommandError(_("Choose --record or --replay, not both."))
        chosen_areas = None
        if areas != "all":
            chosen_areas = set()
            for code in areas.split(","):
                key = area_key(code.strip() if len(code.strip()) != 2 else f"MK{code.strip()}")
                if key is None:
                    raise CommandError(_("Unknown area code '%(code)s'.") % {"code": code})
                chosen_areas.add(key)
        codes = [c.strip() for c in indicator.split(",")] if indicator else [None]
        # One command for many indicators: each command costs the start of the application.
        work = []
        for code in codes:
            found = bound_indicators(Indicator.objects.all(), source=source, code=code)
            if code and not found and len(codes) > 1:
                raise CommandError(
                    _("No indicator %(code)s is bound to a source that can be fetched.")
                    % {"code": code}
                )
            work += found
        if not work:
            raise CommandError(_("No indicator is bound to a source that can be fetched."))
        # Each statistic once, however many organisations' indicators bind it.
        work = series_work(work)
        clients = make_clients(record=record, replay=replay)
        failed = 0
        for number, (item, binding, label) in enumerate(work, start=1):
            self._progress(number, len(work), label)
            try:
                outcome = indicator_fetch(
                    indicator=item,
                    binding=binding,
                    clients=clients,
                    areas=chosen_areas,
                    since=since,
                    label=label,
                )
            except KeyboardInterrupt:
                self._progress_end()
                self.stderr.write(
                    _(
                        "Interrupted while fetching %(indicator)s: its stored values are as "
                        "they were. Run the command again to resume."
                    )
                    % {"indicator": label}
                )
                sys.exit(130)
            self._progress_end()
            if outcome.error:
                failed += 1
                self.stderr.write(
                    _("%(indicator)s: FAILED, stored values unchanged: %(error)s")
                    % {"indicator": label, "error": outcome.error}
                )
                continue
            self.stdout.write(
                _(
                    "%(indicator)s: %(created)s created, %(changed)s changed, "
                    "%(unchanged)s unchanged, %(missing)s missing in the source"
                )
                % {
                    "indicator": label,
                    "created": outcome.created,
                    "changed": outcome.changed,
                    "unchanged": outcome.unchanged,
                    "missing": outcome.missing,
                }
            )
        if failed:
            sys.exit(1)

    def _progress(self, number, total, code):
        if sys.stderr.isatty():
            width = 30
            done = width * (number - 1) // total
            sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {number}/{total} {code} ")
            sys.stderr.flush()

    def _progress_end(self):
        if sys.stderr.isatty():
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
