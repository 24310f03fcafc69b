"""The own-classes window tests' window: 1280×800, shown and active (keys reach the pad)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from own_helpers import activate

from playground.app import create_window
from playground.gui.main_window import MainWindow


@pytest.fixture
def window(qtbot) -> Iterator[MainWindow]:
    win = create_window(restore_layout=False)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    activate(qtbot, win)
    yield win
    win.training.runner.shutdown(5000)
    win.close()
