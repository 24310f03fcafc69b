"""What every screenshot script shares: private folders and settings, and waiting on Qt.

Imported first, before anything of the app: the data and log folders are read from the
environment when the app's modules load, and the user's own must never be touched.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TEMP = Path(tempfile.mkdtemp(prefix="screens-"))
os.environ.setdefault("NN_PLAYGROUND_DATA", str(TEMP / "data"))
os.environ.setdefault("NN_PLAYGROUND_LOG_DIR", str(TEMP / "logs"))

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QStandardPaths  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def wait_until(app: QApplication, condition: Callable[[], bool], seconds: float) -> bool:
    """Process events until ``condition`` holds or ``seconds`` pass; True if it held."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def settle(app: QApplication, seconds: float = 0.4) -> None:
    """Let layouts, paints and deferred deletions happen, as the event loop would."""
    wait_until(app, lambda: False, seconds)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def private_settings(name: str = "screens") -> None:
    """Settings in a temporary INI file, under an organisation of their own."""
    QStandardPaths.setTestModeEnabled(True)
    QCoreApplication.setOrganizationName("nn-playground-screens")
    QCoreApplication.setApplicationName(name)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(TEMP / "ini"))
