"""Shared test set-up: keep every test away from the user's real data and settings folders."""

from __future__ import annotations

import os
import weakref
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist each worker process trains on one thread.

    ``make test`` runs one worker per core; two workers each spreading torch over both cores
    would fight over them (OpenMP threads spin while they wait), which is slower than one each.
    The processes a test starts (the command line, an exported script) inherit the one thread.
    """
    # tqdm (installed with captum and optuna; the ONNX exporter uses it when it is there)
    # starts a monitor thread with its first progress bar, which outlives the test that made
    # it: no monitor, the bars work the same.
    try:
        import tqdm
    except ImportError:  # pragma: no cover - tqdm comes with the dependencies
        pass
    else:
        tqdm.tqdm.monitor_interval = 0
    if hasattr(config, "workerinput"):
        import torch

        torch.set_num_threads(1)
        os.environ["OMP_NUM_THREADS"] = "1"


@pytest.fixture(autouse=True)
def _private_data_root(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Downloads, caches and the log go to temporary folders, never to the user's own."""
    root: Path = tmp_path_factory.mktemp("data-root")
    monkeypatch.setenv("NN_PLAYGROUND_DATA", str(root))
    monkeypatch.setenv("NN_PLAYGROUND_LOG_DIR", str(tmp_path_factory.mktemp("logs")))
    yield root
    from playground.core.logs import close_logging

    close_logging()


@pytest.fixture(scope="session")
def _qt_settings_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Window layouts, recent files and preferences go to a temporary INI file."""
    from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths

    QStandardPaths.setTestModeEnabled(True)
    QCoreApplication.setOrganizationName("nn-playground-tests")
    QCoreApplication.setApplicationName("gui-tests")
    folder: Path = tmp_path_factory.mktemp("qt-settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture(autouse=True)
def _private_qt_settings(request: pytest.FixtureRequest):
    """Every GUI test starts with empty settings of its own, never the user's."""
    if "gui" not in str(request.node.path):
        yield
        return
    from PySide6.QtCore import QSettings

    request.getfixturevalue("_qt_settings_folder")
    QSettings().clear()
    yield
    QSettings().clear()


@pytest.fixture(autouse=True)
def _never_ask_about_unsaved_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing a modified window answers "Discard" instead of waiting on a modal question.

    Tests that check the question itself replace ``ask_unsaved_changes`` on their window.
    """
    import sys

    module = sys.modules.get("playground.gui.main_window")
    if module is None:
        return
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(module.MainWindow, "ask_unsaved_changes",
                        lambda self: QMessageBox.StandardButton.Discard)


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_gui_thread(request: pytest.FixtureRequest):
    """In GUI tests the cycle collector runs only here, on the GUI thread, as in the app.

    Left automatic, it may run on a training thread and destroy a closed window's Qt objects
    there (pyqtgraph's menus), which deadlocks. After the collection at the end of a test,
    what is left is long-lived (modules, datasets, module-scoped windows): it is frozen, so
    the next test's collection looks only at what that test made. Without the freeze each
    collection walks some 400,000 objects, a quarter of a second per GUI test.
    """
    if "gui" not in str(request.node.path):
        yield
        return
    import gc

    gc.disable()  # garbage left by earlier tests waits for the collection below
    try:
        yield
    finally:
        _delete_closed_widgets()
        gc.enable()
        gc.collect()
        gc.freeze()


def _delete_closed_widgets() -> None:
    """Carry out the deletions pytest-qt asked for (``deleteLater``) on the test's widgets.

    ``processEvents`` never runs deferred deletions, so without this every test's window would
    stay alive: its menus' signal connections hold lambdas that hold the window, a cycle through
    C++ that the collector cannot see. Kept alive, windows pile up and every collection after
    them gets slower.
    """
    from PySide6.QtCore import QCoreApplication, QEvent

    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


_started_qthreads: weakref.WeakSet = weakref.WeakSet()


def _track_started_qthreads() -> None:
    """Remember every QThread started from Python, for the leak check below.

    Cheaper than looking for them among all the objects the collector tracks, and it sees
    threads whose wrappers were frozen with the long-lived objects.
    """
    from PySide6.QtCore import QThread

    if getattr(QThread.start, "_tracked", False):
        return
    original = QThread.start

    def start(self: QThread, *args: object) -> None:
        _started_qthreads.add(self)
        original(self, *args)

    start._tracked = True  # type: ignore[attr-defined]
    QThread.start = start  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _no_dangling_qthreads(request: pytest.FixtureRequest):
    """A QThread still running after a GUI test fails it: every run must be stopped and joined."""
    if "gui" not in str(request.node.path):
        yield
        return
    _track_started_qthreads()
    yield
    import shiboken6
    from PySide6.QtCore import QThread

    running = [
        thread for thread in list(_started_qthreads)
        if shiboken6.isValid(thread)  # a deleted one has ended
        and thread is not QThread.currentThread() and thread.isRunning()
    ]
    for thread in running:  # end them so one leak does not cascade into other tests
        thread.quit()
        thread.wait(5000)
    assert not running, f"QThread(s) left running: {[t.objectName() for t in running]}"


@pytest.fixture(autouse=True)
def _no_dangling_python_threads():
    """A Python thread a test started and left running fails it, as a left QThread does.

    A thread still finishing its last step is joined (a wait on the thread, not a guess with a
    sleep) for up to 10 s. The background pool's idle threads are not leaks: they hold no job
    and end on their own (see ``playground.gui.background``). Threads Python did not start
    (a QThread running Python code shows up as a ``_DummyThread``) are the QThread check's.
    """
    import threading

    before = set(threading.enumerate())
    yield
    idle = "background (idle)"
    started = [t for t in threading.enumerate() if t not in before and t.name != idle
               and not isinstance(t, threading._DummyThread)]
    for thread in started:
        thread.join(timeout=10)
    running = [t.name for t in started if t.is_alive() and t.name != idle]
    assert not running, f"thread(s) left running: {running}"
