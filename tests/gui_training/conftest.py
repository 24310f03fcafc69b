"""Training GUI tests: no test may block on a modal question."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from playground.gui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _discard_unsaved_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing a modified window answers "Discard" instead of opening a dialog."""
    monkeypatch.setattr(MainWindow, "ask_unsaved_changes",
                        lambda self: QMessageBox.StandardButton.Discard)
