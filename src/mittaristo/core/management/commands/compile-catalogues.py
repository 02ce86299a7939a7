"""Compile the gettext catalogues (locale/*/LC_MESSAGES/django.po → .mo) with Babel.

Django's own compilemessages needs GNU gettext's msgfmt, which a fresh machine may not
have; Babel is pure Python and already a dependency.
"""

import os
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po → .mo) without GNU gettext."

    def handle(self, *args, **options):
        problems = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                with po_path.open("rb") as f:
                    catalog = read_po(f, locale=po_path.parent.parent.name)
                for message, errors in catalog.check():
                    for error in errors:
                        problems += 1
                        self.stderr.write(f"{po_path}:{message.lineno}: {error}")
                # Written beside and renamed into place: a server reading the catalogue while a
                # deploy compiles it sees the old file or the new one, never half of one.
                partial = po_path.with_suffix(f".mo.{os.getpid()}")
                with partial.open("wb") as f:
                    write_mo(f, catalog)
                partial.replace(po_path.with_suffix(".mo"))
                self.stdout.write(f"{po_path.with_suffix('.mo')}: {len(catalog)} messages")
        if problems:
            sys.exit(1)
