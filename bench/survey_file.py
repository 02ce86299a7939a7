"""Benchmark: how long reading a survey file takes, for the templates and the largest file the
reader accepts (surveys/definition/parse.py MAX_BYTES).

    .venv/bin/python bench/survey_file.py [--repeat 5]

Reading is the size check, the scan for aliases and nesting (libyaml), PyYAML's pure-Python
reader with line numbers (the strategy file's), the JSON Schema and the checks; no database.
The largest file is made of Likert questions in three languages, 200 to a section, up to the
limit. The limit bounds what one upload can cost a server.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluation_db import timed  # noqa: E402

QUESTION = (
    "      - code: q{i}\n        kind: likert\n"
    "        text: {{fi: Kysymys numero {i} on tässä., sv: Fråga nummer {i}., "
    "en: Question number {i}.}}\n"
    "        low: {{fi: Täysin eri mieltä, sv: Helt av annan åsikt, en: Strongly disagree}}\n"
    "        high: {{fi: Täysin samaa mieltä, sv: Helt av samma åsikt, en: Strongly agree}}\n"
)


def largest(limit: int) -> tuple[str, int]:
    text, i = "schema_version: 1\ncode: iso\nname: Iso kysely\nsections:\n", 0
    while True:
        part = (f"  - title: Osa {i // 200}\n    questions:\n" if i % 200 == 0 else "") + (
            QUESTION.format(i=i)
        )
        if len((text + part).encode()) > limit:
            return text, i
        text, i = text + part, i + 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mittaristo.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from mittaristo.surveys.definition import LIBRARY, check, parse_survey
    from mittaristo.surveys.definition.parse import MAX_BYTES

    def read(text):
        return lambda: check(parse_survey(text, "bench.yaml"))

    for path in sorted(LIBRARY.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        best, median, problems = timed(read(text), args.repeat)
        assert not problems
        print(
            f"{path.name}: {len(text.encode()) / 1024:.1f} kB, best {best * 1000:.0f} ms, "
            f"median {median * 1000:.0f} ms"
        )
    text, questions = largest(MAX_BYTES)
    best, median, problems = timed(read(text), args.repeat)
    assert not problems
    print(
        f"largest accepted ({len(text.encode()) / 1024:.1f} kB, {questions} questions): "
        f"best {best:.2f} s, median {median:.2f} s"
    )


if __name__ == "__main__":
    main()
