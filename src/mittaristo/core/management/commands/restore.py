"""`mittaristo restore FILE`: a file made by `mittaristo backup` into the database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mittaristo.core.backup import BackupError, database_restore


class Command(BaseCommand):
    help = (
        "Restore a file made by `mittaristo backup` into the database, which must be empty "
        "unless --clean is given. Stop the app and its workers first."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the backup file")
        parser.add_argument(
            "--clean",
            action="store_true",
            help="replace everything in a database that is not empty (its tables are dropped)",
        )

    def handle(self, *args, file, clean, **options):
        try:
            result = database_restore(path=file, clean=clean)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Restored %(path)s into the %(kind)s database %(name)s (%(tables)s tables).")
            % {
                "path": result.path,
                "kind": result.kind,
                "name": result.database,
                "tables": result.tables,
            }
        )
        if result.dropped:
            self.stdout.write(
                _("Dropped tables the backup does not have: %(tables)s")
                % {"tables": ", ".join(result.dropped)}
            )
        if result.unapplied_migrations:
            self.stdout.write(
                _(
                    "The backup is older than this release: run `mittaristo migrate` "
                    "(%(count)s migrations to apply)."
                )
                % {"count": result.unapplied_migrations}
            )
        if result.unknown_migrations:
            self.stderr.write(
                _(
                    "The backup was made by a newer release (%(count)s migrations this release "
                    "does not know): run that release or newer on it."
                )
                % {"count": result.unknown_migrations}
            )
