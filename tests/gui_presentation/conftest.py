"""Presentation, theme and settings tests: private settings, and the app's look put back.

Themes and presentation mode change application-wide things (style, palette, font, the
pyqtgraph defaults, the default locale). Each test here gets them back as they were, so the
rest of the suite runs in the look it expects.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QStandardPaths
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from playground.app import create_window
from playground.gui import looks, presentation, settings_dialog, theme
from playground.gui.main_window import MainWindow


@pytest.fixture(scope="session")
def _settings_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("presentation-settings")


@pytest.fixture(autouse=True)
def _private_settings(qapp, _settings_folder: Path) -> Iterator[None]:
    """QSettings() reads and writes a temporary INI file, emptied around every test."""
    QStandardPaths.setTestModeEnabled(True)
    names = (QCoreApplication.organizationName(), QCoreApplication.applicationName())
    QCoreApplication.setOrganizationName("nn-playground-tests")
    QCoreApplication.setApplicationName("presentation-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(_settings_folder))
    QSettings().clear()
    yield
    QSettings().clear()
    QCoreApplication.setOrganizationName(names[0])
    QCoreApplication.setApplicationName(names[1])


@pytest.fixture(autouse=True)
def _app_look_restored(qapp: QApplication) -> Iterator[None]:
    palette, font, style = QPalette(qapp.palette()), QFont(qapp.font()), qapp.style().name()
    config = {k: pg.getConfigOption(k) for k in ("background", "foreground")}
    locale = QLocale()
    current_look = looks.current()
    yield
    looks.set_current(current_look)
    manager = qapp.findChild(theme.ThemeManager, theme.MANAGER_NAME)
    if manager is not None:
        manager.setParent(None)
        manager.deleteLater()
    qapp.setPalette(palette)
    qapp.setFont(font)
    if qapp.style().name() != style:
        qapp.setStyle(style)
    pg.setConfigOptions(**config)
    QLocale.setDefault(locale)


@pytest.fixture
def window(qtbot) -> Iterator[MainWindow]:
    """A shown main window with presentation mode and preferences installed."""
    win = create_window(restore_layout=False)
    qtbot.addWidget(win)
    win.ask_unsaved_changes = lambda: QMessageBox.StandardButton.Discard
    presentation.install(win)
    settings_dialog.install(win)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
