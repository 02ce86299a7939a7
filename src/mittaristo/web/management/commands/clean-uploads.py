"""mittaristo clean-uploads [--hours N]: remove uploaded files left waiting (run it hourly)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from mittaristo.web.uploads import uploads_clean


class Command(BaseCommand):
    help = (
        "Remove uploaded import files older than UPLOAD_MAX_AGE_HOURS (previews never stored, "
        "uploads cut off by a timeout). Safe to run from a timer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=float,
            default=None,
            help="remove files older than this (default: UPLOAD_MAX_AGE_HOURS)",
        )

    def handle(self, *args, hours=None, **options):
        hours = settings.UPLOAD_MAX_AGE_HOURS if hours is None else hours
        removed = uploads_clean(hours=hours)
        self.stdout.write(
            _("%(count)s uploaded file(s) older than %(hours)s hours removed.")
            % {"count": len(removed), "hours": hours}
        )
