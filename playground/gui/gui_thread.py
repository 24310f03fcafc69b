"""Handing a background thread's result to a GUI object that may be gone by then.

A plain Python thread (device detection, an export, an autosave write, an inside-view job)
used to report by emitting a signal of the object that started it. When that object was
deleted meanwhile (a window or pane closed, or a test ended), the emission raced with the
deletion: usually a ``RuntimeError``, sometimes a segmentation fault in Qt.

Here the thread instead posts to one mailbox object that lives on the GUI thread for the whole
life of the application and is never deleted before it. The mailbox calls the callback on the
GUI thread, and only if the receiving object still exists, so a late result for a closed pane
is dropped quietly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot


class _Mailbox(QObject):
    """Lives on the GUI thread; runs posted callbacks there."""

    posted = Signal(object, object, object)  # receiver, callback, arguments

    def __init__(self) -> None:
        super().__init__()
        self.posted.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(object, object, object)
    def _deliver(self, receiver: QObject, callback: Callable[..., Any], args: tuple) -> None:
        if shiboken6.isValid(receiver):
            callback(*args)


_mailbox: _Mailbox | None = None


def prepare_mailbox() -> None:
    """Create the mailbox; call it on the GUI thread before any thread may post.

    Objects that start background threads call it in their constructor, which runs on the GUI
    thread, so the mailbox belongs to that thread and its callbacks run there.
    """
    global _mailbox
    if _mailbox is not None:
        return
    app = QCoreApplication.instance()
    if app is not None and QThread.currentThread() is not app.thread():
        raise RuntimeError("The GUI mailbox must be created on the GUI thread.")
    _mailbox = _Mailbox()


def post_to_gui(receiver: QObject, callback: Callable[..., Any], *args: Any) -> None:
    """From any thread: run ``callback(*args)`` on the GUI thread if ``receiver`` still exists.

    ``callback`` is normally a method of ``receiver``; nothing happens if the receiver has
    been deleted by the time the GUI thread gets to it.
    """
    if _mailbox is None:
        raise RuntimeError("prepare_mailbox() was not called on the GUI thread.")
    _mailbox.posted.emit(receiver, callback, args)
