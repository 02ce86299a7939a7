"""Fill translations into a .po catalogue from a JSON file {msgid: msgstr}; clears the fuzzy flag.

Usage: python scripts/fill_catalogue.py LANG translations.json
A helper for translators; the catalogues themselves are the source of truth.
"""

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).resolve().parent.parent / "src" / "mittaristo" / "locale"


def main(language: str, translations_file: str) -> None:
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    with path.open("rb") as f:
        catalog = read_po(f, locale=language)
    translations = json.loads(Path(translations_file).read_text(encoding="utf-8"))
    for message in catalog:
        if message.id in translations:
            message.string = translations[message.id]
            message.flags.discard("fuzzy")
    with path.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False, include_previous=False)


if __name__ == "__main__":
    main(*sys.argv[1:])
