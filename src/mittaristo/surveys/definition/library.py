"""The survey templates shipped with Mittaristo (`surveys/library/*.yaml`), for a person to
copy and adapt: each is a survey file whose bindings name indicators of Heinola's strategy by
code alone, so they bind to the loading organisation's strategy in force."""

from dataclasses import dataclass
from pathlib import Path

from mittaristo.core.translation import TranslatedText

from .check import check
from .parse import SurveyFileError, parse_survey, read_text

LIBRARY = Path(__file__).resolve().parent.parent / "library"


@dataclass(frozen=True)
class Template:
    code: str
    path: Path
    name: TranslatedText
    description: TranslatedText


def templates() -> list[Template]:
    """Every template, by file name; each read and checked (a broken one raises
    SurveyFileError: the tests load them all)."""
    found = []
    for path in sorted(LIBRARY.glob("*.yaml")):
        text, name = read_text(path, f"library/{path.name}")
        definition = parse_survey(text, name)
        problems = check(definition)
        if problems:
            raise SurveyFileError.of(problems)
        data = definition.data
        found.append(
            Template(
                code=data["code"],
                path=path,
                name=TranslatedText(data["name"]),
                description=TranslatedText(data.get("description")),
            )
        )
    return found
