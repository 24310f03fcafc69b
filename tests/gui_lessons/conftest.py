"""Lesson GUI tests: private Qt settings, windows that never ask, and one helper to open a lesson.

Settings (window layout, recent files) go to a temporary INI file, and closing a modified window
discards its changes instead of asking, so no modal dialog can block the run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths
from PySide6.QtWidgets import QMessageBox

from playground.gui.lessons import LessonsController, install
from playground.gui.main_window import MainWindow


@pytest.fixture(scope="session", autouse=True)
def _private_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    QStandardPaths.setTestModeEnabled(True)
    QCoreApplication.setOrganizationName("nn-playground-tests")
    QCoreApplication.setApplicationName("gui-lessons-tests")
    folder = tmp_path_factory.mktemp("qt-settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture(autouse=True)
def _discard_unsaved_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MainWindow, "ask_unsaved_changes",
                        lambda self: QMessageBox.StandardButton.Discard)


@pytest.fixture
def make_window(qtbot) -> Callable[..., tuple[MainWindow, LessonsController]]:
    """A shown main window in ``language`` with the lessons installed."""

    def make(language: str = "en") -> tuple[MainWindow, LessonsController]:
        window = MainWindow(language=language, restore_layout=False)
        qtbot.addWidget(window)
        lessons = install(window)
        window.show()
        qtbot.waitExposed(window)
        return window, lessons

    return make
