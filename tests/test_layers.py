"""The layers hold without tricks: no module of the project is imported inside a function.

`lint-imports` (run by `make test`, contracts in pyproject.toml) checks which package may import
which; an import hidden in a function body would still be counted by it, but it is also how a
cycle is dodged instead of resolved, so it is refused here. The one exception is Django's own
idiom: an AppConfig.ready() that imports a module for its side effects.
"""

import ast

from .conftest import ROOT

SOURCE = ROOT / "src" / "mittaristo"


def hidden_imports() -> list[str]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if path.name == "apps.py" and function.name == "ready":
                continue
            for node in ast.walk(function):
                module = None
                if isinstance(node, ast.ImportFrom):
                    module = "." * node.level + (node.module or "")
                elif isinstance(node, ast.Import):
                    module = ",".join(alias.name for alias in node.names)
                if module and (module.startswith(".") or "mittaristo" in module):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {module}")
    return found


def test_no_module_of_the_project_is_imported_inside_a_function():
    assert hidden_imports() == []
