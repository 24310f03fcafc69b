"""The packaging files stay consistent with the code: the spec parses, every data file it bundles
exists and lands where the code looks for it, and the icons exist and are current.

The PyInstaller build itself takes many minutes and gigabytes, so it is not run here; it is run
by ``packaging/build.py``, which smoke-tests the built app.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"


def _load(name: str) -> ModuleType:
    """Import a script from ``packaging/`` (a plain folder, not a package: see the test below)."""
    path = PACKAGING / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_nnp_packaging_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bundle = _load("bundle_files")
make_icon = _load("make_icon")


def test_spec_parses_and_takes_its_lists_from_bundle_files() -> None:
    tree = ast.parse((PACKAGING / "nn-playground.spec").read_text(encoding="utf-8"))
    calls = {
        node.func.id: {kw.arg: ast.unparse(kw.value) for kw in node.keywords}
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert {"Analysis", "PYZ", "EXE", "COLLECT"} <= calls.keys()
    assert calls["Analysis"]["datas"] == "bundle.data_files()"
    assert calls["Analysis"]["excludes"] == "bundle.EXCLUDED_MODULES"
    assert calls["EXE"]["exclude_binaries"] == "True", "one-folder builds keep binaries apart"
    assert (ROOT / bundle.ENTRY_SCRIPT).is_file()


def test_bundled_data_exists_and_lands_where_the_code_reads_it() -> None:
    from playground.core.data.datasets import BUNDLED_MNIST
    from playground.core.data.text import SENTENCES_FILE

    pairs = bundle.data_files()
    for source, destination in pairs:
        assert Path(source).is_file(), f"{source} is listed for bundling but does not exist"
        assert not Path(destination).is_absolute()
    bundled = {Path(destination) / Path(source).name for source, destination in pairs}
    for needed in (BUNDLED_MNIST, SENTENCES_FILE):
        assert needed.relative_to(ROOT) in bundled, f"{needed} would be missing from the app"
    assert not any(p.suffix == ".py" or "screenshots" in p.parts for p in bundled)
    # Whatever data sits in the package or in assets/lessons (catalogues, lessons) ships too.
    for folder in (ROOT / "playground", ROOT / "assets" / "lessons"):
        for path in folder.rglob("*"):
            if (path.is_file() and path.suffix not in {".py", ".pyc"} and path.name != "py.typed"
                    and path.name not in bundle.SKIPPED_ASSET_NAMES):
                assert path.relative_to(ROOT) in bundled, f"{path} would be missing from the app"
    icons = {p for p in bundled if p.parent == bundle.ICONS}
    assert len(icons) == len(make_icon.PNG_SIZES) + 1  # every PNG size and the SVG


def test_excluded_modules_are_never_imported_by_the_app() -> None:
    imported: set[str] = set()
    for path in (ROOT / "playground").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.add(node.module)
    clashes = sorted(
        name for name in imported for excluded in bundle.EXCLUDED_MODULES
        if name == excluded or name.startswith(excluded + ".")
    )
    assert not clashes, f"the app imports modules the build leaves out: {clashes}"


def test_packaging_folder_is_not_a_python_package() -> None:
    assert not (PACKAGING / "__init__.py").exists(), (
        "packaging/__init__.py would shadow the 'packaging' library that pip and PyInstaller's "
        "hooks import; keep packaging/ a plain folder."
    )


def test_committed_svg_icon_is_what_the_script_draws() -> None:
    svg = PACKAGING / "icons" / f"{make_icon.ICON_NAME}.svg"
    assert svg.read_text(encoding="utf-8") == make_icon.icon_svg(), (
        "packaging/icons is out of date: run .venv/bin/python packaging/make_icon.py"
    )
    ET.fromstring(svg.read_bytes())


@pytest.mark.parametrize("size", make_icon.PNG_SIZES)
def test_png_icon_has_its_size(qapp, size: int) -> None:
    from PySide6.QtGui import QImage

    image = QImage(str(PACKAGING / "icons" / f"{make_icon.ICON_NAME}-{size}.png"))
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()


@pytest.mark.parametrize(("suffix", "sizes"), [
    (".ico", make_icon.ICO_SIZES), (".icns", tuple(sorted(make_icon.ICNS_TYPES))),
])
def test_ico_and_icns_hold_every_size(qapp, suffix: str, sizes: tuple[int, ...]) -> None:
    from PySide6.QtGui import QImageReader

    reader = QImageReader(str(PACKAGING / "icons" / f"{make_icon.ICON_NAME}{suffix}"))
    found = []
    for index in range(reader.imageCount()):
        reader.jumpToImage(index)
        image = reader.read()
        assert not image.isNull(), reader.errorString()
        found.append(image.width())
    assert sorted(found) == sorted(sizes)


def test_desktop_entry_and_mime_type_agree() -> None:
    desktop = dict(
        line.split("=", 1)
        for line in (PACKAGING / "nn-playground.desktop").read_text(encoding="utf-8").splitlines()
        if "=" in line
    )
    assert desktop["Icon"] == make_icon.ICON_NAME
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(PACKAGING / "nn-playground-mime.xml").getroot().find("m:mime-type", ns)
    assert mime is not None
    assert desktop["MimeType"].rstrip(";") == mime.get("type")
    assert mime.find("m:glob", ns).get("pattern") == "*.nnp"
