"""The background pool: outcomes reach the GUI thread, and only the ones still wanted.

Job timing is controlled with events the jobs wait on, never with sleeps.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QApplication

from playground.core.errors import PlaygroundError
from playground.gui.background import Background, Job, background, error_message

ROOT = Path(__file__).resolve().parents[2]
WAIT = 10.0  # seconds a test may wait for a job that should end at once


@pytest.fixture
def pool(qapp) -> Iterator[Background]:
    """A pool of the test's own; at the end no thread of it may be left running."""
    pool = Background(idle_seconds=30.0)  # threads stay idle until the shutdown ends them
    yield pool
    assert pool.shutdown(wait=True, timeout=WAIT)
    assert pool.threads == []
    shiboken6.delete(pool)


class Receiver(QObject):
    """Records what reaches it, and on which thread."""

    def __init__(self) -> None:
        super().__init__()
        self.results: list[object] = []
        self.errors: list[BaseException] = []
        self.on_gui_thread: list[bool] = []

    def take(self, value: object) -> None:
        self.on_gui_thread.append(QThread.currentThread() is QApplication.instance().thread())
        self.results.append(value)

    def fail(self, error: BaseException) -> None:
        self.on_gui_thread.append(QThread.currentThread() is QApplication.instance().thread())
        self.errors.append(error)


def gated(value: object, gate: threading.Event, started: threading.Event | None = None):
    """A job that waits for ``gate`` before returning ``value``."""

    def work(job: Job) -> object:
        if started is not None:
            started.set()
        assert gate.wait(WAIT)
        return value

    return work


def test_a_result_is_delivered_on_the_gui_thread(qtbot, pool: Background) -> None:
    receiver = Receiver()
    ran_on: list[str] = []

    def work(job: Job) -> int:
        ran_on.append(threading.current_thread().name)
        return 6 * 7

    pool.submit(work, owner=receiver, on_result=receiver.take, name="answer")
    qtbot.waitUntil(lambda: receiver.results == [42], timeout=5000)
    assert receiver.on_gui_thread == [True]
    assert ran_on == ["answer"]  # the pool thread carries the job's name while it runs


def test_an_error_is_delivered_on_the_gui_thread(qtbot, pool: Background) -> None:
    receiver = Receiver()

    def work(job: Job) -> None:
        raise PlaygroundError("The folder has no pictures.")

    pool.submit(work, owner=receiver, on_result=receiver.take, on_error=receiver.fail)
    qtbot.waitUntil(lambda: len(receiver.errors) == 1, timeout=5000)
    assert receiver.results == [] and receiver.on_gui_thread == [True]
    assert error_message(receiver.errors[0]) == "The folder has no pictures."
    assert error_message(ValueError("bad")) == "ValueError: bad"


def test_progress_arrives_on_the_gui_thread_before_the_result(qtbot, pool: Background) -> None:
    receiver, steps = Receiver(), []

    def work(job: Job) -> str:
        for step in range(3):
            job.report(step)
        return "done"

    pool.submit(work, owner=receiver, on_result=receiver.take, on_progress=steps.append)
    qtbot.waitUntil(lambda: receiver.results == ["done"], timeout=5000)
    assert steps == [0, 1, 2]


def test_a_cancelled_job_is_told_and_its_result_dropped(qtbot, pool: Background) -> None:
    receiver, started, gate = Receiver(), threading.Event(), threading.Event()
    saw_cancel: list[bool] = []

    def work(job: Job) -> str:
        started.set()
        assert gate.wait(WAIT)
        saw_cancel.append(job.cancelled)
        return "unwanted"

    job = pool.submit(work, owner=receiver, on_result=receiver.take, on_error=receiver.fail)
    assert started.wait(WAIT)
    job.cancel()
    gate.set()
    assert job.wait(WAIT)
    witness = Receiver()
    pool.submit(lambda _job: "after", owner=witness, on_result=witness.take)
    qtbot.waitUntil(lambda: witness.results == ["after"], timeout=5000)
    pool.flush()
    assert saw_cancel == [True]
    assert receiver.results == [] and receiver.errors == []


def test_a_job_cancelled_before_it_starts_never_runs(qtbot, qapp) -> None:
    pool = Background(max_threads=1)
    try:
        gate, started = threading.Event(), threading.Event()
        ran: list[str] = []
        pool.submit(gated("first", gate, started))
        assert started.wait(WAIT)
        queued = pool.submit(lambda _job: ran.append("queued"))
        queued.cancel()
        assert queued.done  # dropped at once: nothing to wait for
        gate.set()
        assert pool.wait(WAIT)
        assert ran == []
    finally:
        assert pool.shutdown(wait=True, timeout=WAIT)


def test_a_newer_job_of_the_same_key_makes_the_older_stale(qtbot, pool: Background) -> None:
    receiver = Receiver()
    gate, started = threading.Event(), threading.Event()
    ran: list[str] = []

    def job_of(value: str):
        def work(job: Job) -> str:
            ran.append(value)
            if value == "first":
                started.set()
                assert gate.wait(WAIT)
            return value
        return work

    first = pool.submit(job_of("first"), owner=receiver, key="preview", on_result=receiver.take)
    assert started.wait(WAIT)
    second = pool.submit(job_of("second"), owner=receiver, key="preview",
                         on_result=receiver.take)
    third = pool.submit(job_of("third"), owner=receiver, key="preview", on_result=receiver.take)
    assert (first.generation, second.generation, third.generation) == (1, 2, 3)
    assert first.cancelled and second.cancelled and second.done  # replaced before it ran
    assert pool.pending("preview", owner=receiver)
    gate.set()
    qtbot.waitUntil(lambda: receiver.results == ["third"], timeout=5000)
    assert ran == ["first", "third"]  # one topic never runs two jobs side by side
    assert not pool.pending("preview", owner=receiver)


def test_keys_are_per_owner(qtbot, pool: Background) -> None:
    one, two = Receiver(), Receiver()
    gate = threading.Event()
    pool.submit(gated("one", gate), owner=one, key="health", on_result=one.take)
    pool.submit(gated("two", gate), owner=two, key="health", on_result=two.take)
    gate.set()
    qtbot.waitUntil(lambda: one.results == ["one"] and two.results == ["two"], timeout=5000)


def test_a_result_for_a_deleted_owner_is_dropped_without_error(qtbot, pool: Background) -> None:
    owner = Receiver()
    delivered: list[object] = []
    gate, started = threading.Event(), threading.Event()
    job = pool.submit(gated("late", gate, started), owner=owner, key="samples",
                      on_result=delivered.append, on_error=delivered.append)
    assert started.wait(WAIT)
    shiboken6.delete(owner)  # the pane closed while its job ran
    assert job.cancelled  # the owner's destruction cancelled its jobs
    gate.set()
    assert job.wait(WAIT)
    witness = Receiver()
    pool.submit(lambda _job: "after", owner=witness, on_result=witness.take)
    qtbot.waitUntil(lambda: witness.results == ["after"], timeout=5000)
    pool.flush()
    assert delivered == []


def test_an_outcome_already_queued_for_a_deleted_owner_is_dropped(qtbot, pool: Background
                                                                   ) -> None:
    owner = Receiver()
    delivered: list[object] = []
    job = pool.submit(lambda _job: "done", owner=owner, on_result=delivered.append)
    assert job.wait(WAIT)  # ended; its delivery waits in the GUI thread's queue
    shiboken6.delete(owner)
    pool.flush()
    assert job.delivered and delivered == []


def test_cancel_and_wait_by_owner(qtbot, pool: Background) -> None:
    closing, staying = Receiver(), Receiver()
    gate = threading.Event()
    started = threading.Semaphore(0)
    seen: list[bool] = []

    def work(job: Job) -> str:
        started.release()
        assert gate.wait(WAIT)
        seen.append(job.cancelled)
        return "x"

    pool.submit(work, owner=closing, on_result=closing.take)
    pool.submit(work, owner=staying, on_result=staying.take)
    assert started.acquire(timeout=WAIT) and started.acquire(timeout=WAIT)  # both running
    assert pool.cancel(owner=closing) == 1
    gate.set()
    assert pool.wait(WAIT, owner=closing)
    assert pool.wait(WAIT, owner=staying)
    pool.flush()
    assert closing.results == [] and staying.results == ["x"]
    assert sorted(seen) == [False, True]


def test_shutdown_cancels_the_jobs_and_leaves_no_thread_running(qtbot, qapp) -> None:
    pool = Background(max_threads=3, idle_seconds=60.0)
    receiver = Receiver()
    gate, started = threading.Event(), threading.Event()
    saw_cancel: list[bool] = []

    def work(job: Job) -> str:
        started.set()
        while not job.cancelled:  # a cooperative job: stops when asked
            gate.wait(0.01)
        saw_cancel.append(True)
        return "never delivered"

    pool.submit(work, owner=receiver, on_result=receiver.take)
    pool.submit(lambda _job: "idle soon", on_result=receiver.take)
    assert started.wait(WAIT)
    threads = pool.threads
    assert threads
    assert pool.shutdown(wait=True, timeout=WAIT)
    assert saw_cancel == [True]
    assert not any(t.is_alive() for t in threads)
    assert not any(t in threading.enumerate() for t in threads)
    with pytest.raises(RuntimeError):
        pool.submit(lambda _job: None)
    pool.flush()
    assert "never delivered" not in receiver.results


def test_the_shared_pool_comes_back_after_a_shutdown(qtbot, qapp) -> None:
    first = background()
    assert background() is first
    assert first.shutdown(wait=True, timeout=WAIT)
    second = background()
    assert second is not first and not second.is_shut_down
    receiver = Receiver()
    second.submit(lambda _job: 1, owner=receiver, on_result=receiver.take)
    qtbot.waitUntil(lambda: receiver.results == [1], timeout=5000)


def test_a_deleted_pool_drops_what_its_threads_finish(qtbot, qapp) -> None:
    pool = Background()
    gate, started = threading.Event(), threading.Event()
    job = pool.submit(gated("late", gate, started))
    assert started.wait(WAIT)
    threads = pool.threads
    shiboken6.delete(pool)  # the emitting object itself is gone
    gate.set()
    assert job.wait(WAIT)
    for thread in threads:
        thread.join(WAIT)
        assert not thread.is_alive()


def test_device_detection_outliving_its_controller_is_harmless(qtbot) -> None:
    # Detection used to emit the controller's own signal from its thread; with the controller
    # deleted meanwhile this raised, or crashed the process with a segmentation fault.
    from playground.core.teaching.templates import TEMPLATES
    from playground.gui.document import Document
    from playground.gui.training.controller import TrainingController, finish_device_detection

    document = Document()
    document.load_template(TEMPLATES["mlp-mnist"])
    controller = TrainingController(document)
    found: list[list[str]] = []
    controller.devicesFound.connect(found.append)
    controller.detect_devices()
    assert controller.shutdown()
    for widget in (controller.panel, controller.curves):
        shiboken6.delete(widget)
    shiboken6.delete(controller)
    assert finish_device_detection()
    background().flush()
    assert found == []
    witness = Receiver()
    background().submit(lambda _job: "still working", owner=witness, on_result=witness.take)
    qtbot.waitUntil(lambda: witness.results == ["still working"], timeout=5000)


def test_closing_the_window_cancels_its_panes_jobs_and_no_one_elses(qtbot, window) -> None:
    pane = window.features["inside"].pane
    elsewhere = Receiver()
    gate = threading.Event()
    started = threading.Semaphore(0)
    late: list[object] = []

    def work(_job: Job) -> str:
        started.release()
        assert gate.wait(WAIT)
        return "late"

    pool = background()
    in_pane = pool.submit(work, owner=pane, on_result=late.append)
    assert started.acquire(timeout=WAIT)  # running when the window closes
    outside = pool.submit(work, owner=elsewhere, on_result=elsewhere.take)
    window.close()
    assert in_pane.cancelled and not outside.cancelled
    gate.set()
    assert pool.wait(WAIT, owner=pane) and pool.wait(WAIT, owner=elsewhere)
    pool.flush()
    assert late == [] and elsewhere.results == ["late"]


EXIT_WHILE_WORKING = textwrap.dedent("""
    import threading
    import torch
    from PySide6.QtCore import QCoreApplication
    app = QCoreApplication([])
    from playground.gui.background import background
    started = threading.Event()
    def work(job):
        started.set()
        a = torch.randn(300, 300)
        for _ in range(1000):  # a long step that does not look at job.cancelled
            a = torch.tanh(a @ a.T / 300)
        print("JOB ENDED", flush=True)
    background().submit(work, name="busy")
    assert started.wait(30)
    print("EXITING", flush=True)
""")


def test_a_process_that_exits_during_a_torch_job_waits_for_it_and_ends_cleanly() -> None:
    """The exit handler waits for the job that is running: a daemon thread still inside a torch
    operation when the C++ runtime tears down torch's thread pools aborted the process
    (``terminate called without an active exception``, exit code 134)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", EXIT_WHILE_WORKING], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.split() == ["EXITING", "JOB", "ENDED"]
