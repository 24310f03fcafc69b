"""A project handed over by the desktop as a file-open event (macOS Finder) opens in the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from playground.core.teaching.templates import TEMPLATES
from playground.gui import file_open


def test_a_file_open_event_opens_the_project(window, tmp_path: Path) -> None:
    window.new_from_template("toy-spiral")
    saved = window.document.save(tmp_path / "spiral.nnp")
    window.new_from_template("mlp-mnist")
    app = QApplication.instance()
    handler = file_open.install(app)
    assert file_open.install(app) is handler  # installed once
    QCoreApplication.sendEvent(app, QFileOpenEvent(str(saved)))
    assert window.document.path == saved
    assert window.document.spec == TEMPLATES["toy-spiral"].spec
    assert handler.opened[-1] == str(saved)


def test_other_files_are_left_alone(window, tmp_path: Path) -> None:
    handler = file_open.install(QApplication.instance())
    before = window.document.spec
    picture = tmp_path / "digit.png"
    picture.write_bytes(b"not used")
    QCoreApplication.sendEvent(QApplication.instance(), QFileOpenEvent(str(picture)))
    assert window.document.spec == before and str(picture) not in handler.opened
