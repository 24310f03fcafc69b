"""Files dropped on the window, handed to whichever feature opens that kind of file.

A teacher drags a lesson ``.json`` or a project ``.nnp`` from the file manager onto the window,
wherever the pointer happens to be: over the palette, the editor, a pane. Features register the
suffixes they open (``host.add_file_drop((".json",), open_lesson_file)``); the window opens
projects itself, as File ▸ Open does.

Why a filter on the application rather than the window's own drop handlers: a drag is offered
to the innermost widget that takes drops (the editor takes dragged layers, the Draw pane
pictures) and never reaches the window behind it. The filter sees the drag first, takes only
local files of a registered suffix and lets every other drag through to the widget under it.
The file is opened once the drop has finished (a question about unsaved work shown inside the
drop would keep the file manager waiting for the answer).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

Opener = Callable[[Path], object]
_DRAGS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


class FileDrops(QObject):
    """The suffixes one window opens when dropped, and what opens each."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("fileDrops")
        self.window = window
        self.openers: dict[str, Opener] = {}
        self.opened: list[Path] = []  # what was handed over, in order (for tests and logs)
        window.setAcceptDrops(True)  # where no widget takes drops, the window does
        app = QApplication.instance()
        if app is not None:  # removed with this object, which goes with its window
            app.installEventFilter(self)

    def add(self, suffixes: Iterable[str], opener: Opener) -> None:
        """Open dropped files ending in one of ``suffixes`` (".json") with ``opener(path)``."""
        for suffix in suffixes:
            self.openers[suffix.lower()] = opener

    def file_for(self, mime: QMimeData | None) -> Path | None:
        """The first local file among the dragged ones that a feature opens."""
        if mime is None or not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile():
                path = Path(url.toLocalFile())
                if path.suffix.lower() in self.openers:
                    return path
        return None

    def open(self, path: str | Path) -> bool:
        """Open ``path`` with the opener of its suffix; False when no feature opens it."""
        path = Path(path)
        opener = self.openers.get(path.suffix.lower())
        if opener is None:
            return False
        self.opened.append(path)
        return bool(opener(path))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in _DRAGS or not isinstance(watched, QWidget):
            return False
        if watched.window() is not self.window or not isinstance(
                event, (QDragEnterEvent, QDragMoveEvent, QDropEvent)):
            return False
        path = self.file_for(event.mimeData())
        if path is None:
            return False  # not ours: the widget under the pointer decides
        event.acceptProposedAction()
        if event.type() == QEvent.Type.Drop:
            QTimer.singleShot(0, self, lambda: self.open(path))
        return True


def file_drops(window: QMainWindow) -> FileDrops:
    """The drop handler of ``window``, made on first use."""
    found = window.findChild(FileDrops, "fileDrops")
    return found if found is not None else FileDrops(window)


def open_file(window: QMainWindow, path: str | Path) -> bool:
    """Open ``path`` as if it were dropped on ``window`` (a file named on the command line)."""
    return file_drops(window).open(path)
