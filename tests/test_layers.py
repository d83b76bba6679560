"""The package's folders follow the data's way (CONTRIBUTING, "The package"): each imports only
the layers below it, the wings on top do not import each other, and there is no import cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import factdb

PACKAGE = Path(factdb.__file__).parent

# Bottom to top; modules of one rank may import each other only within their own folder.
RANKS = {
    "problems": 0,
    "models": 1,
    "read": 2,
    "check": 3,
    "db": 4,
    "builds": 5,
    "site": 6, "changes": 6, "export": 6,
    "cli": 7, "__init__": 7,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """The factdb modules a file imports (relative imports resolved; inside functions too)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] == "factdb":
                found.add(target)
                found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "factdb")
    modules = {module_name(p) for p in PACKAGE.rglob("*.py")}
    return {m for m in found if m in modules and m != name}


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in PACKAGE.rglob("*.py")}


def test_every_folder_has_a_rank():
    assert {layer(m) for m in graph()} <= set(RANKS)


def test_each_layer_imports_only_the_layers_below_it():
    wrong = []
    for module, targets in graph().items():
        if module == "factdb":
            continue  # the package's lazy `open_db`
        for target in targets:
            if target in ("factdb", "factdb.__init__"):
                continue  # __version__
            mine, theirs = layer(module), layer(target)
            if mine != theirs and RANKS[theirs] >= RANKS[mine]:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_no_import_cycle():
    edges = graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if nxt in ("factdb",):
                continue
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt] if nxt in stack else [node, nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert cycles == []
