"""The survey templates shipped with Mittaristo (library/*.yaml, in the survey file's format):
their names and descriptions for the page that copies one into a new survey.

Only the names listed here can be asked for, so a request never names a path. The page reads
only each file's name and description (a plain YAML read); `definition.library.templates()`
reads and checks every template in full, as the tests and `load-survey` do, which is too slow
for a page (about 0.1 s a template).
"""

from dataclasses import dataclass
from pathlib import Path

import yaml

from mittaristo.core.translation import TranslatedText

from .definition.library import LIBRARY
from .definition.parse import MAX_BYTES


@dataclass(frozen=True)
class Template:
    filename: str
    path: Path
    code: str
    name: TranslatedText
    description: TranslatedText


def _text(value) -> TranslatedText:
    return TranslatedText(value if isinstance(value, dict | str) else None)


def _read(path: Path) -> Template | None:
    if path.stat().st_size > MAX_BYTES:
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    return Template(
        filename=path.name,
        path=path,
        code=str(data.get("code") or path.stem),
        name=_text(data.get("name")) or TranslatedText(path.stem),
        description=_text(data.get("description")),
    )


def templates(library: Path | None = None) -> list[Template]:
    """The shipped templates in the order of their file names (none if the folder is absent)."""
    folder = library or LIBRARY
    if not folder.is_dir():
        return []
    found = (_read(path) for path in sorted(folder.glob("*.yaml")))
    return [t for t in found if t is not None]


def template_named(filename: str, library: Path | None = None) -> Template | None:
    return next((t for t in templates(library) if t.filename == filename), None)
