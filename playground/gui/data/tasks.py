"""Background work for the data dialogs: loading previews and downloading, off the GUI thread.

Why it is built this way:

* Reading a dataset (decoding a folder of photos, unpacking CIFAR-10) or downloading one can
  take seconds to minutes; the window must keep answering meanwhile. Each job runs in a
  :class:`Task`, a ``QThread`` whose ``run()`` calls one plain function from ``core`` and hands
  back its result (or the error's message) through a queued signal. Only plain data crosses.
* A job cannot always be interrupted (``load_dataset`` has no cancel), yet the user may close
  the dialog that asked for it. Deleting a running ``QThread`` would abort the program, so every
  task is also held by a registry living as long as the application; the registry lets go of a
  task once it has ended, and waits for the stragglers when the application quits.
* :class:`LatestLoader` runs one job at a time and keeps only the newest request: a student
  clicking through ten datasets starts at most two loads, and a stale result is never shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from playground.core.errors import PlaygroundError

QUIT_WAIT_MS = 10_000


def error_text(exc: BaseException) -> str:
    """The core's own message for expected problems; the type and text for anything else."""
    if isinstance(exc, PlaygroundError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


class Task(QThread):
    """Runs ``job()`` once in its own thread; ``ended`` carries ``(task, result, error)``.

    ``error`` is ``None`` on success, else a message to show the user.
    """

    ended = Signal(object, object, object)

    def __init__(self, job: Callable[[], Any], name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self._job = job

    def run(self) -> None:
        try:
            result, error = self._job(), None
        except Exception as exc:  # a worker exception must reach the user, never Qt
            result, error = None, error_text(exc)
        self.ended.emit(self, result, error)


class _Registry(QObject):
    """Holds every running task until it has ended (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self.tasks: set[Task] = set()

    def add(self, task: Task) -> None:
        self.tasks.add(task)
        task.ended.connect(self._release)

    @Slot(object, object, object)
    def _release(self, task: Task, _result: object, _error: object) -> None:
        task.wait()  # run() has returned; this only waits for the thread to wind down
        self.tasks.discard(task)

    def wait_all(self, timeout_ms: int = QUIT_WAIT_MS) -> bool:
        """Wait for every task still running; True when none is left."""
        for task in list(self.tasks):
            if task.wait(timeout_ms):
                self.tasks.discard(task)
        return not self.tasks


_registry: _Registry | None = None


def registry() -> _Registry:
    """The application's task registry, created on first use in the GUI thread."""
    global _registry
    if _registry is None:
        _registry = _Registry()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(_registry.wait_all)
    return _registry


def start_task(task: Task) -> Task:
    registry().add(task)
    task.start()
    return task


def wait_for_tasks(timeout_ms: int = QUIT_WAIT_MS) -> bool:
    """Wait for all background data tasks (closing the window, tests); True if all ended."""
    return registry().wait_all(timeout_ms)


class LatestLoader(QObject):
    """Runs the newest requested job, one at a time; older requests are dropped unseen."""

    loaded = Signal(object, object)  # key, result
    failed = Signal(object, str)  # key, message
    busyChanged = Signal(bool)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._task: Task | None = None
        self._key: object = None
        self._pending: tuple[object, Callable[[], Any]] | None = None

    @property
    def busy(self) -> bool:
        return self._task is not None or self._pending is not None

    def request(self, key: object, job: Callable[[], Any]) -> None:
        """Run ``job`` when the current one ends; ``key`` comes back with its result."""
        self._pending = (key, job)
        if self._task is None:
            self._start_next()
            self.busyChanged.emit(True)

    def _start_next(self) -> None:
        assert self._pending is not None
        self._key, job = self._pending
        self._pending = None
        self._task = Task(job, self.name)
        self._task.ended.connect(self._ended)
        start_task(self._task)

    @Slot(object, object, object)
    def _ended(self, task: Task, result: object, error: object) -> None:
        if task is not self._task:
            return
        task.wait()
        self._task = None
        if self._pending is not None:  # a newer request arrived: this result is stale
            self._start_next()
            return
        if error is None:
            self.loaded.emit(self._key, result)
        else:
            self.failed.emit(self._key, str(error))
        self.busyChanged.emit(False)
