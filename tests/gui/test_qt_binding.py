"""The installed Qt binding must not leak references (PySide6 6.12.0 did, and crashed the app)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_calls_and_emits_keep_none_and_true_alive(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before_none, before_true = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(1000):
        label.setText("x")
        label.windowTitleChanged.emit("t")
    # Other code may hold a few more or fewer; a leak would show as about -1000.
    assert sys.getrefcount(None) - before_none > -100
    assert sys.getrefcount(True) - before_true > -100
