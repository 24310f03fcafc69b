"""Composition root: builds the QApplication and the main window, and opens a file if given.

Torch is not imported here, nor by the window: it loads when the user first opens or saves a
project, lists the datasets or trains, so the window appears in well under a second.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from types import TracebackType

from playground.gui.main_window import APP_NAME

ORGANIZATION = "nn-playground"


def _excepthook(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    """Show an unexpected error instead of letting Qt abort, and keep the app running."""
    traceback.print_exception(kind, value, tb)
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is not None:
        QMessageBox.critical(
            None, APP_NAME,
            f"Something went wrong: {value}\n\nYour work is still open; consider saving it "
            "under a new name.",
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app; ``argv`` may hold one ``.nnp`` file to open. Returns the exit status."""
    from PySide6.QtWidgets import QApplication

    from playground.gui.main_window import MainWindow

    args = list(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication([sys.argv[0], *args])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationDisplayName(APP_NAME)
    window = MainWindow()
    window.show()
    paths = [a for a in args if a.endswith(".nnp")]
    if paths:
        window.open_path(paths[0])
    sys.excepthook = _excepthook
    return app.exec()
