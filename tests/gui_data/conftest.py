"""Data GUI test set-up: private settings, a window with the Data menu, shared data helpers.

The generated datasets (tiny IDX files, a folder of drawn shapes) come from the core tests'
helpers, so the GUI is tested on exactly the data the core is tested on. Every test ends by
waiting for the background loads and downloads it started: no thread may outlive its test.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from playground.app import create_window
from playground.gui.background import background
from playground.gui.main_window import MainWindow

CORE_TESTS = Path(__file__).resolve().parents[1] / "core"
if str(CORE_TESTS) not in sys.path:  # the core tests' data helpers (test_downloads, ...)
    sys.path.insert(0, str(CORE_TESTS))


@pytest.fixture(autouse=True)
def _finish_background_tasks(qapp) -> Iterator[None]:
    yield
    assert background().wait(20.0), "a background job was still running"


@pytest.fixture
def window(qtbot) -> Iterator[MainWindow]:
    win = create_window(restore_layout=False)
    qtbot.addWidget(win)
    win.ask_unsaved_changes = lambda: QMessageBox.StandardButton.Discard
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
