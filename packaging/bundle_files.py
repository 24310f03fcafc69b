"""What goes into the packaged app besides the code, kept apart from the spec so a test can read it.

The spec runs inside PyInstaller (which defines ``Analysis``, ``EXE`` and the rest), so a test
cannot import it; it imports this module instead, and so does ``tests/test_packaging.py``.

Data files keep their place relative to the repository root, because the code finds them that
way first (``playground/core/data/assets.py`` looks beside the package, the catalogues sit in
``playground/locale/``): in the built folder the modules sit under PyInstaller's contents
folder, and so do ``assets/``, the package's own data files and ``packaging/icons``.
"""

from __future__ import annotations

import re
from pathlib import Path

APP_NAME = "nn-playground"
ROOT = Path(__file__).resolve().parents[1]
ENTRY_SCRIPT = Path("playground") / "__main__.py"
ICONS = Path("packaging") / "icons"

# Under assets/: folders and files the app never reads at run time (README pictures, the
# scripts that rebuild the data and their notes). Anything else there, such as a lessons folder,
# is bundled without changing this list.
SKIPPED_ASSET_DIRS = frozenset({"screenshots", "__pycache__"})
SKIPPED_ASSET_SUFFIXES = frozenset({".py", ".pyc"})
SKIPPED_ASSET_NAMES = frozenset({"README.md"})

# Modules PyInstaller would otherwise follow from torch's and pyqtgraph's optional imports. None
# is used by the app; leaving them out saves hundreds of megabytes (triton alone is ~900 MB).
EXCLUDED_MODULES = [
    # GPU kernel compiler for torch.compile, test and notebook tooling, other plotting stacks.
    # (torch.testing._internal stays: torch.utils.checkpoint imports it when torch loads.)
    "triton",
    "torch.utils.tensorboard",
    "torch.utils.benchmark",
    "tensorboard",
    "IPython",
    "jupyter_client",
    "notebook",
    "matplotlib",
    "scipy",
    "pandas",
    "tkinter",
    "_tkinter",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "onnxruntime",  # only used to check exported files, never to export them
    # the other Qt bindings, and Qt modules the app does not import
    "PyQt5",
    "PyQt6",
    "PySide2",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuickTest",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtSql",
    "PySide6.QtUiTools",
    "PySide6.QtNetwork",
    "PySide6.QtConcurrent",
    "PySide6.QtXml",
]


def asset_files(root: Path = ROOT) -> list[tuple[str, str]]:
    """(source file, destination folder) for every file under ``assets/`` the app reads."""
    pairs = []
    assets = root / "assets"
    for path in sorted(assets.rglob("*")):
        relative = path.relative_to(root)
        if not path.is_file() or SKIPPED_ASSET_DIRS.intersection(relative.parts):
            continue
        if path.suffix in SKIPPED_ASSET_SUFFIXES or path.name in SKIPPED_ASSET_NAMES:
            continue
        pairs.append((str(path), str(relative.parent)))
    return pairs


def package_data_files(root: Path = ROOT) -> list[tuple[str, str]]:
    """Non-Python files inside ``playground/`` (such as the translation catalogues), which
    PyInstaller does not pick up on its own because only modules are imported."""
    pairs = []
    for path in sorted((root / "playground").rglob("*")):
        relative = path.relative_to(root)
        if not path.is_file() or "__pycache__" in relative.parts:
            continue
        if path.suffix in SKIPPED_ASSET_SUFFIXES or path.name == "py.typed":
            continue
        pairs.append((str(path), str(relative.parent)))
    return pairs


def icon_files(root: Path = ROOT) -> list[tuple[str, str]]:
    """The window icon in every size, bundled where ``packaging/icons`` is in the source tree."""
    return [(str(path), str(ICONS)) for path in sorted((root / ICONS).glob("*.png"))] + [
        (str(root / ICONS / f"{APP_NAME}.svg"), str(ICONS))
    ]


def data_files(root: Path = ROOT) -> list[tuple[str, str]]:
    """Everything the spec passes to ``Analysis(datas=...)``."""
    return asset_files(root) + package_data_files(root) + icon_files(root)


def icon_for_platform(platform: str, root: Path = ROOT) -> str | None:
    """The executable's icon: ``.ico`` on Windows, ``.icns`` on macOS; Linux executables have
    none (the ``.desktop`` entry names the icon instead)."""
    suffix = {"win32": ".ico", "darwin": ".icns"}.get(platform)
    return str(root / ICONS / f"{APP_NAME}{suffix}") if suffix else None


def app_version(root: Path = ROOT) -> str:
    """The version in ``pyproject.toml``, so the macOS bundle never states an old one."""
    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^version\s*=\s*"([^"]+)"', text, flags=re.MULTILINE)
    return match.group(1) if match else "0.0.0"
