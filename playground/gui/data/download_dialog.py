"""Downloading a dataset with a progress bar, Cancel, and Resume.

The download itself is the core's (:func:`playground.core.data.datasets.download_dataset`): chunks
with a cancel check between them, a ``.part`` file that a later attempt resumes with an HTTP
Range request, MD5 verification, unpacking into torchvision's layout. Here it runs in the
application's background pool (:mod:`playground.gui.background`); progress reaches the dialog
on the GUI thread, at most every :data:`PROGRESS_INTERVAL_S`. Cancel asks the core to stop at
the next chunk and the dialog hears how it ended; a dialog deleted meanwhile stops the download
the same way and hears nothing. Offline, the core's plain message (which says that the bundled
MNIST works without a network) is shown as it is, never a traceback.

``options`` go straight to the core (``mirrors``, ``md5s``, ``chunk_size``, ``timeout``); the
application passes none, tests point them at a server on 127.0.0.1.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from playground.core.errors import PlaygroundError
from playground.gui import looks
from playground.gui.background import Job, background, error_message
from playground.gui.i18n import translate_message
from playground.gui.numbers import number

PROGRESS_INTERVAL_S = 0.05
PROGRESS_STEPS = 1000


def format_bytes(count: int) -> str:
    if count >= 1_000_000:
        return f"{number(count / 1e6, '.1f')} MB"
    return f"{number(count / 1e3, '.0f')} KB" if count >= 1000 else f"{count} bytes"


class Download:
    """One run of the core download, for a pool thread; ``stop`` is the user's Cancel."""

    def __init__(self, name: str, data_root: Path | None, options: dict[str, Any]) -> None:
        self.name, self.data_root, self.options = name, data_root, dict(options)
        self.stop = threading.Event()
        self._last = 0.0

    def __call__(self, job: Job) -> Path:
        from playground.core.data.datasets import download_dataset

        def report(done: int, total: int) -> None:
            now = time.monotonic()
            if done >= total or now - self._last >= PROGRESS_INTERVAL_S:
                self._last = now
                job.report((done, total))

        return download_dataset(self.name, self.data_root, progress=report,
                                cancel=lambda: self.stop.is_set() or job.cancelled,
                                **self.options)  # fmt: skip


class DownloadDialog(QDialog):
    """Progress, Cancel and Download/Resume for one dataset; ``downloaded`` when it is ready."""

    downloaded = Signal(str)

    def __init__(self, name: str, title: str, options: dict[str, Any] | None = None,
                 data_root: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tr = self.tr
        self.setObjectName("downloadDialog")
        self.setAccessibleName(tr("Download a dataset"))
        self.setWindowTitle(tr("Download {0}").format(title))
        self.name, self.title = name, title
        self.options = dict(options or {})
        self.data_root = data_root
        self.task: Download | None = None  # the download under way
        self.succeeded = False
        heading = QLabel(tr("<b>{0}</b> is downloaded once into your data folder and verified; "
                            "after that it works offline.").format(title))
        heading.setWordWrap(True)
        self.progress = QProgressBar(objectName="downloadProgress")
        self.progress.setAccessibleName(tr("Download progress"))
        self.progress.setRange(0, PROGRESS_STEPS)
        self.status = QLabel(objectName="downloadStatus")
        self.status.setAccessibleName(tr("Download status"))
        self.status.setWordWrap(True)
        self.start_button = self._button("downloadStartButton", tr("Download"), self.start)
        self.cancel_button = self._button("downloadCancelButton", tr("Cancel"), self.cancel)
        self.close_button = self._button("downloadCloseButton", tr("Close"), self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.start_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(520, 200)
        self._show_partial()
        self._refresh()

    def _button(self, name: str, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text, objectName=name)
        button.setAccessibleName(text)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    @property
    def running(self) -> bool:
        return self.task is not None

    def _root(self) -> Path:
        from playground.core.data.datasets import default_data_root

        return Path(self.data_root) if self.data_root is not None else default_data_root()

    def _show_partial(self) -> None:
        from playground.core.data.downloads import partial_bytes

        have = partial_bytes(self.name, self._root())
        if have:
            self.status.setText(self.tr("{0} already downloaded: the download resumes from "
                                        "there.").format(format_bytes(have)))
            self.start_button.setText(self.tr("Resume"))
            self.start_button.setAccessibleName(self.tr("Resume"))

    def _refresh(self) -> None:
        self.start_button.setEnabled(not self.running and not self.succeeded)
        self.cancel_button.setEnabled(self.running)

    # -- the download ----------------------------------------------------------------------------
    def start(self) -> None:
        if self.running or self.succeeded:
            return
        looks.set_style(self.status, "")
        self.status.setText(self.tr("Connecting…"))
        task = self.task = Download(self.name, self.data_root, self.options)
        background().submit(
            task, owner=self, name=f"download-{self.name}",
            on_progress=lambda value: self._progress(task, *value),
            on_result=lambda _path: self._ended(task, None),
            on_error=lambda exc: self._ended(task, exc))
        self._refresh()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.stop.set()
            self.status.setText(self.tr("Cancelling…"))

    def _progress(self, task: Download, done: int, total: int) -> None:
        if task is not self.task:
            return
        self.progress.setValue(int(done * PROGRESS_STEPS // max(total, 1)))
        self.status.setText(self.tr("{0} of {1}").format(format_bytes(done), format_bytes(total)))

    def _ended(self, task: Download, error: BaseException | None) -> None:
        if task is not self.task:
            return
        self.task = None
        tr = self.tr
        if error is None:
            self.succeeded = True
            self.progress.setValue(PROGRESS_STEPS)
            self.status.setText(tr("Downloaded and verified: {0} is ready.").format(self.title))
            self.downloaded.emit(self.name)
        elif task.stop.is_set():
            self.status.setText(tr("Cancelled. {0}").format(_error_text(error)))
            self.start_button.setText(tr("Resume"))
            self.start_button.setAccessibleName(tr("Resume"))
        else:
            looks.set_style(self.status, "color: {error};")
            self.status.setText(_error_text(error))
            self.start_button.setText(tr("Try Again"))
            self.start_button.setAccessibleName(tr("Try again"))
        self._refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing cancels a running download; what arrived is kept for a later resume."""
        self.cancel()
        super().closeEvent(event)

    def reject(self) -> None:
        self.cancel()
        super().reject()


def _error_text(error: BaseException) -> str:
    """Why the download stopped, in the interface language: the core's message (a Message with
    its values) rendered, anything unexpected as its type and text."""
    if isinstance(error, PlaygroundError):
        return translate_message(error)
    return error_message(error)
