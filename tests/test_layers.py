"""The package's folders are its layers, and imports point one way.

facts ← rdf ← build ← views / sparql ← api / cli, with geo (the boundaries) beside rdf, used by
views and the front doors, site (the static site) above views, and bench above them all and imported by
nothing but the command line. Every import counts, at the top of a module or inside a function,
except those only made for type checking. The test reads the imports from the source with ast,
so that a module that is never imported is checked too.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "graph"
# Each layer and the layers it may import.
ALLOWED: dict[str, set[str]] = {
    "facts": set(),
    "geo": {"facts"},
    "rdf": {"facts"},
    "build": {"facts", "rdf"},
    "views": {"facts", "geo", "rdf", "build"},
    "sparql": {"facts", "rdf", "build"},
    "site": {"facts", "geo", "rdf", "build", "views"},
    "export": {"facts", "rdf", "build"},
    "api": {"facts", "geo", "rdf", "build", "views", "sparql", "site", "export"},
    "cli": {"facts", "geo", "rdf", "build", "views", "sparql", "site", "export", "api", "bench"},
    "bench": {"facts", "geo", "rdf", "build", "views", "sparql"},
    "__init__": {"api"},
}


def modules() -> list[str]:
    return sorted(".".join(("graph", *path.relative_to(PACKAGE).with_suffix("").parts)) for path in PACKAGE.rglob("*.py"))


def layer(module: str) -> str:
    return module.split(".")[1]


def imports(module: str) -> set[str]:
    """The graph modules ``module`` imports, leaving out imports for type checking only."""
    path = PACKAGE.joinpath(*module.split(".")[1:]).with_suffix(".py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test) for node in ast.walk(block)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{module}: relative import; write `from graph.<layer>.<module> import ...`"
            if node.module and node.module.split(".")[0] == "graph":
                found.update(f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in ALL else node.module for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == "graph")
    return {name for name in found if name in ALL}


ALL = set(modules())


@pytest.mark.parametrize("module", modules())
def test_every_module_imports(module: str) -> None:
    importlib.import_module(module)


@pytest.mark.parametrize("module", modules())
def test_imports_point_down_the_layers(module: str) -> None:
    here = layer(module)
    wrong = sorted(name for name in imports(module) if layer(name) != here and layer(name) not in ALLOWED[here])
    assert not wrong, f"{module} (layer {here}) imports {wrong}; {here} may import only {sorted(ALLOWED[here])}"


def test_no_import_cycles() -> None:
    graph = {module: imports(module) for module in ALL}
    state: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for name in sorted(graph[module]):
            if state.get(name) == 1:
                cycle = [*trail[trail.index(name) :], name] if name in trail else [module, name]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if name not in state:
                visit(name, [*trail, name])
        state[module] = 2

    for module in sorted(ALL):
        if module not in state:
            visit(module, [module])


def test_the_checks_see_imports_inside_functions() -> None:
    # cli imports its commands' modules inside a function: they must be seen.
    assert "graph.bench.benchmark" in imports("graph.cli")
    assert "graph.api" in imports("graph.__init__")


def test_only_the_command_line_imports_the_benchmark() -> None:
    users = sorted(module for module in ALL if layer(module) != "bench" and any(layer(name) == "bench" for name in imports(module)))
    assert users == ["graph.cli"]
