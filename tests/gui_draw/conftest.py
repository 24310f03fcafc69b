"""Draw pane test set-up: private Qt settings, and windows that never ask a modal question."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths
from PySide6.QtWidgets import QMessageBox

from playground.gui.main_window import MainWindow


@pytest.fixture(scope="session", autouse=True)
def _private_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Window layouts and recent files go to a temporary INI file, never the user's."""
    QStandardPaths.setTestModeEnabled(True)
    QCoreApplication.setOrganizationName("nn-playground-tests")
    QCoreApplication.setApplicationName("gui-draw-tests")
    folder = tmp_path_factory.mktemp("qt-settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture(autouse=True)
def _discard_unsaved_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing a modified window answers "Discard" instead of opening a dialog."""
    monkeypatch.setattr(MainWindow, "ask_unsaved_changes",
                        lambda self: QMessageBox.StandardButton.Discard)
