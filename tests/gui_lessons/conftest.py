"""Lesson GUI tests: private Qt settings, windows that never ask, and one helper to open a lesson.

Settings (window layout, recent files) go to a temporary INI file, and closing a modified window
discards its changes instead of asking, so no modal dialog can block the run.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from playground.app import create_window
from playground.gui.lessons import LessonsController
from playground.gui.main_window import MainWindow


@pytest.fixture
def make_window(qtbot) -> Callable[..., tuple[MainWindow, LessonsController]]:
    """A shown main window in ``language`` with the lessons installed."""

    def make(language: str = "en") -> tuple[MainWindow, LessonsController]:
        window = create_window(language=language, restore_layout=False)
        qtbot.addWidget(window)
        lessons = window.features["lessons"]
        window.resize(1400, 900)  # the default size, whatever the test screen
        window.show()
        qtbot.waitExposed(window)
        return window, lessons

    return make
