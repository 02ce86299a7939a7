"""`mittaristo backup --out FILE`: the whole database into one file (core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mittaristo.core.backup import BackupError, database_backup


class Command(BaseCommand):
    help = (
        "Back up the database into one file: pg_dump's custom format on PostgreSQL, a copy "
        "made by SQLite's backup API on SQLite. The file is replaced only when complete."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="the backup file to write")

    def handle(self, *args, out, **options):
        try:
            result = database_backup(out=out)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Backed up the %(kind)s database %(name)s into %(path)s (%(size)s bytes).")
            % {
                "kind": result.kind,
                "name": result.database,
                "path": result.path,
                "size": result.size,
            }
        )
