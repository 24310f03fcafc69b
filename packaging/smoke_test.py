"""Smoke test of a built app: it answers on the command line, trains on the bundled digits,
draws its main window with a template open, and opens a saved project, all without a display.

Each check runs the built executable as a user would, in a fresh data folder, so a missing
module, Qt plugin or data file shows up here rather than on a student's machine. Run it on an
existing build with ``python packaging/smoke_test.py dist/nn-playground/nn-playground``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_SECONDS = 600  # the first start of a cold multi-gigabyte folder can be slow
SNAPSHOT_SIZE = (1200, 800)
APP_STAYS_UP_SECONDS = 20


@dataclass(frozen=True)
class CheckResult:
    name: str
    passed: bool
    detail: str
    seconds: float


def _run(executable: Path, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(executable), *args], env=env, capture_output=True, text=True,
        timeout=TIMEOUT_SECONDS, check=False,
    )


def _output(proc: subprocess.CompletedProcess) -> str:
    text = (proc.stdout + proc.stderr).strip()
    return text[-1500:] if text else "(no output)"


def source_template_names() -> list[str]:
    """The templates of the source tree, which the built app must list in the same order."""
    sys.path.insert(0, str(ROOT))
    from playground.core.teaching.templates import TEMPLATES

    return list(TEMPLATES)


def distinct_colours(png: Path, grid: int = 40) -> int:
    """How many different colours a ``grid`` x ``grid`` sample of the picture holds: a blank or
    broken window gives one or two, a drawn one gives dozens."""
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    if image.isNull():
        return 0
    return len({
        image.pixel(x * (image.width() - 1) // (grid - 1), y * (image.height() - 1) // (grid - 1))
        for x in range(grid) for y in range(grid)
    })


def check_help(exe: Path, work: Path, env: dict[str, str]) -> tuple[bool, str]:
    proc = _run(exe, ["--help"], env)
    ok = proc.returncode == 0 and "snapshot" in proc.stdout
    return ok, "usage printed" if ok else _output(proc)


def check_templates(exe: Path, work: Path, env: dict[str, str]) -> tuple[bool, str]:
    proc = _run(exe, ["templates"], env)
    listed = [line.split()[0] for line in proc.stdout.splitlines() if line.strip()]
    expected = source_template_names()
    if proc.returncode == 0 and listed == expected:
        return True, f"{len(listed)} templates, as in the source"
    return False, f"listed {listed}, expected {expected}; {_output(proc)}"


def check_train(exe: Path, work: Path, env: dict[str, str]) -> tuple[bool, str]:
    project = work / "trained.nnp"
    proc = _run(
        exe, ["train", "mlp-mnist", "--epochs", "1", "--limit", "300", "--quiet",
              "--out", str(project)], env,
    )
    if proc.returncode != 0 or "Test: loss" not in proc.stdout:
        return False, _output(proc)
    if not zipfile.is_zipfile(project):
        return False, f"{project} is missing or not a project file"
    return True, proc.stdout.splitlines()[0]


def check_snapshot(exe: Path, work: Path, env: dict[str, str]) -> tuple[bool, str]:
    png = work / "window.png"
    width, height = SNAPSHOT_SIZE
    proc = _run(
        exe, ["snapshot", "--template", "cnn-mnist", "--out", str(png),
              "--size", f"{width}x{height}"], env,
    )
    if proc.returncode != 0 or not png.is_file():
        return False, _output(proc)
    colours = distinct_colours(png)
    if colours < 16:
        return False, f"{png} looks blank ({colours} colours)"
    return True, f"{png.stat().st_size:,} byte PNG, {colours} colours in a 40x40 sample"


def check_app_opens_project(exe: Path, work: Path, env: dict[str, str]) -> tuple[bool, str]:
    """The plain app (no command) opens the project the train check saved and stays up; a
    missing module or plugin would end it within a few seconds."""
    project = work / "trained.nnp"
    if not project.is_file():
        return False, "no project to open (the train check failed)"
    proc = subprocess.Popen(
        [str(exe), str(project)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output, _ = proc.communicate(timeout=APP_STAYS_UP_SECONDS)
    except subprocess.TimeoutExpired:
        proc.terminate()
        output, _ = proc.communicate(timeout=30)
        if "Traceback" in output:
            return False, f"kept running but reported an error: {output.strip()[-1500:]}"
        return True, f"still running after {APP_STAYS_UP_SECONDS} s, then closed"
    return False, f"exited with status {proc.returncode}: {output.strip()[-1500:]}"


CHECKS: list[tuple[str, Callable[[Path, Path, dict[str, str]], tuple[bool, str]]]] = [
    ("--help", check_help),
    ("templates", check_templates),
    ("train mlp-mnist (1 epoch, 300 samples)", check_train),
    ("snapshot --template cnn-mnist (offscreen)", check_snapshot),
    ("open the trained project in the app (offscreen)", check_app_opens_project),
]


def run_smoke_test(executable: Path) -> list[CheckResult]:
    """Run every check against ``executable``, printing each result as it comes."""
    results = []
    with tempfile.TemporaryDirectory(prefix="nnp-smoke-") as tmp:
        work = Path(tmp)
        # Data and (on Linux) settings go to the temporary folder, never the user's own.
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                   NN_PLAYGROUND_DATA=str(work / "data"), XDG_CONFIG_HOME=str(work / "config"))
        for name, check in CHECKS:
            start = time.perf_counter()
            try:
                passed, detail = check(executable, work, env)
            except (OSError, subprocess.TimeoutExpired) as exc:
                passed, detail = False, f"could not run: {exc}"
            result = CheckResult(name, passed, detail, time.perf_counter() - start)
            results.append(result)
            status = "ok  " if passed else "FAIL"
            print(f"{status} {name} ({result.seconds:.1f} s): {detail}", flush=True)
    return results


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: smoke_test.py PATH_TO_BUILT_EXECUTABLE", file=sys.stderr)
        return 2
    executable = Path(argv[0])
    if not executable.is_file():
        print(f"error: {executable} does not exist; build it with packaging/build.py first.",
              file=sys.stderr)
        return 2
    results = run_smoke_test(executable)
    failed = [r for r in results if not r.passed]
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
