"""Files handed over by the desktop as file-open events (Finder and the Dock on macOS).

On macOS a double-clicked ``.nnp`` project or lesson ``.json`` does not arrive as a command-line
argument: the system starts the app (or finds it running) and sends it a ``QFileOpenEvent``.
This filter, installed on the application, opens such a file in the main window as a drop of
it would (:mod:`playground.gui.file_drop`): a project as File ▸ Open does, asking first about
unsaved changes, a lesson as Lessons ▸ Open Lesson File does. Other platforms never send the
event, so it is harmless there.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from playground.gui.file_drop import file_drops

if TYPE_CHECKING:
    from playground.gui.main_window import MainWindow



def current_main_window() -> MainWindow | None:
    """The visible main window (the newest, if a language switch just rebuilt it)."""
    from playground.gui.main_window import MainWindow

    windows = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, MainWindow) and w.isVisible()]
    return windows[-1] if windows else None


class FileOpenHandler(QObject):
    """Turns ``QFileOpenEvent`` for a project into File ▸ Open of that file."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("fileOpenHandler")
        self.opened: list[str] = []  # the projects the desktop handed over, in order
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.FileOpen or not isinstance(event, QFileOpenEvent):
            return False
        path = event.file()
        window = current_main_window()
        if window is None:
            return False
        drops = file_drops(window)
        if Path(path).suffix.lower() not in drops.openers:
            return False  # a kind of file no part of the window opens
        self.opened.append(path)
        drops.open(path)
        return True


def install(app: QApplication) -> FileOpenHandler:
    """Handle file-open events on ``app``; calling it again returns the same handler."""
    existing = app.findChild(FileOpenHandler, "fileOpenHandler")
    return existing if existing is not None else FileOpenHandler(app)
