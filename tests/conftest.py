"""Shared test set-up: keep every test away from the user's real data and settings folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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
    there (pyqtgraph's menus), which deadlocks.
    """
    if "gui" not in str(request.node.path):
        yield
        return
    import gc

    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


@pytest.fixture(autouse=True)
def _no_dangling_qthreads(request: pytest.FixtureRequest):
    """A QThread still running after a GUI test fails it: every run must be stopped and joined."""
    yield
    if "gui" not in str(request.node.path):
        return
    import gc
    import sys

    if "PySide6.QtCore" not in sys.modules:
        return
    import shiboken6
    from PySide6.QtCore import QThread

    running = [
        obj for obj in gc.get_objects()
        if issubclass(type(obj), QThread) and shiboken6.isValid(obj)  # a deleted one has ended
        and obj is not QThread.currentThread() and obj.isRunning()
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
