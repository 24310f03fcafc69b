"""Composition root: builds the QApplication and the main window.

Torch is not imported here: the window must show before the heavy engine is loaded.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

APP_NAME = "Neural Network Playground"


def main(argv: Sequence[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    args = list(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication([sys.argv[0], *args])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("nn-playground")
    window = QMainWindow()
    window.setObjectName("mainWindow")
    window.setWindowTitle(APP_NAME)
    label = QLabel(APP_NAME)
    label.setObjectName("welcomeLabel")
    window.setCentralWidget(label)
    window.resize(1280, 800)
    window.show()
    return app.exec()
