"""The same seed gives the same run, whatever is open while it trains.

A network with Dropout draws a random mask at every batch from the global torch generator of the
training thread. The panes that show the network (Draw, Inside, a lesson's view) build models of
their own on the GUI thread while the run goes on; if building one seeded, forked or advanced the
global generator, the masks, and so the losses, would change with what the student happens to
look at. Here one run trains with every such pane closed and another with all of them open and
drawing (the lesson view rebuilding its model from the seed again and again during training),
and their per-batch losses must be equal bit for bit.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from playground.app import create_window
from playground.core.data.datasets import load_dataset
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.training.config import TrainingConfig
from playground.gui.lessons.filters_view import FiltersView
from playground.gui.main_window import MainWindow
from playground.gui.training import controller
from playground.gui.training.worker import RunRequest

L = LayerSpec.create

SPEC = NetworkSpec((1, 28, 28), "mnist", 10, (
    L("Conv2D", filters=4, kernel_size=3),
    L("MaxPool2D"),
    L("Flatten"),
    L("Dense", units=512),  # large enough that building the model takes a while
    L("Dropout", rate=0.5),
    L("Dense", units=10, activation="softmax"),
))
CONFIG = TrainingConfig(seed=11, epochs=2, batch_size=8, learning_rate=0.05,
                        validation_split=0.0)
TRAIN_LIMIT = 1200  # samples: 150 batches per epoch
ROUNDS, STEP = 15, 8  # batches trained while the lesson view rebuilds its model, round by round


@pytest.fixture(autouse=True)
def _quiet_small_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing a trained window discards; runs train on a small slice of the bundled MNIST."""
    monkeypatch.setattr(MainWindow, "ask_unsaved_changes",
                        lambda self: QMessageBox.StandardButton.Discard)
    monkeypatch.setattr(controller, "RunRequest",
                        functools.partial(RunRequest, limit=TRAIN_LIMIT))


@pytest.fixture
def windows(qtbot) -> Iterator[list[MainWindow]]:
    """Windows the test opens; closed, deleted and collected on the GUI thread at the end."""
    opened: list[MainWindow] = []
    yield opened
    for window in opened:
        window.training.runner.shutdown(5000)
        window.close()
    for window in opened:
        window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def open_window(qtbot, windows: list[MainWindow]) -> MainWindow:
    """A shown window on :data:`SPEC` with the Draw and Inside panes closed."""
    window = create_window(restore_layout=False)
    windows.append(window)
    window.document.reset(SPEC, CONFIG)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    for name in ("draw", "inside"):
        window.features[name].dock.close()
    qtbot.waitUntil(lambda: not window.features["draw"].session.active and
                    not window.features["inside"].pane.on_screen())
    return window


def collect_losses(window: MainWindow) -> list[np.ndarray]:
    """Every batch's loss of the window's runs, in order, as the progress events bring them."""
    losses: list[np.ndarray] = []
    window.training.runner.progress.connect(lambda e: losses.append(np.array(e.losses)))
    return losses


@pytest.mark.slow
def test_a_runs_losses_do_not_depend_on_what_is_open(qtbot, windows) -> None:
    # 1. Every pane that shows the network is closed while the run trains.
    window = open_window(qtbot, windows)
    losses = collect_losses(window)
    with qtbot.waitSignal(window.training.runFinished, timeout=300_000):
        window.training.train()
    alone = np.concatenate(losses)
    assert len(alone) == CONFIG.epochs * TRAIN_LIMIT // CONFIG.batch_size

    # 2. The same run with the Draw pane, the Inside pane and a lesson view open and drawing.
    window = open_window(qtbot, windows)
    runner = window.training.runner
    losses = collect_losses(window)
    window.training.train()
    qtbot.waitUntil(lambda: len(losses) > 0, timeout=120_000)
    window.training.pause()  # keep the run going while the panes open and load their data
    qtbot.waitUntil(lambda: runner.paused)

    draw, inside = window.features["draw"], window.features["inside"]
    draw.dock.show()
    draw.dock.raise_()
    inside.dock.show()
    inside.dock.raise_()
    lesson_view = FiltersView(window)  # as a lesson step about filters shows it
    qtbot.addWidget(lesson_view)
    lesson_view.show()
    qtbot.waitExposed(lesson_view)
    inside_pane = inside.pane
    qtbot.waitUntil(lambda: draw.session.predictor is not None, timeout=120_000)
    qtbot.waitUntil(lambda: inside_pane.on_screen() and
                    any(view.redraws > 0 for view in inside_pane.views), timeout=120_000)
    assert lesson_view.draws > 0 and lesson_view.filters_shown == 4
    assert not window.document.weights  # the view shows the seed's initial weights: built anew

    digit = load_dataset("mnist", limit=1).test_x[0, 0].numpy()
    drawn_before = [view.redraws for view in inside_pane.views]
    lesson_draws = lesson_view.draws

    def trained() -> int:
        return sum(len(batch) for batch in losses)

    # A few batches at a time, each time with what a student does meanwhile: another test
    # picture in the lesson view (its model rebuilt from the seed while the batches train) and
    # now and then a digit on the drawing pad (the Draw pane's predictor loads the run's weights).
    for round_ in range(ROUNDS):
        target = trained() + STEP
        runner.step(STEP)
        lesson_view.example.setValue((lesson_view.example.value() + 1) % 20)  # redraws
        if round_ % 5 == 0:
            draw.pane.show_picture(digit)
        qtbot.waitUntil(lambda target=target: trained() >= target, timeout=120_000)
    with qtbot.waitSignal(window.training.runFinished, timeout=300_000):
        window.training.train()  # resumes: the rest of the run, with the Inside pane redrawing
    beside_panes = np.concatenate(losses)

    # Once per round at least (the finished run's weights may redraw it once more).
    assert lesson_view.draws >= lesson_draws + ROUNDS
    qtbot.waitUntil(lambda: [view.redraws for view in inside_pane.views] != drawn_before,
                    timeout=60_000)  # the Inside pane follows the run's weights
    assert len(beside_panes) == len(alone)
    mismatch = np.flatnonzero(alone.view(np.uint64) != beside_panes.view(np.uint64))
    assert mismatch.size == 0, (
        f"the run changed from batch {mismatch[0] + 1} on, while panes built their models"
    )
