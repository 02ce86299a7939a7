"""The strategy definition file: YAML in, checked data out, then loaded into the database.

read_definition(path) parses and checks a file (and the file it extends) and returns a
Definition, or raises DefinitionError with every problem found, each naming file and line.
load.strategy_load() writes a checked Definition to the database in one transaction.
"""

from .check import check
from .parse import Definition, DefinitionError, Problem, read_validated

__all__ = ["Definition", "DefinitionError", "Problem", "read_definition"]


def read_definition(path) -> Definition:
    """Read, validate and check a strategy file (or an overlay and the file it extends)."""
    definition = read_validated(path)
    problems = check(definition)
    if problems:
        raise DefinitionError(problems)
    return definition
