"""mittaristo record-schema: the JSON Schema of the evaluation record, as docs/ keeps it."""

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from mittaristo.monitoring.records import record_schema


class Command(BaseCommand):
    help = _("Print the JSON Schema of the evaluation record (docs/evaluation-record.schema.json).")

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(record_schema(), ensure_ascii=False, indent=2))
