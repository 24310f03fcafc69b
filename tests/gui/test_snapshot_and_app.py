"""The snapshot command, the application entry point and a fast, torch-free start."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from playground import app as app_module
from playground.core.teaching.templates import TEMPLATES
from playground.gui.main_window import MainWindow
from playground.gui.snapshot import parse_size, take_snapshot

ROOT = Path(__file__).resolve().parents[2]


def test_snapshot_writes_a_png_of_the_window(qapp, tmp_path) -> None:
    out = tmp_path / "shots" / "cnn.png"
    stream = io.StringIO()
    assert take_snapshot(out, "cnn-fashion", "1024x700", stream) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1024, 700)
    assert "Wrote" in stream.getvalue()


@pytest.mark.parametrize("size", ["big", "10x10", "1400", "1400x0", "x900"])
def test_snapshot_refuses_a_bad_size(tmp_path, size: str) -> None:
    stream = io.StringIO()
    assert take_snapshot(tmp_path / "x.png", None, size, stream) == 2
    assert "--size must be WIDTHxHEIGHT" in stream.getvalue()
    assert not (tmp_path / "x.png").exists()


def test_snapshot_refuses_an_unknown_template(tmp_path) -> None:
    stream = io.StringIO()
    assert take_snapshot(tmp_path / "x.png", "nope", "800x600", stream) == 2
    assert "unknown template" in stream.getvalue()


def test_parse_size() -> None:
    assert parse_size("1400x900") == (1400, 900)
    assert parse_size(" 800 X 600 ") == (800, 600)


def test_main_opens_a_project_given_on_the_command_line(qapp, tmp_path, monkeypatch) -> None:
    from playground.core.files.project import Project, save_project

    path = tmp_path / "lesson.nnp"
    save_project(Project(spec=TEMPLATES["rnn-mnist"].spec), path)
    seen: list[MainWindow] = []
    before = set(QApplication.topLevelWidgets())

    def fake_exec() -> int:
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible() and w not in before]
        seen.extend(windows)
        for window in windows:
            window.close()
        return 0

    names = (qapp.organizationName(), qapp.applicationName())
    monkeypatch.setattr(qapp, "exec", fake_exec)
    try:
        assert app_module.main([str(path)]) == 0
    finally:
        qapp.setOrganizationName(names[0])
        qapp.setApplicationName(names[1])
        sys.excepthook = sys.__excepthook__
    assert len(seen) == 1
    assert seen[0].document.spec == TEMPLATES["rnn-mnist"].spec
    assert seen[0].windowTitle().startswith("lesson.nnp")
    seen[0].deleteLater()


def test_the_window_starts_without_importing_torch() -> None:
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from playground.app import create_window\n"
        "w = create_window(restore_layout=False)\n"
        "w.show(); app.processEvents()\n"
        "print('torch' in sys.modules)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
        timeout=60, check=True,
    )
    assert result.stdout.strip().splitlines()[-1] == "False"
