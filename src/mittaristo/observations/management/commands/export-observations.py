import io
import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from mittaristo.observations import exports


def _years(text):
    first, _sep, last = text.partition("-")
    return int(first), int(last or first)


class Command(BaseCommand):
    help = "Export observations (current values) to CSV, XLSX or JSON, in the import's columns."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=exports.FORMATS, default="csv")
        parser.add_argument("--out", help="file to write (default: standard output; XLSX needs it)")
        parser.add_argument("--strategy", default="")
        parser.add_argument("--aim", action="append", default=[])
        parser.add_argument("--goal", action="append", default=[])
        parser.add_argument("--indicator", action="append", default=[])
        parser.add_argument("--area", action="append", default=[], help="111, KU111, MK07, SSS")
        parser.add_argument("--years", help="e.g. 2019-2024 or 2023")

    def handle(self, *args, format, out, years, **options):
        try:
            first, last = _years(years) if years else (None, None)
        except ValueError:
            self.stderr.write(_("--years: write e.g. 2019-2024 or 2023"))
            sys.exit(1)
        selection = exports.Selection(
            strategy=options["strategy"],
            aims=tuple(options["aim"]),
            goals=tuple(options["goal"]),
            indicators=tuple(options["indicator"]),
            areas=tuple(options["area"]),
            first_year=first,
            last_year=last,
        )
        codes = selection.codes()
        queryset = selection.queryset(codes)
        if format == "xlsx":
            if not out:
                self.stderr.write(_("XLSX needs --out FILE."))
                sys.exit(1)
            count = exports.export_xlsx(queryset, out, codes)
        elif out:
            with open(
                out, "w", encoding="utf-8-sig" if format == "csv" else "utf-8", newline=""
            ) as f:
                count = getattr(exports, f"export_{format}")(queryset, f, codes)
        else:
            buffer = io.StringIO()
            count = getattr(exports, f"export_{format}")(queryset, buffer, codes)
            self.stdout.write(buffer.getvalue(), ending="")
        if out:
            self.stdout.write(
                _("%(count)s values written to %(file)s.") % {"count": count, "file": out}
            )
