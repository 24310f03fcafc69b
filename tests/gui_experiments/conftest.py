"""Experiments-window tests: a window with the Experiments feature on the lesson's network,
runs of one epoch on a few hundred samples, and nothing left running at the end."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from playground.core.teaching.templates import TEMPLATES
from playground.gui.background import background
from playground.gui.experiments import ExperimentsFeature
from playground.gui.main_window import MainWindow

SAMPLES = 300  # per run: a run of one epoch takes a moment


@pytest.fixture
def open_window(qtbot, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], MainWindow]]:
    """Opens shown windows with the Experiments feature (as the app's feature list adds it) on
    the ``mlp-mnist`` template, one epoch per run; closes them and waits for their jobs."""
    monkeypatch.setattr(ExperimentsFeature, "sample_limit", SAMPLES)
    windows: list[MainWindow] = []

    def open_() -> MainWindow:
        window = MainWindow(restore_layout=False,
                            features=(("experiments", ExperimentsFeature),))
        windows.append(window)
        window.document.load_template(TEMPLATES["mlp-mnist"])
        window.document.config = replace(window.document.config, epochs=1)
        window.document.undo_stack.setClean()
        window.report_error = lambda _title, message: errors.append(str(message))
        window.show()
        qtbot.waitExposed(window)
        return window

    errors: list[str] = []
    yield open_
    for window in windows:
        window.close()
    background().wait(timeout=60)  # a cancelled run ends between batches
    for window in windows:
        window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not errors, errors
