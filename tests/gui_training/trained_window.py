"""A shown English window after one short epoch of a template: what tests of the panes a run
fills (results, per-class quality, the Inside views) start from."""

from __future__ import annotations

import functools

import pytest

from playground.app import create_window
from playground.gui.main_window import MainWindow
from playground.gui.training import controller
from playground.gui.training.worker import RunRequest


def trained_window(qtbot, monkeypatch: pytest.MonkeyPatch, template: str) -> MainWindow:
    """``template`` trained for one epoch on 400 samples, the run over and its results in."""
    monkeypatch.setattr(controller, "RunRequest", functools.partial(RunRequest, limit=400))
    window = create_window("en", restore_layout=False)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    window.new_from_template(template)
    window.training.panel.settings.widgets["epochs"].setValue(1)
    with qtbot.waitSignal(window.training.runFinished, timeout=60_000):
        window.actions_by_name["trainAction"].trigger()
    qtbot.waitUntil(lambda: window.training.results.data is not None
                    and not window.training.runner.running, timeout=30_000)
    return window
