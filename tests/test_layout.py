"""The package layout: arrows point one way.

Every module imports on its own; the import graph of `strife/` (module-level and function-level
imports alike) has no cycle; nothing outside `strife.evaluation` imports it except the CLI.
"""
from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "strife"
EVALUATION_USERS = {"strife.cli"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(current: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = current.split(".") if is_package else current.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def import_graph() -> dict[str, set[str]]:
    """module -> the strife modules it imports (a parent package's own __init__ is not an edge:
    Python runs it first whatever the importer says)."""
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        is_package = path.name == "__init__.py"
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, is_package, node)
                for a in node.names:
                    sub = f"{base}.{a.name}"
                    targets.append(sub if sub in MODULES else base)
            for t in targets:
                if t in MODULES and t != name and not name.startswith(t + "."):
                    edges.add(t)
        graph[name] = edges
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_find_cycle_reports_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_strife_import_graph_has_no_cycle():
    assert find_cycle(import_graph()) is None


def test_only_the_cli_imports_evaluation():
    users = {m for m, edges in import_graph().items()
             if not m.startswith("strife.evaluation") and any(e.startswith("strife.evaluation") for e in edges)}
    assert users <= EVALUATION_USERS


def test_stages_never_import_the_pipeline():
    shells = {"strife", "strife.cli", "strife.pipeline"}
    users = {m for m, edges in import_graph().items() if "strife.pipeline" in edges}
    # the shells that call the unit of work: the CLI, the corpus runner, evaluation, the spaCy component
    assert users - shells <= {"strife.corpus.runner", "strife.evaluation.records", "strife.spacy_component"}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_module_imports_alone(module):
    saved = {k: v for k, v in sys.modules.items() if k == "strife" or k.startswith("strife.")}
    for k in saved:
        del sys.modules[k]
    try:
        importlib.import_module(module)
    finally:
        for k in [k for k in sys.modules if k == "strife" or k.startswith("strife.")]:
            del sys.modules[k]
        sys.modules.update(saved)
