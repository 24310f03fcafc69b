"""Autosave in the window: a process killed mid-training is restored at the next start, errors
are reported once and never lose the open project, and a clean exit leaves nothing behind."""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from playground.app import create_window
from playground.core.files.autosave import AutosaveSession, find_leftovers
from playground.core.files.project import Project, load_project, save_project
from playground.core.teaching.templates import TEMPLATES
from playground.gui.autosave import AutosaveManager
from playground.gui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
SPIRAL = TEMPLATES["toy-spiral"]

# The app as a student starts it: ``python -m playground FILE.nnp``. Once the window is up, it
# narrows the first layer (an unsaved edit), trains 3 epochs, then starts a long second run.
# It prints what happens so the test knows when to kill it, and which epoch each checkpoint's
# weights belong to, to tell which epoch the restored weights are from.
DRIVER = textwrap.dedent("""
    import hashlib, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from playground.core.files.project import load_project

    def digest(weights):
        h = hashlib.sha256()
        for key in sorted(weights):
            h.update(key.encode()); h.update(weights[key].numpy().tobytes())
        return h.hexdigest()

    def say(*words):
        # One write a line: with PYTHONUNBUFFERED, print() writes word by word and a kill
        # could cut a line short.
        sys.stdout.write(" ".join(map(str, words)) + "\\n")
        sys.stdout.flush()

    def drive():
        from playground.gui.main_window import MainWindow
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        doc, training = window.document, window.training
        say("OPENED", doc.path.name, len(doc.spec.layers))
        manager = window.features["autosave"]
        def saved(why, path):
            project = load_project(path)
            last = project.history[-1] if project.history else {}
            say("SAVED", why, digest(project.weights or {}), last.get("status"),
                last.get("epochs"))
        manager.saved.connect(saved)
        runs = []
        def finished(_result):
            runs.append(1)
            say("TRAINED", digest(doc.weights))
        def second_run(running):
            if not running and len(runs) == 1:
                training.panel.settings.widgets["epochs"].setValue(100000)
                # One sample a batch: an epoch (~0.1 s) outlasts one autosave write (~10-20 ms),
                # the case where at most one epoch may be lost. Spiral epochs of 10 samples a
                # batch are shorter than a write; then the loss is bounded by one write instead.
                training.panel.settings.widgets["batch_size"].setValue(1)
                training.train()
        def progress(_event):
            if len(runs) == 1 and not getattr(progress, "told", False):
                progress.told = True
                say("RUNNING 2")
        training.runFinished.connect(finished)
        training.runner.runningChanged.connect(second_run)
        training.runner.progress.connect(progress)
        training.runner.epochEnded.connect(lambda e: say("EPOCH", len(runs) + 1, e.epoch))
        training.runner.checkpoint.connect(lambda c: say(
            "CHECKPOINT", len(runs) + 1, c.epoch, c.batch, digest(c.weights)))
        doc.set_param(0, "units", 12)
        training.panel.settings.widgets["epochs"].setValue(3)
        training.train()

    app = QApplication([sys.argv[0]])
    QTimer.singleShot(0, drive)
    sys.argv = ["playground", sys.argv[1]]
    from playground.__main__ import main
    main()
""")


def digest(weights: dict) -> str:
    h = hashlib.sha256()
    for key in sorted(weights):
        h.update(key.encode())
        h.update(weights[key].numpy().tobytes())
    return h.hexdigest()


def click_when_shown(qtbot, button_name: str) -> list[str]:
    """Click a button of the modal dialog as soon as it appears; returns its text."""
    seen: list[str] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        button = dialog.findChild(QPushButton, button_name) if dialog is not None else None
        if button is None:
            QTimer.singleShot(20, poll)
            return
        seen.append(dialog.objectName())
        seen.append(dialog.text())
        button.click()

    QTimer.singleShot(0, poll)
    return seen


@pytest.fixture
def wait_saved(qtbot) -> Callable[[AutosaveManager, Callable[[], object]], tuple]:
    def run(manager: AutosaveManager, action: Callable[[], object]) -> tuple:
        with qtbot.waitSignal(manager.saved, timeout=30_000) as blocker:
            action()
        return tuple(blocker.args)

    return run


def spiral_window(qtbot, window: MainWindow) -> AutosaveManager:
    window.document.load_template(SPIRAL)
    return window.features["autosave"]


# -- killed mid-training --------------------------------------------------------------------------
def test_a_process_killed_mid_training_is_restored_at_the_next_start(
    qtbot, window: MainWindow, tmp_path: Path, _private_data_root: Path,
) -> None:
    original = tmp_path / "spiral.nnp"
    save_project(Project(spec=SPIRAL.spec, training=SPIRAL.config,
                         dataset_options=dict(SPIRAL.dataset_options)), original)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
           "NN_PLAYGROUND_DATA": str(_private_data_root)}
    # Qt's warnings go to their own file, so that none lands inside a line the test reads.
    errors = tmp_path / "stderr.txt"
    with errors.open("w") as stderr:
        child = subprocess.Popen([sys.executable, "-c", DRIVER, str(original)], cwd=ROOT,
                                 env=env, stdout=subprocess.PIPE, stderr=stderr, text=True)
    lines: list[str] = []
    arrived = threading.Condition()

    def read() -> None:
        for line in child.stdout:  # type: ignore[union-attr]
            if not line.endswith("\n"):
                break  # the kill cut this line short: what it says is incomplete
            with arrived:
                lines.append(line.strip())
                arrived.notify_all()
        with arrived:
            lines.append("<end of output>")
            arrived.notify_all()

    def ready() -> bool:
        """The second run is a few epochs in and autosaving (saves under way), or it ended."""
        return lines[-1:] == ["<end of output>"] or (
            any(x.startswith("SAVED run") for x in lines)
            and sum(x.startswith("EPOCH 2 ") for x in lines) >= 5)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        with arrived:
            arrived.wait_for(ready, timeout=120)
            assert child.poll() is None and "<end of output>" not in lines, (
                "the app ended early:\n" + "\n".join(lines) + errors.read_text())
            assert ready(), "\n".join(lines) + errors.read_text()
        os.kill(child.pid, signal.SIGKILL)
        child.wait(30)
        reader.join(30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    assert "OPENED spiral.nnp 3" in lines  # python -m playground FILE.nnp opened the file
    trained = next(x.split()[1] for x in lines if x.startswith("TRAINED"))
    after_run = [x.split()[2] for x in lines if x.startswith("SAVED run")]

    seen = click_when_shown(qtbot, "restoreButton")
    assert window.features["autosave"].offer_restore()
    assert seen[0] == "restoreDialog" and "Restore the work from" in seen[1]
    doc = window.document
    assert doc.spec.layers[0].params["units"] == 12  # the unsaved edit came back
    assert doc.spec.layers[1:] == SPIRAL.spec.layers[1:]
    assert doc.weights is not None and doc.weights_spec == doc.spec
    assert after_run == [trained]  # the first run's end was autosaved with its weights
    # The finished run, then the interrupted one with its curves up to the last autosave.
    assert len(doc.history) == 2 and doc.history[0]["epochs"] == 3
    assert doc.history[0]["status"] == "completed"
    run = doc.history[1]
    assert run["status"] == "interrupted"
    restored_epoch = run["epochs"]
    assert run["history"]["epoch"] == list(range(1, restored_epoch + 1))
    assert len(run["history"]["train_loss"]) == restored_epoch
    per_epoch = run["checkpoint"]["batches_per_epoch"]
    assert len(run["batch_losses"]) == restored_epoch * per_epoch + run["checkpoint"]["batch"]
    # The restored weights are those of the epoch the record says, not the one before.
    checkpoints = {x.split()[4]: (int(x.split()[2]), int(x.split()[3])) for x in lines
                   if x.startswith("CHECKPOINT 2 ")}
    assert checkpoints[digest(doc.weights)] == (restored_epoch, run["checkpoint"]["batch"])
    last_epoch = max(int(x.split()[2]) for x in lines if x.startswith("EPOCH 2 "))
    lost = last_epoch - restored_epoch
    saves = sum(x.startswith("SAVED epoch") for x in lines)
    print(f"epochs lost to kill -9: {lost} (reached {last_epoch}, restored {restored_epoch}; "
          f"{saves} epoch autosaves seen)")
    assert 0 <= lost <= 1
    assert window.training.compare.run_list.item(1).text().startswith("2 · interrupted")
    assert "interrupted after epoch" in window.training.results.summary_label.text()
    assert doc.dirty and doc.path == original
    assert window.isWindowModified()
    assert "Restored the work" in window.statusBar().currentMessage()
    # The restored work is this window's autosave now; nothing is offered twice.
    assert window.features["autosave"].session.has_autosave()
    assert find_leftovers() == []


# -- when and what it writes ----------------------------------------------------------------------
def test_an_edit_is_autosaved_by_the_timer_and_a_clean_exit_removes_it(
    qtbot, window: MainWindow, wait_saved,
) -> None:
    manager = spiral_window(qtbot, window)
    manager.timer.setInterval(30)
    assert not manager.save_if_changed()  # an untouched template needs no autosave
    why, path = wait_saved(manager, lambda: window.document.set_param(1, "units", 5))
    assert why == "timer"
    saved = load_project(path)
    assert saved.spec == window.document.spec and saved.weights is None
    assert max(manager.gui_seconds) < 0.5  # sanity only; the figure is measured separately
    folder = path.parent
    window.close()
    qtbot.waitUntil(lambda: not folder.exists(), timeout=5000)


def test_saving_the_project_removes_the_autosave(
    qtbot, window: MainWindow, answers, wait_saved, tmp_path: Path,
) -> None:
    manager = spiral_window(qtbot, window)
    window.document.set_param(0, "units", 6)
    _why, path = wait_saved(manager, manager.save_if_changed)
    answers.save_path = str(tmp_path / "mine.nnp")
    window.actions_by_name["saveAction"].trigger()
    qtbot.waitUntil(lambda: not path.exists(), timeout=5000)
    assert not manager.save_if_changed()  # the file holds everything now


def test_a_finished_run_is_autosaved_with_its_weights(qtbot, window: MainWindow) -> None:
    manager = spiral_window(qtbot, window)
    window.training.panel.settings.widgets["epochs"].setValue(2)
    reasons: list[str] = []
    manager.saved.connect(lambda why, _path: reasons.append(why))
    with qtbot.waitSignal(manager.saved, timeout=60_000,
                          check_params_cb=lambda why, _p: why == "run") as blocker:
        window.training.train()
    saved = load_project(blocker.args[1])
    assert saved.weights is not None and window.document.weights is not None
    assert digest(saved.weights) == digest(window.document.weights)
    assert len(saved.history) == 1 and saved.history[0]["status"] == "completed"
    # Each epoch end writes the run so far; the run's end writes its record and weights.
    assert reasons[0] == "epoch" and reasons[-1] == "run"


def test_an_epoch_end_autosave_holds_that_epochs_weights(qtbot, window: MainWindow) -> None:
    """The engine announces an epoch's end before it copies the epoch's weights: a save made
    at the announcement wrote the previous epoch's weights (none at all after epoch 1)."""
    manager = spiral_window(qtbot, window)
    window.training.panel.settings.widgets["epochs"].setValue(3)
    at_epoch: dict[int, str] = {}  # epoch -> digest of its end-of-epoch snapshot

    def snapshot(snap) -> None:
        if snap.epoch_end and snap.state is not None:
            at_epoch[snap.epoch] = digest(dict(snap.state))

    window.training.runner.snapshotTaken.connect(snapshot)
    saved: list[tuple[str, Project]] = []
    manager.saved.connect(lambda why, path: saved.append((why, load_project(path))))
    with qtbot.waitSignal(manager.saved, timeout=60_000,
                          check_params_cb=lambda why, _p: why == "run"):
        window.training.train()
    # The file is read when its save is announced; by then the run's final save may already
    # have replaced an epoch's (the newest state is written first), so those are skipped.
    epoch_saves = [project for why, project in saved
                   if why == "epoch" and project.history[-1]["status"] != "completed"]
    assert epoch_saves, [(why, p.history[-1]["status"]) for why, p in saved]
    first = epoch_saves[0]
    assert first.weights is not None, "the first epoch-end autosave held no weights"
    # Usually epoch 1's; a later one when epoch 1 ended while an earlier write was under way
    # (latest wins), on a loaded machine.
    assert digest(first.weights) == at_epoch[first.history[-1]["epochs"]]
    for project in epoch_saves:  # each one: the run so far, with that epoch's weights
        run = project.history[-1]
        assert run["status"] == "interrupted"
        assert digest(project.weights) == at_epoch[run["epochs"]]
        assert run["history"]["epoch"] == list(range(1, run["epochs"] + 1))
        assert len(run["batch_losses"]) == run["epochs"] * run["checkpoint"]["batches_per_epoch"]


def fake_checkpoint(epoch: int, batch: int = 0, per_epoch: int = 4, seed: int = 5):
    from playground.core.network.build import build_model
    from playground.core.training.checkpoint import RunCheckpoint

    weights = {k: v.clone() for k, v in build_model(SPIRAL.spec, seed=seed).state_dict().items()}
    history = {"epoch": list(range(1, epoch + 1)),
               "train_loss": [1.0 / e for e in range(1, epoch + 1)],
               "train_accuracy": [0.5] * epoch, "val_loss": [None] * epoch,
               "val_accuracy": [None] * epoch, "seconds": [0.1] * epoch,
               "learning_rate": [0.01] * epoch}
    return RunCheckpoint(epoch=epoch, batch=batch, batches_per_epoch=per_epoch, weights=weights,
                         history=history, batch_losses=[0.9] * (epoch * per_epoch + batch),
                         config=SPIRAL.config)


def test_a_checkpoint_is_autosaved_with_the_run_so_far(qtbot, window: MainWindow,
                                                        wait_saved) -> None:
    manager = spiral_window(qtbot, window)
    manager._run_started(None)  # what the runner's started signal does
    checkpoint = fake_checkpoint(epoch=2, batch=3)
    why, path = wait_saved(manager, lambda: manager.set_checkpoint(checkpoint))
    assert why == "training"  # within an epoch; "epoch" at an epoch end
    saved = load_project(path)
    assert digest(saved.weights) == digest(checkpoint.weights)
    run = saved.history[-1]
    assert run["status"] == "interrupted" and run["epochs"] == 2
    assert run["checkpoint"] == {"epoch": 2, "batch": 3, "batches_per_epoch": 4}
    assert run["history"]["train_loss"] == [1.0, 0.5] and len(run["batch_losses"]) == 11
    assert window.document.history == []  # the document only gets the finished run's record


def test_checkpoints_during_a_write_keep_only_the_newest(qtbot, window: MainWindow,
                                                          monkeypatch) -> None:
    """Latest wins: epochs shorter than a write never queue up; the one after is the newest."""
    manager = spiral_window(qtbot, window)
    manager._run_started(None)
    release = threading.Event()
    written: list[int] = []
    real_save = manager.session.save

    def slow_save(project: Project, original: Path | None = None) -> Path:
        release.wait(30)
        written.append(project.history[-1]["epochs"])
        return real_save(project, original)

    monkeypatch.setattr(manager.session, "save", slow_save)
    saves: list[str] = []
    manager.saved.connect(lambda why, _p: saves.append(why))
    for epoch in range(1, 6):
        manager.set_checkpoint(fake_checkpoint(epoch))
    assert manager.writing
    release.set()
    qtbot.waitUntil(lambda: len(saves) == 2 and not manager.writing, timeout=30_000)
    assert written == [1, 5]
    assert max(manager.gui_seconds) < 0.5  # sanity only; the figure is measured separately


# -- errors ---------------------------------------------------------------------------------------
@pytest.fixture
def broken_disk(monkeypatch) -> Iterator[Callable[[int], None]]:
    def disk_full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    yield disk_full


def test_a_full_disk_is_reported_once_and_the_project_stays_open(
    qtbot, window: MainWindow, broken_disk, monkeypatch, wait_saved,
) -> None:
    manager = spiral_window(qtbot, window)
    failures: list[str] = []
    manager.failed.connect(failures.append)
    doc = window.document
    for units in (7, 8):
        doc.set_param(0, "units", units)
        manager.save_if_changed()
        qtbot.waitUntil(lambda: not manager.writing, timeout=30_000)
    assert len(failures) == 1 and "disk is full" in failures[0]
    warning = window.findChild(QLabel, "autosaveWarning")
    assert warning.isVisible() and "disk is full" in warning.toolTip()
    assert doc.spec.layers[0].params["units"] == 8 and doc.dirty
    doc.set_param(0, "units", 9)  # the window keeps working
    assert doc.spec.layers[0].params["units"] == 9
    monkeypatch.undo()
    _why, path = wait_saved(manager, manager.save_if_changed)
    assert load_project(path).spec.layers[0].params["units"] == 9
    assert not warning.isVisible()


def test_a_read_only_autosave_folder_is_reported_and_the_window_keeps_working(
    qtbot, window: MainWindow, monkeypatch, tmp_path: Path,
) -> None:
    manager = spiral_window(qtbot, window)
    manager.session = AutosaveSession(tmp_path / "locked" / "autosave")

    def read_only(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "mkdir", read_only)
    with qtbot.waitSignal(manager.failed, timeout=30_000) as blocker:
        window.document.set_param(0, "units", 4)
        manager.save_if_changed()
    assert "read-only" in blocker.args[0]
    assert window.document.spec.layers[0].params["units"] == 4
    window.document.undo_stack.undo()
    assert window.document.spec == SPIRAL.spec


# -- the question at start-up ---------------------------------------------------------------------
def leave_a_leftover(units: int) -> None:
    """An autosave whose process has ended: the OS dropped its lock, the files stayed."""
    session = AutosaveSession()
    spec = SPIRAL.spec.replace_layer(0, SPIRAL.spec.layers[0].with_params(units=units))
    session.save(Project(spec=spec, training=SPIRAL.config))
    os.close(session._fd)  # type: ignore[arg-type]


@pytest.mark.parametrize(("button", "offered_again"),
                         [("discardButton", False), ("laterButton", True)])
def test_discard_deletes_the_leftover_and_later_keeps_it(
    qtbot, window: MainWindow, button: str, offered_again: bool,
) -> None:
    leave_a_leftover(units=11)
    before = window.document.spec
    click_when_shown(qtbot, button)
    assert not window.features["autosave"].offer_restore()
    assert window.document.spec == before
    found = find_leftovers()
    assert bool(found) is offered_again
    for item in found:
        item.release()


def test_nothing_is_asked_when_there_is_nothing_to_restore(window: MainWindow) -> None:
    assert not window.features["autosave"].offer_restore(ask=lambda *_a: pytest.fail("asked"))


def test_one_autosave_per_window(window: MainWindow) -> None:
    assert isinstance(window.features["autosave"], AutosaveManager)
    assert window.findChildren(AutosaveManager) == [window.features["autosave"]]


def test_a_window_deleted_right_after_a_save_raises_nothing_later(qtbot) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    doomed = create_window(restore_layout=False)
    doomed.document.append_layer("Flatten")
    doomed.document.undo_stack.setClean()  # "saved": the autosave checks again a moment later
    doomed.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    # The pending check (a zero-time timer) must be dropped with its window, not raise: a
    # later zero-time timer firing means the earlier one's turn has passed.
    after: list[bool] = []
    QTimer.singleShot(0, lambda: after.append(True))
    qtbot.waitUntil(lambda: after == [True], timeout=5000)


# A write that ends after its window is gone and the interpreter is exiting: Qt deletes its
# objects at exit, and the thread that reported back by emitting a signal then raised
# "RuntimeError: Signal source has been deleted". The hold is released by an exit handler
# registered before Qt is imported, so it runs after Qt's own clean-up (and after the pool's
# exit handler has given up waiting for the write).
LATE_AUTOSAVE = textwrap.dedent("""
    import atexit, threading
    held, release, written = threading.Event(), threading.Event(), threading.Event()

    def release_the_write():
        release.set()
        assert written.wait(10)
        for thread in threading.enumerate():
            if thread is not threading.main_thread():
                thread.join(2)  # the writer reports back, then goes idle

    atexit.register(release_the_write)

    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication
    from playground.app import create_window
    from playground.gui import background

    # At exit the pool waits this long for the held write, then lets the exit go on.
    background.QUIT_WAIT_SECONDS = 0.2

    app = QApplication([])
    window = create_window(restore_layout=False)
    manager = window.features["autosave"]
    real_save = manager.session.save

    def held_save(project, original=None):
        held.set()
        assert release.wait(10)
        try:
            return real_save(project, original)
        finally:
            written.set()

    manager.session.save = held_save
    window.document.append_layer("Flatten")
    assert manager.save_if_changed()
    assert held.wait(60)  # the write has begun (torch imported) and waits
    window.deleteLater()  # the window is gone before the write ends
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    print("EXITING", flush=True)
""")


def test_a_write_ending_after_its_window_and_qt_are_gone_raises_nothing(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
           "NN_PLAYGROUND_DATA": str(tmp_path / "data"), }
    done = subprocess.run([sys.executable, "-c", LATE_AUTOSAVE], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert "EXITING" in done.stdout, done.stderr
    assert "Signal source has been deleted" not in done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
