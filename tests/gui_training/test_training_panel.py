"""Training through the panel: real widgets, real (small) runs on the bundled digits."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
import torch
from PySide6.QtCore import QCoreApplication, Qt

from playground.gui.training.controller import TrainingController, finish_device_detection


def set_epochs(ctl: TrainingController, epochs: int) -> None:
    ctl.panel.settings.widgets["epochs"].setValue(epochs)


def test_one_epoch_through_the_panel_fills_curves_and_results(qtbot, controller) -> None:
    set_epochs(controller, 1)
    assert controller.document.config.epochs == 1
    with qtbot.waitSignal(controller.runFinished, timeout=60_000) as finished:
        qtbot.mouseClick(controller.panel.train_button, Qt.MouseButton.LeftButton)
    result = finished.args[0]
    assert result.status == "completed"
    controller.curves.redraw()
    assert controller.curves.batch_loss.steps == len(result.batch_losses) > 100
    x, y = controller.curves.smooth_item.getData()
    assert len(x) == len(controller.curves.batch_loss) and y[-1] < y[0]
    assert controller.curves.epochs.epochs == [1]
    assert "test accuracy" in controller.panel.message.text()
    assert controller.panel.epoch_bar.value() == 1
    assert controller.document.weights is not None
    assert len(controller.document.history) == 1
    # The results pane gets the test set's pictures and predictions from the worker.
    qtbot.waitUntil(lambda: controller.results.data is not None, timeout=10_000)
    shown = controller.results.data
    assert shown.test_accuracy == pytest.approx(result.test.accuracy)
    assert (shown.confusion == result.test.confusion).all()
    assert shown.images is not None and len(shown.images) == result.test.samples
    assert controller.compare.table_rows()
    qtbot.waitUntil(lambda: controller.panel.train_button.isEnabled(), timeout=5000)


def wait_until_blocked(qtbot, runner, steps: list[int]) -> int:
    """The step count once the run is blocked between batches (the batch under way when
    pausing ends first); what it sent before blocking has been delivered."""
    qtbot.waitUntil(lambda: runner.waiting, timeout=30_000)
    QCoreApplication.processEvents()
    return steps[-1]


def test_pause_resume_step_and_stop(qtbot, controller) -> None:
    set_epochs(controller, 100)
    panel, runner = controller.panel, controller.runner
    steps: list[int] = []
    runner.progress.connect(lambda e: steps.append(e.step))
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(steps) > 2, timeout=30_000)
    qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
    assert runner.paused and panel.train_button.text() == "Resume"
    paused_at = wait_until_blocked(qtbot, runner, steps)  # nothing trains while blocked
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: steps[-1] == paused_at + 1, timeout=5000)
    assert wait_until_blocked(qtbot, runner, steps) == paused_at + 1  # one batch, no more
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)  # resume
    qtbot.waitUntil(lambda: steps[-1] > paused_at + 20, timeout=10_000)
    with qtbot.waitSignal(controller.runFinished, timeout=5000) as finished:
        qtbot.mouseClick(panel.stop_button, Qt.MouseButton.LeftButton)
    assert finished.args[0].status == "stopped"


def step_once_and_stop(qtbot, controller) -> dict[str, torch.Tensor]:
    steps: list[int] = []

    def record(event) -> None:
        steps.append(event.step)

    controller.runner.progress.connect(record)
    qtbot.mouseClick(controller.panel.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(steps) and steps[-1] == 1, timeout=30_000)
    with qtbot.waitSignal(controller.runFinished, timeout=5000) as finished:
        controller.stop()
    qtbot.waitUntil(lambda: not controller.runner.running, timeout=5000)
    controller.runner.progress.disconnect(record)
    assert steps[-1] == 1
    return finished.args[0].state_dict


def test_reset_gives_the_same_initial_weights_again(qtbot, controller) -> None:
    first = step_once_and_stop(qtbot, controller)
    qtbot.mouseClick(controller.panel.reset_button, Qt.MouseButton.LeftButton)
    assert controller.document.weights is None
    again = step_once_and_stop(qtbot, controller)
    assert first.keys() == again.keys()
    assert all(torch.equal(first[k], again[k]) for k in first)


def test_learning_rate_changes_mid_run(qtbot, controller) -> None:
    set_epochs(controller, 100)
    lrs: list[float] = []
    controller.runner.progress.connect(lambda e: lrs.append(e.learning_rate))
    qtbot.mouseClick(controller.panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(lrs) > 1, timeout=30_000)
    edit = controller.panel.settings.widgets["learning_rate"]
    assert edit.isEnabled()  # the one setting that stays editable while training
    edit.setText("0,0005")  # a decimal comma is fine
    edit.editingFinished.emit()
    qtbot.waitUntil(lambda: lrs[-1] == pytest.approx(0.0005), timeout=5000)
    assert controller.document.config.learning_rate == pytest.approx(0.0005)
    controller.stop()
    qtbot.waitUntil(lambda: not controller.runner.running, timeout=5000)


def test_a_huge_learning_rate_is_stopped_and_explained(qtbot, controller) -> None:
    doc = controller.document
    controller.panel.settings.set_config(replace(doc.config, optimizer="sgd", learning_rate=1e3))
    doc.config = controller.panel.settings.config
    failures = []
    controller.runner.failed.connect(failures.append)
    qtbot.mouseClick(controller.panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(failures), timeout=30_000)
    assert failures[0].reason == "diverged"
    message = controller.panel.message.text()
    assert "Lower the learning rate" in message
    assert controller.curves._markers, "the failure is marked on the loss plot"
    qtbot.waitUntil(lambda: not controller.runner.running, timeout=5000)


def test_an_invalid_network_cannot_train_and_says_why(qtbot, controller) -> None:
    doc = controller.document
    doc.remove_layer(0)  # drop the Flatten: Dense now receives an image
    assert not doc.can_train
    assert not controller.panel.train_button.isEnabled()
    controller.train()
    assert "Can't train" in controller.panel.message.text()
    assert "flat list" in controller.panel.message.text()
    assert not controller.runner.running


def test_editing_the_network_during_a_run_asks_and_stops(qtbot, controller) -> None:
    set_epochs(controller, 100)
    asked: list[bool] = []

    def answer_yes() -> bool:
        asked.append(True)
        return True

    controller.ask_stop_for_edit = answer_yes
    steps: list[int] = []
    controller.runner.progress.connect(lambda e: steps.append(e.step))
    qtbot.mouseClick(controller.panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(steps) > 1, timeout=30_000)
    controller.document.set_param(1, "units", 32)
    assert asked == [True]
    qtbot.waitUntil(lambda: not controller.runner.running, timeout=5000)
    assert controller.document.spec.layers[1]["units"] == 32


def test_refusing_to_stop_keeps_the_run_and_the_network(qtbot, controller) -> None:
    set_epochs(controller, 100)
    controller.ask_stop_for_edit = lambda: False
    steps: list[int] = []
    controller.runner.progress.connect(lambda e: steps.append(e.step))
    qtbot.mouseClick(controller.panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(steps) > 1, timeout=30_000)
    before = controller.document.spec
    controller.document.set_param(1, "units", 32)
    assert controller.document.spec == before
    assert controller.runner.running
    controller.stop()
    qtbot.waitUntil(lambda: not controller.runner.running, timeout=5000)


def test_the_app_can_wait_for_device_detection_before_it_exits(qtbot, controller) -> None:
    # An interpreter shutting down while this thread imported torch printed
    # "RuntimeError: can't register atexit after shutdown"; the app now waits for it.
    with qtbot.waitSignal(controller.devicesFound, timeout=60_000) as found:
        controller.detect_devices()
        finish_device_detection()
        assert not [t for t in threading.enumerate()
                    if t.name == "device-detection" and t.is_alive()]
    assert "cpu" in found.args[0]


def test_a_run_that_learns_nothing_is_explained_in_the_panel(qtbot, controller) -> None:
    doc = controller.document
    doc.config = replace(doc.config, learning_rate=0.3, epochs=2)  # Adam at 0.3: one answer
    with qtbot.waitSignal(controller.runFinished, timeout=120_000) as finished:
        controller.train()
    assert finished.args[0].status == "completed"
    message = controller.panel.message
    assert "it is not learning" in message.text()
    assert "Lower the learning rate" in message.text()
    assert "b00020" in message.styleSheet()  # shown as a problem, not as news
