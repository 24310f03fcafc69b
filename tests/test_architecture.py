"""The shape of the code: no import cycles, and no window probing or global random state in the GUI.

The import-linter contracts in ``pyproject.toml`` (run by ``make test``) keep the layers; this
counts cycles over every import a reader follows, those under ``TYPE_CHECKING`` and inside
functions included, which import-linter's layer contracts do not forbid by themselves.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import playground

PACKAGE = Path(playground.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module → the package's modules it imports, wherever the import statement is."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_sees_a_type_checking_cycle() -> None:
    graph = {"a": {"b"}, "b": {"a"}, "c": {"a"}}
    assert cycles(graph) == [["a", "b"]]


def test_the_package_has_no_import_cycle() -> None:
    graph = import_graph()
    assert "playground.gui.main_window" in graph["playground.app"]
    assert cycles(graph) == []


def gui_sources() -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in (PACKAGE / "gui").rglob("*.py")}


def test_no_feature_probes_or_patches_the_window() -> None:
    probes = {
        f"{path.relative_to(PACKAGE)}:{n}"
        for path, text in gui_sources().items()
        for n, line in enumerate(text.splitlines(), 1)
        if re.search(r"getattr\(window|setattr\(window|hasattr\(window", line)
    }
    assert probes == set()


def test_the_gui_never_seeds_or_forks_the_global_torch_generator() -> None:
    uses = {
        f"{path.relative_to(PACKAGE)}:{n}"
        for path, text in gui_sources().items()
        for n, line in enumerate(text.splitlines(), 1)
        if re.search(r"fork_rng|manual_seed", line)
    }
    assert uses == set()
