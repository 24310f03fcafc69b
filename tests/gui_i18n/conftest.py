"""Translation test set-up: private settings, and Spanish installed only for the test using it.

The Spanish translator is application-wide; the ``spanish`` fixture removes it afterwards so
every other test keeps seeing the English the code is written in.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication, QMessageBox

from playground.gui.i18n import install_language
from playground.gui.main_window import MainWindow


@pytest.fixture(scope="session", autouse=True)
def _private_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    QStandardPaths.setTestModeEnabled(True)
    QCoreApplication.setOrganizationName("nn-playground-tests")
    QCoreApplication.setApplicationName("i18n-tests")
    folder = tmp_path_factory.mktemp("qt-settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture(autouse=True)
def _fresh_settings(_private_settings: Path) -> Iterator[None]:
    QSettings().clear()
    yield
    QSettings().clear()


@pytest.fixture(autouse=True)
def _discard_unsaved_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MainWindow, "ask_unsaved_changes",
                        lambda self: QMessageBox.StandardButton.Discard)


@pytest.fixture
def spanish(qapp: QApplication) -> Iterator[str]:
    """The interface in Spanish for one test, then back to English."""
    yield install_language(qapp, "es")
    install_language(qapp, "en")
