"""Teachable-Machine style, end to end: three classes made through the menu, ten shapes of each
drawn on the pad with the mouse and added with their keys, trained from the pane, and new
drawings read by the Draw pane; then the same samples trained from the digits network and
both runs in Compare Runs."""

from __future__ import annotations

import numpy as np
import pytest
from own_helpers import NAMES, draw, draw_sample, make_classes, shape

from playground.core.inspect.live_predict import LivePredictor
from playground.gui.main_window import MainWindow
from playground.gui.own_classes.jobs import FROZEN, SCRATCH, TRANSFER_NAME

PER_CLASS = 10
NEW_DRAWINGS = 3  # of each class, never trained on
AT_LEAST = 6  # right out of 9: chance is 3


def train_from_the_pane(qtbot, window: MainWindow) -> object:
    pane = window.features["own-classes"].pane
    with qtbot.waitSignal(window.training.runFinished, timeout=300_000) as finished:
        pane.start.train_button.click()
    qtbot.waitUntil(lambda: not window.training.runner.running, timeout=10_000)
    return finished.args[0]


def read_new_drawings(qtbot, window: MainWindow, rng: np.random.Generator) -> int:
    """Draw new shapes on the pad; how many the Draw pane reads as the right class."""
    draw_pane, session, doc = (window.features["draw"].pane, window.features["draw"].session,
                               window.document)
    qtbot.waitUntil(lambda: session.ready and session.weights_text == "Trained weights",
                    timeout=60_000)
    right = 0
    for _round in range(NEW_DRAWINGS):
        for index, kind in enumerate(NAMES):
            draw(draw_pane.pad, shape(kind, rng))
            expected = LivePredictor(doc.spec, None, doc.weights).predict(
                draw_pane.current_input)
            qtbot.waitUntil(lambda e=expected: draw_pane.prediction is not None and np.allclose(
                draw_pane.prediction.probabilities, e, atol=1e-5), timeout=10_000)
            right += draw_pane.prediction.label == index
    return right


@pytest.mark.slow
def test_shapes_drawn_on_the_pad_are_learned_from_scratch_and_by_transfer(qtbot, window) -> None:
    make_classes(qtbot, window)
    rng = np.random.default_rng(2024)
    for _round in range(PER_CLASS):
        for index, kind in enumerate(NAMES):
            draw_sample(qtbot, window, shape(kind, rng), index)
    doc, feature = window.document, window.features["own-classes"]
    assert doc.own_classes.counts == (PER_CLASS,) * 3 and doc.can_train
    # From scratch, with the settings recommended for ten samples a class.
    assert feature.pane.start.mode == SCRATCH
    result = train_from_the_pane(qtbot, window)
    assert doc.config.augment and doc.config.frozen_layers == 0
    assert "Augmentation is on" in feature.pane.start.reasons.text()
    scratch = read_new_drawings(qtbot, window, np.random.default_rng(7))
    print(f"from scratch: test accuracy {result.test.accuracy:.0%}, "
          f"{scratch}/9 new drawings read right on the pad")
    assert scratch >= AT_LEAST
    # From what the digits network learned, frozen, on the very same samples.
    feature.pane.start.transfer.click()
    qtbot.waitUntil(lambda: doc.spec.name == TRANSFER_NAME, timeout=60_000)
    assert feature.pane.start.mode == FROZEN and doc.config.frozen_layers > 0
    assert doc.weights_spec == doc.spec  # the learned weights are ready
    assert doc.undo_stack.undoText() == "Start from the digits network"
    result = train_from_the_pane(qtbot, window)
    transfer = read_new_drawings(qtbot, window, np.random.default_rng(7))
    print(f"transfer (frozen): test accuracy {result.test.accuracy:.0%}, "
          f"{transfer}/9 new drawings read right on the pad")
    assert transfer >= AT_LEAST
    compare = window.training.compare
    assert compare.run_list.count() == 2
    records = doc.history
    assert records[0]["config"]["frozen_layers"] == 0
    assert records[1]["config"]["frozen_layers"] == doc.config.frozen_layers
    # Where each run started: the transfer runs from the digits network, every time (the second
    # used to be labelled "continued from run 2", although its weights came fresh from there).
    assert records[1]["weights_start"] == {"start": "pretrained", "source": "digits-network"}
    train_from_the_pane(qtbot, window)
    assert doc.history[2]["weights_start"] == records[1]["weights_start"]
    labels = [compare.run_list.item(i).text() for i in range(3)]
    assert "started from the ready-trained digits network" in labels[2]
    assert "continued" not in labels[2]
