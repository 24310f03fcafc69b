"""The engine must stay free of Qt so the same code trains from the CLI, in tests and in the GUI."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import playground.core

CORE = Path(playground.core.__file__).parent
FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "pyqtgraph", "playground.gui",
             "playground.app")


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_core_module_imports_qt_or_the_gui() -> None:
    offenders = {
        f"{path.relative_to(CORE)}: {name}"
        for path in CORE.rglob("*.py")
        for name in imported_modules(path)
        if name.startswith(FORBIDDEN)
    }
    assert not offenders


def test_importing_the_whole_core_loads_no_qt() -> None:
    modules = sorted(
        ".".join(("playground", "core", *p.relative_to(CORE).with_suffix("").parts))
        for p in CORE.rglob("*.py")
        if p.stem != "__init__"
    )
    assert any(".training." in m for m in modules)  # the walk reaches into the wings
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "bad = [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph', 'shiboken'))]\n"
        + "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_core_root_holds_only_the_error_family_the_log_and_the_wings() -> None:
    """Every module lives in the wing that owns its concept; errors, the messages they carry,
    the catalogues that translate them (and the tool that updates those) and the log stay at
    the root, below every wing."""
    root_modules = sorted(p.stem for p in CORE.glob("*.py") if p.stem != "__init__")
    wings = sorted(p.name for p in CORE.iterdir() if (p / "__init__.py").exists())
    assert root_modules == ["catalogue", "catalogue_update", "errors", "logs", "messages"]
    assert wings == ["data", "experiments", "explain", "export", "files", "inspect", "network",
                     "teaching", "training"]
    for wing in wings:
        assert (CORE / wing / "__init__.py").read_text().startswith('"""'), wing
