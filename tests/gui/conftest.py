"""GUI test set-up: private settings, a main window that never blocks, drag-and-drop helpers.

Settings (window layout, recent files) go to a temporary INI file, never to the user's; the
questions the window may ask (save changes? which file?) are answered by the test, so no modal
dialog can hang the suite.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMessageBox

from playground.app import create_window
from playground.gui.document import Document
from playground.gui.main_window import MainWindow
from playground.gui.network_editor import NetworkEditor


class Answers:
    """What the fake user answers when the window asks something."""

    def __init__(self) -> None:
        self.unsaved = QMessageBox.StandardButton.Discard
        self.save_path: str | None = None
        self.open_path: str | None = None
        self.questions: list[str] = []
        self.errors: list[str] = []


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def window(qtbot, answers: Answers) -> Iterator[MainWindow]:
    win = create_window()
    qtbot.addWidget(win)

    def unsaved() -> QMessageBox.StandardButton:
        answers.questions.append("unsaved")
        return answers.unsaved

    win.ask_unsaved_changes = unsaved
    win.ask_save_path = lambda *_args: answers.save_path
    win.ask_open_path = lambda: answers.open_path
    win.report_error = lambda _title, message: answers.errors.append(str(message))
    win.show()
    qtbot.waitExposed(win)
    yield win
    answers.unsaved = QMessageBox.StandardButton.Discard  # a test may have answered Cancel
    win.close()


@pytest.fixture
def editor(qtbot) -> NetworkEditor:
    widget = NetworkEditor(Document())
    widget.resize(800, 900)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
