"""Build the one-folder app with PyInstaller, report its size, then smoke-test it.

    .venv/bin/python packaging/build.py              # build into dist/, then smoke-test
    .venv/bin/python packaging/build.py --smoke-only # test the folder already in dist/

Runs on Linux, macOS and Windows with the Python whose packages get bundled (the project's
virtualenv), and installs PyInstaller into it if missing. The work folder is
``build/pyinstaller`` and the result ``dist/nn-playground/``; both are git-ignored.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "nn-playground.spec"
sys.path.insert(0, str(HERE))

import bundle_files  # noqa: E402
import smoke_test  # noqa: E402


def ensure_pyinstaller() -> None:
    """Install PyInstaller into this Python if it is not there (it is a build tool only, so it
    is not among the project's dependencies)."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print("PyInstaller is missing; installing it into", sys.prefix, flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "pyinstaller"], check=True)


def run_pyinstaller(dist: Path) -> float:
    """Build into ``dist``; the seconds it took."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
         "--distpath", str(dist), "--workpath", str(ROOT / "build" / "pyinstaller"), str(SPEC)],
        cwd=ROOT, check=True,
    )
    return time.perf_counter() - start


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of ``folder``, counting symbolic links as links, not as their targets."""
    total = files = 0
    for path in folder.rglob("*"):
        if path.is_symlink():
            continue
        if path.is_file():
            total += path.stat().st_size
            files += 1
    return total, files


def largest_parts(folder: Path, count: int = 8) -> list[tuple[int, str]]:
    """The biggest top-level parts of the bundle's contents folder, to see what to trim."""
    contents = folder / "_internal" if (folder / "_internal").is_dir() else folder
    sizes = []
    for child in contents.iterdir():
        size = folder_size(child)[0] if child.is_dir() else child.lstat().st_size
        sizes.append((size, child.name))
    return sorted(sizes, reverse=True)[:count]


def smoke_executable(dist: Path) -> Path:
    """The executable the smoke test drives: the console one on Windows."""
    folder = dist / bundle_files.APP_NAME
    if sys.platform == "win32":
        return folder / f"{bundle_files.APP_NAME}-cli.exe"
    return folder / bundle_files.APP_NAME


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke-only", action="store_true", help="skip the build")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    args = parser.parse_args(argv)
    if not args.smoke_only:
        ensure_pyinstaller()
        seconds = run_pyinstaller(args.dist)
        print(f"Built in {seconds / 60:.1f} min", flush=True)
    folder = args.dist / bundle_files.APP_NAME
    if not folder.is_dir():
        print(f"error: {folder} does not exist; run without --smoke-only first.", file=sys.stderr)
        return 2
    size, files = folder_size(folder)
    print(f"{folder}: {size / 1e6:,.0f} MB in {files:,} files")
    for part_size, name in largest_parts(folder):
        print(f"  {part_size / 1e6:8,.0f} MB  {name}")
    print("Smoke test:", flush=True)
    results = smoke_test.run_smoke_test(smoke_executable(args.dist))
    failed = [r for r in results if not r.passed]
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
