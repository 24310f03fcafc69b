"""Background jobs for the inside views, with stale results dropped.

Loading a test slice or measuring a layer's gradients can take tens of milliseconds, too long
for the GUI thread while a run trains. A job runs on this object's own one-thread pool; each
job has a slot ("health", "samples") and a generation, and only the newest generation of a slot
is run and delivered, so a burst of snapshots costs one computation, not a queue of them.
Results come back on the GUI thread through :mod:`playground.gui.gui_thread`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool

from playground.gui.gui_thread import post_to_gui, prepare_mailbox

Callback = Callable[[Any, BaseException | None], None]


class Jobs(QObject):
    """A one-thread pool whose callbacks run on the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._latest: dict[str, int] = {}
        self._callbacks: dict[str, Callback] = {}
        prepare_mailbox()  # pool threads report through it

    def submit(self, slot: str, work: Callable[[], Any], callback: Callback) -> int:
        """Run ``work`` soon; ``callback(result, error)`` follows unless a newer job replaced it."""
        generation = self._latest.get(slot, 0) + 1
        self._latest[slot] = generation
        self._callbacks[slot] = callback
        self.pool.start(lambda: self._run(slot, generation, work))
        return generation

    def cancel(self, slot: str) -> None:
        """Forget a slot's pending result (a job already running still finishes, unseen)."""
        self._latest[slot] = self._latest.get(slot, 0) + 1
        self._callbacks.pop(slot, None)

    def pending(self, slot: str) -> bool:
        return slot in self._callbacks

    def wait(self, timeout_ms: int = 5000) -> bool:
        return self.pool.waitForDone(timeout_ms)

    def _run(self, slot: str, generation: int, work: Callable[[], Any]) -> None:
        if self._latest.get(slot) != generation:
            return  # replaced before it started
        result, error = None, None
        try:
            result = work()
        except Exception as exc:  # reported to the view, never raised in the pool thread
            error = exc
        post_to_gui(self, self._deliver, slot, generation, result, error)  # dropped if deleted

    def _deliver(self, slot: str, generation: int, result: object, error: object) -> None:
        if self._latest.get(slot) != generation:
            return
        callback = self._callbacks.pop(slot, None)
        if callback is not None:
            callback(result, error if isinstance(error, BaseException) else None)
