"""Help ▸ Open Log Folder: show the folder of the app's log in the system's file manager.

Error messages name the log file (see :mod:`playground.core.logs`); this opens its folder so a
user can attach the file to a bug report without knowing where the platform keeps logs. The
folder is created first, so the command works before anything has been logged.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from playground.core.logs import log_file


def tr(text: str) -> str:
    return QCoreApplication.translate("LogFolder", text)


def log_folder_shown() -> Path:
    """The folder Open Log Folder shows: the one holding the log file being written."""
    return log_file().parent


def open_log_folder(parent: QWidget | None) -> bool:
    """Open the log folder in the file manager; False, after saying why, when it cannot be."""
    folder = log_folder_shown()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        _refuse(parent, tr("The log folder {0} could not be created ({1}).").format(
            folder, reason))
        return False
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        _refuse(parent, tr("No file manager could show the log folder. It is {0}").format(
            folder))
        return False
    return True


def _refuse(parent: QWidget | None, message: str) -> None:
    QMessageBox.warning(parent, tr("Open Log Folder"), message)
