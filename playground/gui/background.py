"""Work off the GUI thread (everything but the training run): submit a job, hear back on the
GUI thread, cancel it, and never hear from a job that no longer matters.

A job is a plain callable on plain data (a frozen network, numpy copies, a path). It runs on a
pool thread and receives its :class:`Job`, whose ``cancelled`` flag it may check between steps
and whose :meth:`Job.report` sends progress. Its result, or the exception it raised, is handed
to ``on_result`` / ``on_error`` on the GUI thread. The job never sees a widget.

Why it is built this way:

* **One pool of plain Python threads**, not ``QThreadPool``: the threads are
  ``threading.Thread`` objects, so ``threading.enumerate()`` lists them (a test that leaks one
  names it: the thread carries its job's name while it runs), Python code in them needs no
  foreign-thread bookkeeping (Python code run on a ``QThreadPool`` thread leaves a
  ``_DummyThread`` entry behind that is never removed), and :meth:`Background.shutdown` joins
  them. A thread stays warm for :data:`IDLE_SECONDS` after its last job and then ends on its
  own: handing a job to a waiting thread costs the GUI thread nothing, while starting a thread
  per job made it wait for the new thread to take the interpreter lock from training (~13 ms
  an autosave). They are daemon threads, so a job that never returns cannot keep the process
  alive after :meth:`~Background.shutdown` gave up waiting for it.
* **Results cross threads through one queued signal** of a :class:`Background` object that
  lives on the GUI thread. A worker emits only while the pool's gate is open, and checks and
  emits under the same lock that closes it. The gate closes at :meth:`~Background.shutdown`,
  when the application is about to quit, when the object is deleted, and at interpreter exit
  (an ``atexit`` handler registered after Qt's own, so it runs first): a job that ends after
  the Qt objects are gone drops its result instead of raising ``RuntimeError: Signal source
  has been deleted`` in its thread.
* **Owners.** A job may name a ``QObject`` owner (the pane or manager that asked). Its result
  is dropped once the owner has been deleted, its jobs are cancelled when it is destroyed, and
  a window that closes can :meth:`~Background.cancel` or :meth:`~Background.wait` for its
  owners' jobs.
* **Stale results are dropped** by a generation counter per topic, as ndv does for live
  inference: a job submitted with a ``key`` (per owner) gets the next generation of that key,
  and only the newest generation is delivered. Jobs of one topic run one at a time: a newer
  job replaces an older one still waiting (which then never runs) and asks a running one to
  stop, then runs when it ends. A student clicking through ten datasets starts at most two
  loads, and a burst of training snapshots costs one health measurement, not a queue of them.
* **Cancelling is cooperative**: :meth:`Job.cancel` sets the flag, a job that has not started
  never starts, and a result that arrives anyway is dropped.
"""

from __future__ import annotations

import atexit
import functools
import logging
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QThread, Signal, Slot

from playground.core.errors import PlaygroundError

__all__ = [
    "Background",
    "Job",
    "background",
    "error_message",
    "shutdown_background",
]

T = TypeVar("T")
MAX_THREADS = 4  # downloads and exports wait on the network or a process; others stay free
IDLE_SECONDS = 5.0  # a pool thread ends after this long without work
QUIT_WAIT_SECONDS = 10.0
IDLE_NAME = "background (idle)"

log = logging.getLogger(__name__)


def error_message(exc: BaseException) -> str:
    """A job's error in words for the user: the core's own message for an expected problem,
    the exception's type and text for anything else."""
    if isinstance(exc, PlaygroundError):
        from playground.gui.i18n import translate_message  # the language of the moment

        return translate_message(exc)
    return f"{type(exc).__name__}: {exc}"


class Job(Generic[T]):
    """One submitted piece of work: its cancel flag, its progress channel and its outcome.

    Created by :meth:`Background.submit`; the job's callable receives it as its argument.
    """

    def __init__(self, pool: Background, work: Callable[[Job[T]], T], name: str,
                 owner: QObject | None, key: Hashable | None,
                 on_result: Callable[[T], Any] | None,
                 on_error: Callable[[BaseException], Any] | None,
                 on_progress: Callable[[Any], Any] | None) -> None:
        self.name = name
        self.key = key
        self.generation = 0
        self._pool = pool
        self._work = work
        self._owner_token = _token(owner)
        self._owner = weakref.ref(owner) if owner is not None else None
        self.topic: tuple[int | None, Hashable] | None = (
            None if key is None else (self._owner_token, key))
        self.on_result, self.on_error, self.on_progress = on_result, on_error, on_progress
        self._cancel = threading.Event()
        self._ended = threading.Event()  # ran to its end, or was dropped before starting
        self.started = False
        self.delivered = False  # the GUI thread has handled (or dropped) its outcome
        self._result: Any = None
        self._error: BaseException | None = None

    # -- for the job itself, on its pool thread --------------------------------------------------
    @property
    def cancelled(self) -> bool:
        """True once the job was cancelled or replaced: it may stop; its result is dropped."""
        return self._cancel.is_set()

    def report(self, value: Any) -> None:
        """Send ``value`` to ``on_progress`` on the GUI thread (dropped if no longer wanted)."""
        if not self.cancelled:
            self._pool._post(self._pool._progressed, self, value)

    # -- for its owner, on the GUI thread ----------------------------------------------------------
    def cancel(self) -> None:
        """Ask the job to stop; it never starts if it has not, and its result is dropped."""
        self._cancel.set()
        self._pool._forget(self)

    @property
    def done(self) -> bool:
        """True when the job has ended (or was dropped before it started)."""
        return self._ended.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job has ended; its callbacks still run later, on the GUI thread."""
        return self._ended.wait(timeout)

    def owner_alive(self) -> bool:
        if self._owner is None:
            return True
        owner = self._owner()
        return owner is not None and shiboken6.isValid(owner)

    def __repr__(self) -> str:
        state = "cancelled" if self.cancelled else "done" if self.done else "pending"
        return f"<Job {self.name!r} key={self.key!r} generation={self.generation} {state}>"


class _Topic:
    """The jobs of one (owner, key): the one running or queued, and the newest waiting."""

    __slots__ = ("current", "waiting")

    def __init__(self) -> None:
        self.current: Job | None = None
        self.waiting: Job | None = None


class _Gate:
    """The pool's thread-shared state, plain Python so it can be closed while (or after) the
    Qt object goes away: pool threads emit only under ``lock`` while ``open``."""

    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.open = True
        self.queue: deque[Job] = deque()
        self.jobs: set[Job] = set()  # submitted and not ended

    def close(self, *_args: object) -> None:
        with self.lock:
            self.open = False
            for job in self.jobs:
                job._cancel.set()
            while self.queue:
                job = self.queue.popleft()
                job._ended.set()
                self.jobs.discard(job)
            self.lock.notify_all()


class Background(QObject):
    """The pool of job threads and the GUI-thread end where their outcomes arrive.

    Create it on the GUI thread (its signals are delivered to the thread it lives in). The
    application uses one, from :func:`background`; tests may make their own.
    """

    _finished = Signal(object)  # Job
    _progressed = Signal(object, object)  # Job, value

    def __init__(self, max_threads: int = MAX_THREADS, idle_seconds: float = IDLE_SECONDS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        app = QCoreApplication.instance()
        if app is not None and QThread.currentThread() is not app.thread():
            raise RuntimeError("Background must be created on the GUI thread.")
        self.setObjectName("background")
        self.max_threads = max(1, max_threads)
        self.idle_seconds = idle_seconds
        self._gate = _Gate()
        self._lock = self._gate.lock
        self._threads: set[threading.Thread] = set()
        self._idle = 0
        self._topics: dict[tuple[int | None, Hashable], _Topic] = {}
        self._generations: dict[tuple[int | None, Hashable], int] = {}
        self._latest: dict[tuple[int | None, Hashable], Job] = {}  # GUI thread only
        self._watched: dict[int, weakref.ref] = {}  # owners whose destruction cancels jobs
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._progressed.connect(self._deliver_progress, Qt.ConnectionType.QueuedConnection)
        self.destroyed.connect(self._gate.close)  # a plain-Python callable: safe mid-deletion
        _gates.add(self._gate)
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # -- submitting ------------------------------------------------------------------------------
    def submit(self, work: Callable[[Job[T]], T], *, owner: QObject | None = None,
               key: Hashable | None = None, on_result: Callable[[T], Any] | None = None,
               on_error: Callable[[BaseException], Any] | None = None,
               on_progress: Callable[[Any], Any] | None = None,
               name: str = "background job") -> Job[T]:
        """Run ``work(job)`` on a pool thread; its outcome comes back on the GUI thread.

        ``owner``: results are dropped once it is deleted, and its destruction cancels its
        jobs. ``key``: a topic (per owner) whose newest job alone is delivered; an older job of
        the same topic is cancelled, and jobs of one topic never run side by side. Without
        ``on_error`` an error is logged with its traceback. Raises ``RuntimeError`` after
        :meth:`shutdown`.
        """
        job: Job[T] = Job(self, work, name, owner, key, on_result, on_error, on_progress)
        gate = self._gate
        with self._lock:
            if not gate.open:
                raise RuntimeError("The background pool has been shut down.")
            gate.jobs.add(job)
            if job.topic is None:
                self._enqueue(job)
            else:
                generation = self._generations.get(job.topic, 0) + 1
                self._generations[job.topic] = job.generation = generation
                topic = self._topics.setdefault(job.topic, _Topic())
                if topic.waiting is not None:  # replaced before it ever started
                    self._drop(topic.waiting)
                    topic.waiting = None
                older = topic.current
                if older is not None and not older.started:
                    gate.queue.remove(older)
                    self._drop(older)
                    older = None
                if older is None:
                    topic.current = job
                    self._enqueue(job)
                else:
                    older._cancel.set()  # it may stop early; its result is stale anyway
                    topic.waiting = job
        if job.topic is not None:
            self._latest[job.topic] = job
        if owner is not None:
            self._watch(owner)
        return job

    def _enqueue(self, job: Job) -> None:
        """Under the lock: queue ``job`` and make sure a thread will take it."""
        self._gate.queue.append(job)
        if self._idle > 0:
            self._lock.notify()
        elif len(self._threads) < self.max_threads:
            thread = threading.Thread(target=self._run_jobs, name=IDLE_NAME, daemon=True)
            self._threads.add(thread)
            thread.start()

    def _drop(self, job: Job) -> None:
        """Under the lock: ``job`` will never run."""
        job._cancel.set()
        job._ended.set()
        self._gate.jobs.discard(job)

    def _watch(self, owner: QObject) -> None:
        token = id(owner)
        known = self._watched.get(token)
        if known is not None and known() is owner:
            return
        self._watched[token] = weakref.ref(owner)
        owner.destroyed.connect(functools.partial(_owner_destroyed, weakref.ref(self), token))

    # -- the pool threads -----------------------------------------------------------------------
    def _run_jobs(self) -> None:
        me = threading.current_thread()
        gate = self._gate
        while True:
            with self._lock:
                while not gate.queue:
                    if not gate.open:
                        self._threads.discard(me)
                        return
                    self._idle += 1
                    woken = self._lock.wait(self.idle_seconds)
                    self._idle -= 1
                    if not woken and not gate.queue:
                        self._threads.discard(me)
                        return
                job = gate.queue.popleft()
                job.started = True
            if not job.cancelled:
                me.name = job.name
                try:
                    job._result = job._work(job)
                except Exception as exc:  # handed to the GUI thread, never raised in the pool
                    job._error = exc
                finally:
                    me.name = IDLE_NAME
            self._ended(job)

    def _ended(self, job: Job) -> None:
        gate = self._gate
        with self._lock:
            gate.jobs.discard(job)
            topic = self._topics.get(job.topic) if job.topic is not None else None
            if topic is not None and topic.current is job:
                topic.current, topic.waiting = topic.waiting, None
                if topic.current is not None and gate.open:
                    self._enqueue(topic.current)
                elif topic.current is not None:
                    self._drop(topic.current)
                    topic.current = None
                if topic.current is None:
                    del self._topics[job.topic]
            job._ended.set()
            if not job.cancelled and gate.open:
                self._finished.emit(job)

    def _post(self, signal: Any, *args: Any) -> None:
        """From a pool thread: emit ``signal`` unless the gate has closed."""
        with self._lock:
            if self._gate.open:
                signal.emit(*args)

    # -- the GUI thread's end ----------------------------------------------------------------------
    def _current(self, job: Job) -> bool:
        """Whether ``job``'s outcome is still wanted: not cancelled, the newest of its topic,
        its owner alive."""
        if job.cancelled or not job.owner_alive():
            return False
        return job.topic is None or self._latest.get(job.topic) is job

    @Slot(object)
    def _deliver(self, job: Job) -> None:
        result, error = job._result, job._error
        job._result = job._error = None  # the job object may outlive its (large) result
        current = self._current(job)
        job.delivered = True
        if not current:
            return
        if job.topic is not None:
            self._latest.pop(job.topic, None)
        if error is None:
            if job.on_result is not None:
                job.on_result(result)
        elif job.on_error is not None:
            job.on_error(error)
        else:
            log.error("%s failed", job.name, exc_info=(type(error), error, error.__traceback__))

    @Slot(object, object)
    def _deliver_progress(self, job: Job, value: Any) -> None:
        if not job.delivered and job.on_progress is not None and self._current(job):
            job.on_progress(value)

    def _forget(self, job: Job) -> None:
        """``job`` was cancelled: take it out of the queue and of its topic."""
        with self._lock:
            topic = self._topics.get(job.topic) if job.topic is not None else None
            if topic is not None and topic.waiting is job:
                topic.waiting = None
                self._drop(job)
            elif not job.started and job in self._gate.queue:
                self._gate.queue.remove(job)
                self._drop(job)
                if topic is not None and topic.current is job:
                    topic.current, topic.waiting = topic.waiting, None
                    if topic.current is not None:
                        self._enqueue(topic.current)
                    else:
                        del self._topics[job.topic]
        if job.topic is not None and self._latest.get(job.topic) is job:
            del self._latest[job.topic]

    # -- asking about, cancelling and waiting for jobs ---------------------------------------------
    def jobs(self, owner: QObject | None = None, key: Hashable | None = None) -> list[Job]:
        """The jobs not ended yet, of ``owner`` and/or ``key`` (all without either)."""
        token = _token(owner)
        with self._lock:
            return [job for job in self._gate.jobs
                    if (owner is None or job._owner_token == token)
                    and (key is None or job.key == key)]

    def pending(self, key: Hashable, owner: QObject | None = None) -> bool:
        """Whether the newest job of this topic has not been delivered yet (nor cancelled)."""
        job = self._latest.get((_token(owner), key))
        return job is not None and not job.delivered and not job.cancelled

    def cancel(self, owner: QObject | None = None, key: Hashable | None = None) -> int:
        """On the GUI thread: cancel the jobs of ``owner`` and/or ``key`` (all without
        either); returns how many had not ended."""
        jobs = self.jobs(owner, key)
        for job in jobs:
            job.cancel()
        token = _token(owner)
        for topic in [t for t in self._latest
                      if (owner is None or t[0] == token) and (key is None or t[1] == key)]:
            self._latest.pop(topic).cancel()
        return len(jobs)

    def cancel_within(self, root: QObject) -> int:
        """On the GUI thread: cancel the jobs of ``root`` and of every object inside it.

        A closing window calls this: its panes' previews and measurements no longer matter,
        and a job not started yet never starts. Returns how many had not ended."""
        owners = [owner for ref in list(self._watched.values())
                  if (owner := ref()) is not None and _is_within(owner, root)]
        return sum(self.cancel(owner=owner) for owner in owners)

    def wait(self, timeout: float | None = QUIT_WAIT_SECONDS, owner: QObject | None = None,
             key: Hashable | None = None) -> bool:
        """Block until the jobs of ``owner`` and/or ``key`` (all without either) have ended;
        True if they all did within ``timeout`` seconds. Their callbacks run later, on the GUI
        thread's event loop (or at once with :meth:`flush`)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            jobs = self.jobs(owner, key)
            if not jobs:
                return True
            for job in jobs:
                left = None if deadline is None else max(0.0, deadline - time.monotonic())
                if not job.wait(left):
                    return False

    def flush(self) -> None:
        """On the GUI thread: run the callbacks of jobs that have ended, now."""
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)

    @property
    def threads(self) -> list[threading.Thread]:
        """The pool's threads still alive (running a job or idle)."""
        with self._lock:
            return [t for t in self._threads if t.is_alive()]

    @property
    def is_shut_down(self) -> bool:
        return not self._gate.open

    def shutdown(self, wait: bool = True, timeout: float = QUIT_WAIT_SECONDS) -> bool:
        """Close the pool: no new jobs, every job cancelled (results dropped), idle threads end.

        With ``wait``, join the threads for up to ``timeout`` seconds; True when none is left
        running. A job that ignores its cancel flag keeps its (daemon) thread until it returns;
        its result is dropped then.
        """
        self._gate.close()
        with self._lock:
            self._topics.clear()
            threads = list(self._threads)
        self._latest.clear()
        if wait:
            deadline = time.monotonic() + timeout
            for thread in threads:
                if thread is not threading.current_thread():
                    thread.join(max(0.0, deadline - time.monotonic()))
        return not any(t.is_alive() for t in threads)


def _is_within(obj: QObject, root: QObject) -> bool:
    """Whether ``obj`` is ``root`` or one of its descendants (deleted objects are not)."""
    while obj is not None and shiboken6.isValid(obj):
        if obj is root:
            return True
        obj = obj.parent()
    return False


def _token(owner: QObject | None) -> int | None:
    return None if owner is None else id(owner)


def _owner_destroyed(pool_ref: weakref.ref, token: int, *_args: object) -> None:
    """An owner was deleted: cancel its jobs and forget its topics (pure Python, no Qt)."""
    pool: Background | None = pool_ref()
    if pool is None:
        return
    pool._watched.pop(token, None)
    with pool._lock:
        jobs = [job for job in pool._gate.jobs if job._owner_token == token]
        for topic in [t for t in pool._generations if t[0] == token]:
            del pool._generations[topic]
    for job in jobs:
        job.cancel()
    for topic in [t for t in pool._latest if t[0] == token]:
        del pool._latest[topic]


_gates: weakref.WeakSet[_Gate] = weakref.WeakSet()
_shared: Background | None = None


def background() -> Background:
    """The application's pool, created on first use (on the GUI thread), and again after a
    shutdown or once it was deleted."""
    global _shared
    if _shared is None or not shiboken6.isValid(_shared) or _shared.is_shut_down:
        _shared = Background()
    return _shared


def shutdown_background(wait: bool = True, timeout: float = QUIT_WAIT_SECONDS) -> bool:
    """Shut the application's pool down (quitting, the end of a test); True if no thread of
    it is left running. The next :func:`background` call makes a new pool."""
    if _shared is None or not shiboken6.isValid(_shared):
        return True
    return _shared.shutdown(wait, timeout)


@atexit.register
def _close_all_at_exit() -> None:
    """At interpreter exit, before Qt deletes its objects (this module imports Qt first, so
    this handler was registered after Qt's and runs before it): close every pool's gate, then
    let the jobs still running end (up to :data:`QUIT_WAIT_SECONDS` in all). A daemon thread
    still inside a torch operation when the C++ runtime tears torch's thread pools down ends
    the process with ``terminate called without an active exception``."""
    gates = list(_gates)
    for gate in gates:
        gate.close()
    deadline = time.monotonic() + QUIT_WAIT_SECONDS
    for gate in gates:
        with gate.lock:
            running = list(gate.jobs)
        for job in running:
            job.wait(max(0.0, deadline - time.monotonic()))
