"""Inside-view tests: private settings, no modal question, small real runs in a real window."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from playground.app import create_window
from playground.core.teaching.templates import TEMPLATES
from playground.gui.main_window import MainWindow
from playground.gui.training import controller
from playground.gui.training.worker import RunRequest

TRAIN_LIMIT = 300  # training and test samples per run: enough to move every weight


@pytest.fixture(autouse=True)
def _quiet_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing a modified window discards; the window's runs train on a small slice."""
    monkeypatch.setattr(MainWindow, "ask_unsaved_changes",
                        lambda self: QMessageBox.StandardButton.Discard)
    monkeypatch.setattr(controller, "RunRequest",
                        functools.partial(RunRequest, limit=TRAIN_LIMIT))


@pytest.fixture
def open_window(qtbot) -> Iterator[Callable[..., MainWindow]]:
    """Opens shown main windows with the Inside dock installed and raised, on a template.

    At the end each window is closed and deleted, and reference cycles are collected here, on
    the GUI thread: left to the automatic collector, pyqtgraph's Python-owned Qt objects could
    be destroyed on the training thread of a later test.
    """
    windows: list[MainWindow] = []

    def open_(template: str | None = None, epochs: int = 2) -> MainWindow:
        window = create_window(restore_layout=False)
        windows.append(window)
        dock = window.features["inside"].dock
        if template is not None:
            window.document.load_template(TEMPLATES[template])
            window.document.config = replace(window.document.config, epochs=epochs)
            window.document.undo_stack.setClean()
        window.show()
        qtbot.waitExposed(window)
        dock.raise_()
        return window

    yield open_
    for window in windows:
        window.close()
    qtbot.wait(20)  # what runs just after a close (autosave's clean-up) still finds the window
    for window in windows:
        window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    windows.clear()
    gc.collect()
