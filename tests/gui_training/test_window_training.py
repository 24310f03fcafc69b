"""Training inside the real main window: toolbar actions, keyboard, closing mid-run."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QMessageBox

from playground.app import create_window
from playground.core.teaching.templates import TEMPLATES
from playground.gui.main_window import MainWindow


def make_window(qtbot, template: str) -> MainWindow:
    window = create_window(restore_layout=False)
    qtbot.addWidget(window)
    window.document.load_template(TEMPLATES[template])
    window.document.undo_stack.setClean()
    window.show()
    qtbot.waitExposed(window)
    return window


def test_space_starts_and_pauses_and_the_toolbar_follows(qtbot) -> None:
    window = make_window(qtbot, "mlp-mnist")
    training = window.training
    window.training.panel.settings.widgets["epochs"].setValue(50)
    steps: list[int] = []
    training.runner.progress.connect(lambda e: steps.append(e.step))
    window.actions_by_name["trainAction"].trigger()  # what Space does
    qtbot.waitUntil(lambda: len(steps) > 1, timeout=30_000)
    assert window.actions_by_name["trainAction"].text() == "Pause"
    assert window.training_dock.isVisible()
    window.actions_by_name["trainAction"].trigger()
    assert training.runner.paused
    assert window.actions_by_name["trainAction"].text() == "Resume"
    assert window.statusBar().currentMessage() == "Paused"
    window.actions_by_name["trainAction"].trigger()
    assert not training.runner.paused
    assert window.statusBar().currentMessage() == "Training resumed"
    window.actions_by_name["stopAction"].trigger()
    qtbot.waitUntil(lambda: not training.runner.running, timeout=5000)
    assert window.actions_by_name["trainAction"].text() == "Train"


def test_keyboard_shortcuts_are_bound(qtbot) -> None:
    window = create_window(restore_layout=False)
    qtbot.addWidget(window)
    keys = {name: window.actions_by_name[name].shortcut().toString()
            for name in ("trainAction", "stepAction", "resetWeightsAction")}
    assert keys == {"trainAction": "Space", "stepAction": "Right", "resetWeightsAction": "R"}


# Any Qt warning fails this test, except the offscreen platform's note that it cannot pass size
# hints to a window manager (it has none).
@pytest.mark.qt_log_level_fail("WARNING")
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_closing_mid_training_ends_the_thread(qtbot, capfd) -> None:
    window = make_window(qtbot, "cnn-mnist")
    training = window.training
    window.training.panel.settings.widgets["epochs"].setValue(100)
    window.document.undo_stack.setClean()
    steps: list[int] = []
    training.runner.progress.connect(lambda e: steps.append(e.step))
    qtbot.mouseClick(training.panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(steps) > 0, timeout=60_000)
    thread = training.runner._thread
    assert thread is not None and thread.isRunning()
    assert window.close()  # stops the run and waits for its thread (see TrainingRunner.shutdown)
    assert not training.runner.running
    assert not thread.isRunning()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # deletions happen now
    QCoreApplication.processEvents()
    err = capfd.readouterr().err
    assert "QThread: Destroyed while thread is still running" not in err
    assert "QObject::" not in err and "Warning" not in err, err


def test_closing_during_a_run_says_so_and_the_safe_answer_is_the_default(qtbot) -> None:
    window = make_window(qtbot, "mlp-mnist")
    training = window.training
    window.training.panel.settings.widgets["epochs"].setValue(100)
    window.document.undo_stack.setClean()
    text, buttons, default = window.unsaved_changes_question()
    assert "in progress" not in text and default == QMessageBox.StandardButton.Save
    steps: list[int] = []
    training.runner.progress.connect(lambda e: steps.append(e.step))
    training.train()
    qtbot.waitUntil(lambda: len(steps) > 0, timeout=60_000)
    text, buttons, default = window.unsaved_changes_question()
    assert "A training run is in progress" in text and "weights from before the run" in text
    assert default == QMessageBox.StandardButton.Cancel  # Enter loses nothing
    assert not buttons & QMessageBox.StandardButton.Save  # nothing unsaved: nothing to save
    asked: list[str] = []
    window.ask_unsaved_changes = lambda: asked.append("asked") or QMessageBox.StandardButton.Cancel
    assert not window.close()  # an unmodified project is asked about too, during a run
    assert asked == ["asked"] and training.runner.running
    window.document.mark_modified()
    _text, buttons, default = window.unsaved_changes_question()
    assert buttons & QMessageBox.StandardButton.Save
    assert default == QMessageBox.StandardButton.Cancel
    window.ask_unsaved_changes = lambda: QMessageBox.StandardButton.Discard
    assert window.close()
    assert not training.runner.running


def test_opening_another_project_leaves_nothing_of_the_last_run(qtbot) -> None:
    window = make_window(qtbot, "mlp-mnist")
    training = window.training
    document = window.document
    document.config = document.config.with_changes(optimizer="sgd", learning_rate=1e3, epochs=3)
    failures: list[object] = []
    training.runner.failed.connect(failures.append)
    training.train()
    qtbot.waitUntil(lambda: bool(failures) and not training.runner.running, timeout=60_000)
    panel, plot = training.panel, training.curves.loss_plot.getPlotItem()
    training.curves.redraw()  # as its timer does
    assert "Lower the learning rate" in panel.message.text()
    assert plot.viewRange()[1][1] > 10  # the exploded loss stretched the axis
    assert training.curves._markers
    document.load_template(TEMPLATES["cnn-mnist"])  # as File ▸ Open, New and recovery do
    training.curves.redraw()
    assert panel.message.text() == "" and panel.timing.text() == ""
    assert panel.batch_bar.value() == 0 and panel.epoch_bar.value() == 0
    assert plot.viewRange()[1][1] <= 1.1 and not training.curves._markers
    assert training.curves.batch_loss.steps == 0


def test_the_end_of_a_run_shows_results_only_to_a_user_on_learning_curves(qtbot) -> None:
    window = make_window(qtbot, "mlp-mnist")
    window.document.config = window.document.config.with_changes(epochs=1)
    window.curves_dock.raise_()
    with qtbot.waitSignal(window.training.runFinished, timeout=60_000):
        window.training.train()
    qtbot.waitUntil(lambda: not window.results_dock.visibleRegion().isEmpty(), timeout=5000)
    inside = window.features["inside"].dock
    inside.raise_()  # watching Inside the Network
    qtbot.waitUntil(lambda: not inside.visibleRegion().isEmpty(), timeout=5000)
    qtbot.waitUntil(lambda: not window.training.runner.running, timeout=5000)
    with qtbot.waitSignal(window.training.runFinished, timeout=60_000):
        window.training.train()
    assert not inside.visibleRegion().isEmpty()
    assert window.results_dock.visibleRegion().isEmpty()
